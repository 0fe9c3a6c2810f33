//! [`Credentials`]: who we are to a target, kept in the OS keychain (one
//! entry per target, through the `keyring` crate). They never enter the database,
//! the target's URL or a log line. `PIZHU_KEYCHAIN=off` keeps a process
//! off the keychain (tests). The CLI and tests may also give them in the
//! environment (`PIZHU_SYNC_USER` / `PIZHU_SYNC_PASSWORD`; for S3 the usual
//! `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`; the passphrase of an
//! encrypted target in `PIZHU_SYNC_PASSPHRASE`).

use crate::remote::{Location, TargetUrl};

/// A user name (S3: access key id) and password (S3: secret key).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// User name or access key id.
    pub user: Option<String>,
    /// Password or secret access key.
    pub password: Option<String>,
    /// The passphrase of an end-to-end encrypted target.
    pub passphrase: Option<String>,
}

impl std::fmt::Debug for Credentials {
    // A password never reaches a log through a `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("passphrase", &self.passphrase.as_ref().map(|_| "…"))
            .finish()
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Credentials {
    /// The credentials the environment gives for `url` (none for a folder).
    pub fn from_env(url: &TargetUrl) -> Credentials {
        let passphrase = var("PIZHU_SYNC_PASSPHRASE");
        match url.location {
            Location::Folder(_) => Credentials { passphrase, ..Credentials::default() },
            Location::Webdav { .. } => {
                Credentials { user: var("PIZHU_SYNC_USER"), password: var("PIZHU_SYNC_PASSWORD"), passphrase }
            }
            Location::S3 { .. } => Credentials {
                user: var("AWS_ACCESS_KEY_ID").or_else(|| var("PIZHU_SYNC_USER")),
                password: var("AWS_SECRET_ACCESS_KEY").or_else(|| var("PIZHU_SYNC_PASSWORD")),
                passphrase,
            },
        }
    }
}

/// The keychain entries' service name; the account is the target's
/// canonical address (which never holds a secret).
const KEYCHAIN_SERVICE: &str = "Pizhu sync";

/// What one keychain entry holds: a target's credentials as JSON, so one
/// keychain access (one unlock prompt at most) gives all three.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passphrase: Option<String>,
}

/// The OS keychain could not be used (none running, locked, refused).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the system keychain is not available: {0}")]
pub struct KeychainError(pub String);

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
mod os {
    use super::{KeychainError, KEYCHAIN_SERVICE};

    fn entry(account: &str) -> Result<keyring::Entry, KeychainError> {
        // Tests and test hosts keep off the keychain of whoever runs them.
        if std::env::var_os("PIZHU_KEYCHAIN").is_some_and(|v| v == "off") {
            return Err(KeychainError("turned off (PIZHU_KEYCHAIN=off)".into()));
        }
        keyring::Entry::new(KEYCHAIN_SERVICE, account).map_err(|e| KeychainError(e.to_string()))
    }

    pub fn get(account: &str) -> Result<Option<String>, KeychainError> {
        match entry(account)?.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeychainError(e.to_string())),
        }
    }

    pub fn set(account: &str, secret: &str) -> Result<(), KeychainError> {
        entry(account)?.set_password(secret).map_err(|e| KeychainError(e.to_string()))
    }

    pub fn delete(account: &str) -> Result<(), KeychainError> {
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(KeychainError(e.to_string())),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod os {
    use super::KeychainError;

    fn none() -> KeychainError {
        KeychainError("no keychain on this system".into())
    }
    pub fn get(_: &str) -> Result<Option<String>, KeychainError> {
        Err(none())
    }
    pub fn set(_: &str, _: &str) -> Result<(), KeychainError> {
        Err(none())
    }
    pub fn delete(_: &str) -> Result<(), KeychainError> {
        Err(none())
    }
}

impl Credentials {
    /// Whether nothing is given.
    pub fn is_empty(&self) -> bool {
        self.user.is_none() && self.password.is_none() && self.passphrase.is_none()
    }

    /// The credentials saved in the OS keychain for the target with this
    /// canonical address (`None`: nothing saved).
    pub fn from_keychain(canonical: &str) -> Result<Option<Credentials>, KeychainError> {
        let Some(json) = os::get(canonical)? else { return Ok(None) };
        // An entry we cannot read is as good as none: the user types them again.
        let Ok(saved) = serde_json::from_str::<Saved>(&json) else { return Ok(None) };
        Ok(Some(Credentials { user: saved.user, password: saved.password, passphrase: saved.passphrase }))
    }

    /// Saves these credentials in the OS keychain for the target with this
    /// canonical address (an empty set removes the entry).
    pub fn save_to_keychain(&self, canonical: &str) -> Result<(), KeychainError> {
        if self.is_empty() {
            return Self::forget_in_keychain(canonical);
        }
        let saved =
            Saved { user: self.user.clone(), password: self.password.clone(), passphrase: self.passphrase.clone() };
        let json = serde_json::to_string(&saved).map_err(|e| KeychainError(e.to_string()))?;
        os::set(canonical, &json)
    }

    /// Removes the keychain entry of a target (nothing saved is fine).
    pub fn forget_in_keychain(canonical: &str) -> Result<(), KeychainError> {
        os::delete(canonical)
    }

    /// The credentials for `url` as the app takes them: like
    /// [`Credentials::resolve`], but a keychain that cannot be read is an
    /// error where the target needs a password (a locked keychain is not a
    /// wrong password).
    pub fn resolve_checked(url: &TargetUrl) -> Result<Credentials, KeychainError> {
        let env = Credentials::from_env(url);
        let saved = match Credentials::from_keychain(&url.canonical) {
            Ok(saved) => saved.unwrap_or_default(),
            Err(_) if matches!(url.location, Location::Folder(_)) || env.password.is_some() => Credentials::default(),
            Err(e) => return Err(e),
        };
        Ok(env.over(saved))
    }

    /// The credentials for `url` as the CLI takes them: the keychain's
    /// (saved by the app or by `pizhu sync --save-credentials`), each one
    /// replaced by the environment's where that is set. A keychain that
    /// cannot be reached counts as empty.
    pub fn resolve(url: &TargetUrl) -> Credentials {
        let env = Credentials::from_env(url);
        let saved = Credentials::from_keychain(&url.canonical).ok().flatten().unwrap_or_default();
        env.over(saved)
    }

    /// These credentials, each missing one taken from `saved`.
    pub fn over(self, saved: Credentials) -> Credentials {
        Credentials {
            user: self.user.or(saved.user),
            password: self.password.or(saved.password),
            passphrase: self.passphrase.or(saved.passphrase),
        }
    }
}
