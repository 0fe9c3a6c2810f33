//! [`Cipher`]: optional end-to-end encryption of everything a device writes
//! on a target, with `age`, so that the storage provider reads nothing.
//!
//! One random x25519 key per target (the *target key*) encrypts every file
//! (microseconds: no passphrase work per file). The target key is stored in
//! the marker, itself encrypted under the readers' passphrase with age's
//! scrypt recipient. Unwrapping it is the first thing a sync does, before
//! any write: a wrong passphrase is refused with nothing written.
//!
//! Bounds: we write with work factor 2^[`WORK_FACTOR`] (about a third of a
//! second on a laptop, 128 MiB), and refuse a marker asking for more than
//! 2^[`MAX_WORK_FACTOR`] (a malicious marker cannot make us spend minutes).

use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;

use crate::error::{Damage, SyncError};

/// The scrypt work factor (log2 N) the passphrase is stretched with.
pub const WORK_FACTOR: u8 = 17;
/// The largest work factor a marker may ask for.
pub const MAX_WORK_FACTOR: u8 = 20;
/// How every age file begins: how an encrypted target is recognised.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// A target's key, unwrapped.
pub struct Cipher {
    identity: x25519::Identity,
    recipient: x25519::Recipient,
}

impl Cipher {
    /// A new target key, and its wrapping under `passphrase` (ASCII armor,
    /// for the marker).
    pub fn create(passphrase: &str) -> Result<(Cipher, String), SyncError> {
        let identity = x25519::Identity::generate();
        let mut r = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
        r.set_work_factor(WORK_FACTOR);
        let secret = identity.to_string();
        let wrapped = age::encrypt_and_armor(&r, secret.expose_secret().as_bytes())
            .map_err(|e| SyncError::Io { path: "pizhu-sync.json".into(), message: e.to_string() })?;
        let recipient = identity.to_public();
        Ok((Cipher { identity, recipient }, wrapped))
    }

    /// The target key from the marker's `wrapped` text and `passphrase`.
    pub fn unwrap(passphrase: &str, wrapped: &str, file: &str) -> Result<Cipher, SyncError> {
        let mut id = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
        id.set_max_work_factor(MAX_WORK_FACTOR);
        let secret = match age::decrypt(&id, wrapped.as_bytes()) {
            Ok(s) => s,
            Err(age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys) => {
                return Err(SyncError::WrongPassphrase)
            }
            Err(age::DecryptError::ExcessiveWork { .. }) => {
                return Err(SyncError::damaged(file, Damage::BadRecord("asks for too much key-stretching work".into())))
            }
            Err(_) => return Err(SyncError::damaged(file, Damage::Garbled)),
        };
        let text = String::from_utf8(secret).map_err(|_| SyncError::damaged(file, Damage::Garbled))?;
        let identity =
            x25519::Identity::from_str(text.trim()).map_err(|_| SyncError::damaged(file, Damage::Garbled))?;
        let recipient = identity.to_public();
        Ok(Cipher { identity, recipient })
    }

    /// `bytes` encrypted to the target key.
    pub fn seal(&self, bytes: &[u8]) -> Result<Vec<u8>, SyncError> {
        age::encrypt(&self.recipient, bytes).map_err(|e| SyncError::Io { path: String::new(), message: e.to_string() })
    }

    /// The plaintext of `bytes` read from `file`; tampered, truncated or
    /// foreign files are refused.
    pub fn open(&self, file: &str, bytes: &[u8]) -> Result<Vec<u8>, SyncError> {
        if !bytes.starts_with(AGE_MAGIC) {
            return Err(SyncError::damaged(file, Damage::NotEncrypted));
        }
        age::decrypt(&self.identity, bytes).map_err(|_| SyncError::damaged(file, Damage::Undecryptable))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_passphrase_is_refused_and_a_tampered_file_is_not_opened() {
        let (c, wrapped) = Cipher::create("学习小组 2026").expect("create");
        assert!(wrapped.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        assert!(matches!(Cipher::unwrap("学习小组 2025", &wrapped, "m"), Err(SyncError::WrongPassphrase)));
        let again = Cipher::unwrap("学习小组 2026", &wrapped, "m").expect("right passphrase");
        let sealed = c.seal("政法铁军".as_bytes()).expect("seal");
        assert!(!sealed.windows("政法".len()).any(|w| w == "政法".as_bytes()));
        assert_eq!(again.open("f", &sealed).expect("open"), "政法铁军".as_bytes());
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(again.open("f", &bad), Err(SyncError::Damaged { damage: Damage::Undecryptable, .. })));
        assert!(matches!(
            again.open("f", &sealed[..sealed.len() - 5]),
            Err(SyncError::Damaged { damage: Damage::Undecryptable, .. })
        ));
        assert!(matches!(
            again.open("f", b"pizhu-sync 1\n"),
            Err(SyncError::Damaged { damage: Damage::NotEncrypted, .. })
        ));
    }
}
