//! Zip containers (`.docx`, `.epub`): opened without trust, parts inflated
//! with a cap on both their declared and their actual size, so a zip bomb
//! is refused before it fills memory.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use crate::{ImportError, RichKind};

/// A zip read from memory.
pub(crate) type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens a zip: not one at all is [`ImportError::NotThisFormat`], one that
/// starts like a zip but has no end (cut off) is [`ImportError::Damaged`].
pub(crate) fn open(bytes: &[u8], kind: RichKind) -> Result<Zip<'_>, ImportError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        if bytes.starts_with(b"PK\x03\x04") {
            ImportError::Damaged(kind)
        } else {
            ImportError::NotThisFormat(kind)
        }
    })
}

/// The name a part has in the zip: zips written on Windows may spell the
/// path with `\` or another case.
pub(crate) fn find(zip: &Zip<'_>, name: &str) -> Option<String> {
    let name = name.trim_start_matches('/');
    zip.file_names()
        .find(|n| n.replace('\\', "/").trim_start_matches('/').eq_ignore_ascii_case(name))
        .map(str::to_owned)
}

/// Inflates one part, at most `cap` bytes; `None` when the zip has no such part.
pub(crate) fn bytes(zip: &mut Zip<'_>, name: &str, cap: u64, kind: RichKind) -> Result<Option<Vec<u8>>, ImportError> {
    let Some(found) = find(zip, name) else { return Ok(None) };
    let file = zip.by_name(&found).map_err(|e| match e {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            ImportError::Encrypted(kind)
        }
        _ => ImportError::Damaged(kind),
    })?;
    if file.size() > cap {
        return Err(ImportError::Unpacks { kind, limit: cap });
    }
    let mut data = Vec::with_capacity(file.size() as usize);
    file.take(cap + 1).read_to_end(&mut data).map_err(|_| ImportError::Damaged(kind))?;
    if data.len() as u64 > cap {
        return Err(ImportError::Unpacks { kind, limit: cap });
    }
    Ok(Some(data))
}

/// Inflates one UTF-8 XML part (a BOM dropped), at most `cap` bytes.
pub(crate) fn text(zip: &mut Zip<'_>, name: &str, cap: u64, kind: RichKind) -> Result<Option<String>, ImportError> {
    let Some(data) = bytes(zip, name, cap, kind)? else { return Ok(None) };
    let data = data.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(data);
    String::from_utf8(data).map(Some).map_err(|_| ImportError::Damaged(kind))
}
