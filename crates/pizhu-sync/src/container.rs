//! The container of every file a device writes on a target: a magic line,
//! one header line of JSON, then the deflated body.
//!
//! ```text
//! pizhu-sync 1\n
//! {"kind":"seg","v":1,"min_reader":1,"device":"k3j4m5n6p7","seq":42,"count":3,"raw_len":812,"sha256":"…"}\n
//! <deflate(body)>
//! ```
//!
//! Reading checks everything before anything is used: the magic, the
//! version (a newer writer is refused), the header's size, the device, kind
//! and sequence number against the file's path, the inflated size against a
//! cap and the header, and the SHA-256 of the body. Truncation and garbage
//! fail here.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use pizhu_store::sync::sha256_hex;
use serde::{Deserialize, Serialize};

use crate::error::{Damage, SyncError};

/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The first bytes of every container.
pub const MAGIC: &[u8] = b"pizhu-sync 1\n";
const MAGIC_PREFIX: &[u8] = b"pizhu-sync ";
/// The largest file read from a target.
pub const MAX_FILE: usize = 64 << 20;
/// The largest body a file may unpack to.
pub const MAX_RAW: u64 = 256 << 20;
const MAX_HEADER: usize = 4096;

/// What a container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// A device's head: where its files stand.
    Head,
    /// Records changed since the previous segment.
    Seg,
    /// The full state a device publishes.
    Snap,
    /// A document's text (blocks JSON), named by its hash.
    Blob,
}

/// The header line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// What the body is.
    pub kind: FileKind,
    /// The format version it was written with.
    pub v: u32,
    /// The oldest format version that can read it.
    pub min_reader: u32,
    /// The device that wrote it.
    pub device: String,
    /// Its sequence number (0 for blobs).
    pub seq: u64,
    /// Records in the body (lines), or 1.
    pub count: u64,
    /// The body's length before deflate.
    pub raw_len: u64,
    /// SHA-256 of the body before deflate.
    pub sha256: String,
}

/// Packs `body` with a header saying `kind`, `device`, `seq` and `count`.
pub fn encode(kind: FileKind, device: &str, seq: u64, count: u64, body: &[u8]) -> Vec<u8> {
    let header = Header {
        kind,
        v: VERSION,
        min_reader: VERSION,
        device: device.to_owned(),
        seq,
        count,
        raw_len: body.len() as u64,
        sha256: sha256_hex(body),
    };
    encode_with(&header, body)
}

/// Packs `body` under exactly `header` (tests write newer or wrong headers).
pub fn encode_with(header: &Header, body: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    // A header of plain strings and numbers always serialises.
    out.extend(serde_json::to_vec(header).unwrap_or_default());
    out.push(b'\n');
    let mut z = DeflateEncoder::new(out, Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = z.write_all(body);
    z.finish().unwrap_or_default()
}

/// Unpacks a container read from `path`, which must be of `kind`, by
/// `device` and (unless `None`) with sequence number `seq`.
pub fn decode(
    path: &str,
    bytes: &[u8],
    kind: FileKind,
    device: &str,
    seq: Option<u64>,
) -> Result<(Header, Vec<u8>), SyncError> {
    let damaged = |d| SyncError::damaged(path, d);
    if bytes.len() > MAX_FILE {
        return Err(damaged(Damage::TooLarge));
    }
    if !bytes.starts_with(MAGIC) {
        if bytes.starts_with(MAGIC_PREFIX) {
            return Err(SyncError::TooNew { file: path.to_owned() });
        }
        return Err(damaged(Damage::Garbled));
    }
    let rest = &bytes[MAGIC.len()..];
    let end = rest.iter().take(MAX_HEADER + 1).position(|b| *b == b'\n').ok_or_else(|| damaged(Damage::Garbled))?;
    let value: serde_json::Value = serde_json::from_slice(&rest[..end]).map_err(|_| damaged(Damage::Garbled))?;
    let newer = |k: &str| value.get(k).and_then(serde_json::Value::as_u64).is_some_and(|v| v > u64::from(VERSION));
    if newer("v") || newer("min_reader") {
        return Err(SyncError::TooNew { file: path.to_owned() });
    }
    let header: Header = serde_json::from_value(value).map_err(|_| damaged(Damage::Garbled))?;
    if header.kind != kind || header.device != device || seq.is_some_and(|s| s != header.seq) {
        return Err(damaged(Damage::Misplaced));
    }
    if header.raw_len > MAX_RAW {
        return Err(damaged(Damage::TooLarge));
    }
    let mut body = Vec::with_capacity(header.raw_len.min(MAX_FILE as u64) as usize);
    DeflateDecoder::new(&rest[end + 1..])
        .take(header.raw_len + 1)
        .read_to_end(&mut body)
        .map_err(|_| damaged(Damage::Garbled))?;
    if body.len() as u64 != header.raw_len {
        return Err(damaged(if body.len() as u64 > header.raw_len { Damage::TooLarge } else { Damage::Garbled }));
    }
    if sha256_hex(&body) != header.sha256 {
        return Err(damaged(Damage::Checksum));
    }
    Ok((header, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "aaaaaaaaaa";

    #[test]
    fn round_trips_and_refuses_damage() {
        let body = "一行\n两行\n".repeat(100);
        let file = encode(FileKind::Seg, D, 7, 200, body.as_bytes());
        let (h, b) = decode("f", &file, FileKind::Seg, D, Some(7)).expect("decodes");
        assert_eq!((h.seq, b), (7, body.clone().into_bytes()));
        // Cut short.
        let cut = &file[..file.len() - 5];
        assert!(matches!(decode("f", cut, FileKind::Seg, D, Some(7)), Err(SyncError::Damaged { .. })));
        // A flipped byte in the body.
        let mut flipped = file.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x55;
        assert!(matches!(decode("f", &flipped, FileKind::Seg, D, Some(7)), Err(SyncError::Damaged { .. })));
        // In the wrong place.
        assert!(decode("f", &file, FileKind::Seg, "bbbbbbbbbb", Some(7)).is_err());
        assert!(decode("f", &file, FileKind::Seg, D, Some(8)).is_err());
        assert!(decode("f", &file, FileKind::Snap, D, Some(7)).is_err());
        // Garbage.
        assert!(decode("f", b"hello", FileKind::Seg, D, None).is_err());
        // A newer writer.
        let mut h2 = h.clone();
        h2.v = 99;
        h2.min_reader = 99;
        let newer = encode_with(&h2, body.as_bytes());
        assert!(matches!(decode("f", &newer, FileKind::Seg, D, Some(7)), Err(SyncError::TooNew { .. })));
        // A bomb: the header understates what the body unpacks to.
        let mut h3 = h;
        h3.raw_len = 10;
        let bomb = encode_with(&h3, body.as_bytes());
        assert!(matches!(
            decode("f", &bomb, FileKind::Seg, D, Some(7)),
            Err(SyncError::Damaged { damage: Damage::TooLarge, .. })
        ));
    }
}
