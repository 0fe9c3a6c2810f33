//! One-file backups of a library, restoring them by merging, and rolling
//! daily backups.
//!
//! A backup is a zip (deflate) with two entries:
//!
//! * `pizhu.sqlite3`: the notes database, copied through SQLite's online
//!   backup API (consistent even while the app is writing), in rollback
//!   journal mode so the one file is the whole database;
//! * `manifest.json`: a [`Manifest`] (format, versions, counts and the
//!   SHA-256 of the database entry).
//!
//! [`restore`] checks everything before it touches the library (zip,
//! manifest, versions, checksum, SQLite integrity, that every note's
//! document is available), then merges by annotation id in one transaction
//! ([`Store::merge`]): absent notes are added, present ones are replaced
//! only by a newer `updated`, notes on a document whose text differs are
//! re-anchored by their quote. Restoring the same backup twice changes
//! nothing the second time; a failed restore changes nothing at all.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use pizhu_model::anchor::anchor;
use pizhu_model::{Annotation, CpText, Quote};
use pizhu_store::migrations::LATEST;
use pizhu_store::{Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::ExportError;

type Result<T> = std::result::Result<T, ExportError>;

/// The `format` of a backup manifest.
pub const FORMAT: &str = "pizhu-backup";
/// The newest backup format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Name of the database inside the zip (and inside a data directory).
pub const DB_ENTRY: &str = "pizhu.sqlite3";
/// Name of the manifest inside the zip.
pub const MANIFEST_ENTRY: &str = "manifest.json";
/// Folder of the rolling backups inside the data directory.
pub const BACKUP_DIR: &str = "backups";
/// Largest manifest read (a manifest is a few hundred bytes).
const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// What `manifest.json` says about a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// Version of the Pizhu that wrote it.
    pub app_version: String,
    /// Schema version (`user_version`) of the database inside.
    pub schema_version: u32,
    /// When it was written, RFC 3339 UTC.
    pub created: String,
    /// Number of documents in it.
    pub documents: u64,
    /// Number of annotations in it (live and in the trash).
    pub annotations: u64,
    /// SHA-256 of the database entry, lower-case hex.
    pub sha256: String,
}

/// A note the restore could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Annotation id.
    pub annotation: String,
    /// Its document.
    pub doc: String,
    /// The quoted passage.
    pub exact: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Documents added to the library.
    pub documents_added: Vec<String>,
    /// Notes added.
    pub inserted: u32,
    /// Notes replaced by the backup's newer version.
    pub updated: u32,
    /// Notes already as new (or newer) in the library.
    pub unchanged: u32,
    /// Notes re-anchored because the library's text of their document differs.
    pub reanchored: Vec<String>,
    /// Notes left out because their quote is not in the library's text any more.
    pub skipped: Vec<Skipped>,
    /// Essays added or replaced by a newer version.
    pub essays: u32,
    /// Whether the library changed (the caller then rebuilds its search index).
    pub changed: bool,
}

/// Backs up the database at `db_path` into the zip `out_zip` (replaced if
/// it exists; written to a side file and renamed, so it is never half there).
pub fn backup(db_path: &Path, out_zip: &Path) -> Result<Manifest> {
    if !db_path.is_file() {
        return Err(ExportError::io(db_path)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "there is no library database here",
        )));
    }
    let tmp = tempfile::tempdir().map_err(ExportError::io(Path::new("temporary folder")))?;
    let copy = tmp.path().join(DB_ENTRY);
    {
        let src = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        src.busy_timeout(std::time::Duration::from_secs(5))?;
        src.backup(rusqlite::MAIN_DB, &copy, None::<fn(rusqlite::backup::Progress)>)?;
    }
    let (schema_version, documents, annotations) = {
        let conn = Connection::open(&copy)?;
        // One self-contained file: no -wal beside it.
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        let counts = (
            conn.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0))?,
            conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))? as u64,
            conn.query_row("SELECT count(*) FROM annotations", [], |r| r.get::<_, i64>(0))? as u64,
        );
        conn.close().map_err(|(_, e)| e)?;
        counts
    };
    let sha256 = sha256_of(&copy)?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        created: pizhu_store::now(),
        documents,
        annotations,
        sha256,
    };
    let part = out_zip.with_extension("zip.part");
    let write = || -> Result<()> {
        let file = File::create(&part).map_err(ExportError::io(&part))?;
        let mut zip = ZipWriter::new(BufWriter::new(file));
        let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
        zip.start_file(MANIFEST_ENTRY, opts).map_err(zip_write(&part))?;
        zip.write_all(&serde_json::to_vec_pretty(&manifest)?).map_err(ExportError::io(&part))?;
        zip.start_file(DB_ENTRY, opts).map_err(zip_write(&part))?;
        let mut db = File::open(&copy).map_err(ExportError::io(&copy))?;
        std::io::copy(&mut db, &mut zip).map_err(ExportError::io(&part))?;
        let out = zip.finish().map_err(zip_write(&part))?;
        let file = out.into_inner().map_err(|e| ExportError::io(&part)(e.into_error()))?;
        file.sync_all().map_err(ExportError::io(&part))?;
        Ok(())
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    std::fs::rename(&part, out_zip).map_err(ExportError::io(out_zip))?;
    Ok(manifest)
}

fn zip_write(path: &Path) -> impl Fn(ZipError) -> ExportError + '_ {
    move |e| ExportError::io(path)(std::io::Error::other(e.to_string()))
}

fn sha256_of(path: &Path) -> Result<String> {
    let mut hasher = Sha256::new();
    let mut f = BufReader::new(File::open(path).map_err(ExportError::io(path))?);
    std::io::copy(&mut f, &mut hasher).map_err(ExportError::io(path))?;
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A backup read and checked: its manifest and its database, opened
/// (and brought up to this build's schema) in a temporary folder.
pub struct CheckedBackup {
    /// The manifest.
    pub manifest: Manifest,
    /// The backup's database.
    pub store: Store,
    dir: tempfile::TempDir,
}

impl CheckedBackup {
    /// Where the backup's database was unpacked (deleted with `self`).
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join(DB_ENTRY)
    }
}

/// Reads and checks a backup without touching any library: the zip, the
/// manifest (shape, format, versions), the database checksum and its integrity.
pub fn check(backup_zip: &Path) -> Result<CheckedBackup> {
    let checked = open_backup(backup_zip)?;
    checked.store.integrity_check().map_err(|e| ExportError::Damaged(e.to_string()))?;
    Ok(checked)
}

/// [`check`] without the foreign-key check.
fn open_backup(backup_zip: &Path) -> Result<CheckedBackup> {
    let shown = backup_zip.display().to_string();
    let corrupt = |detail: String| ExportError::Corrupt { path: shown.clone(), detail };
    let file = File::open(backup_zip).map_err(ExportError::io(backup_zip))?;
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|e| corrupt(e.to_string()))?;

    let mut raw = Vec::new();
    match zip.by_name(MANIFEST_ENTRY) {
        Ok(entry) => {
            entry.take(MAX_MANIFEST_BYTES).read_to_end(&mut raw).map_err(|e| corrupt(e.to_string()))?;
        }
        Err(ZipError::FileNotFound) => {
            return Err(ExportError::NotABackup { path: shown, detail: format!("it has no {MANIFEST_ENTRY}") })
        }
        Err(e) => return Err(corrupt(e.to_string())),
    }
    let manifest = parse_manifest(&shown, &raw)?;

    let dir = tempfile::tempdir().map_err(ExportError::io(Path::new("temporary folder")))?;
    let db_path = dir.path().join(DB_ENTRY);
    let sha256 = match zip.by_name(DB_ENTRY) {
        Ok(mut entry) => {
            let mut out = File::create(&db_path).map_err(ExportError::io(&db_path))?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = entry.read(&mut buf).map_err(|e| corrupt(e.to_string()))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n]).map_err(ExportError::io(&db_path))?;
            }
            hex(&hasher.finalize())
        }
        Err(ZipError::FileNotFound) => {
            return Err(ExportError::NotABackup { path: shown, detail: format!("it has no {DB_ENTRY}") })
        }
        Err(e) => return Err(corrupt(e.to_string())),
    };
    if !sha256.eq_ignore_ascii_case(manifest.sha256.trim()) {
        return Err(ExportError::Checksum);
    }
    let store = match Store::open(&db_path) {
        Ok(s) => s,
        Err(StoreError::TooNew { found, supported }) => {
            return Err(ExportError::TooNew { what: "database schema", found, supported })
        }
        Err(e) => return Err(ExportError::Damaged(e.to_string())),
    };
    // SQLite's own check of the file; foreign keys are checked by the callers
    // (a note whose document is missing gets its own message in `restore`).
    let verdict = Connection::open_with_flags(&db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)))
        .map_err(|e| ExportError::Damaged(e.to_string()))?;
    if verdict != "ok" {
        return Err(ExportError::Damaged(format!("integrity check failed: {verdict}")));
    }
    Ok(CheckedBackup { manifest, store, dir })
}

fn parse_manifest(path: &str, raw: &[u8]) -> Result<Manifest> {
    let bad = |detail: String| ExportError::BadManifest { path: path.to_owned(), detail };
    let value: serde_json::Value = serde_json::from_slice(raw).map_err(|e| bad(format!("it is not JSON ({e})")))?;
    let obj = value.as_object().ok_or_else(|| bad("it is not a JSON object".to_owned()))?;
    match obj.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(ExportError::NotABackup {
                path: path.to_owned(),
                detail: format!("its manifest is of format {other:?}, not {FORMAT:?}"),
            })
        }
        None => return Err(bad(format!("it has no \"format\": {FORMAT:?}"))),
    }
    if let Some(v) = obj.get("format_version").and_then(|v| v.as_u64()) {
        if v > u64::from(FORMAT_VERSION) {
            let found = u32::try_from(v).unwrap_or(u32::MAX);
            return Err(ExportError::TooNew { what: "backup format", found, supported: FORMAT_VERSION });
        }
    }
    let manifest: Manifest = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
    if manifest.schema_version > LATEST {
        return Err(ExportError::TooNew { what: "database schema", found: manifest.schema_version, supported: LATEST });
    }
    Ok(manifest)
}

/// Restores `backup_zip` into `target` by merging (see the module docs).
/// Checks everything first; on any error the target is unchanged.
pub fn restore(backup_zip: &Path, target: &mut Store) -> Result<RestoreReport> {
    let checked = open_backup(backup_zip)?;
    let damaged = |e: StoreError| ExportError::Damaged(e.to_string());
    let docs = checked.store.document_records().map_err(damaged)?;
    let colors = checked.store.colors().map_err(damaged)?;
    let annotations = checked.store.all_annotations().map_err(damaged)?;
    let study = checked.store.study_records().map_err(damaged)?;

    // Every note's document must be in the backup or in the library.
    for a in &annotations {
        if !docs.iter().any(|d| d.doc.id == a.doc_id) && !target.has_document(&a.doc_id)? {
            return Err(ExportError::MissingDocument { annotation: a.id.clone(), doc: a.doc_id.clone() });
        }
    }
    // The rest of the foreign keys (colours, tags) must hold within the backup.
    let violations: Vec<String> = {
        let conn = Connection::open_with_flags(checked.db_path(), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut stmt = conn.prepare("SELECT \"table\", parent FROM pragma_foreign_key_check WHERE NOT (\"table\" = 'annotations' AND parent = 'documents')")?;
        let rows = stmt.query_map([], |r| Ok(format!("{} → {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if !violations.is_empty() {
        return Err(ExportError::Damaged(format!("broken references: {}", violations.join(", "))));
    }

    // Plan: notes whose document text differs in the library are re-anchored
    // by their quote (only those the merge would write).
    let mut texts: std::collections::HashMap<String, Option<String>> = std::collections::HashMap::new();
    let mut planned = Vec::with_capacity(annotations.len());
    let mut reanchored = Vec::new();
    let mut skipped = Vec::new();
    for a in annotations {
        let newer = match target.annotation(&a.id) {
            Ok(existing) => pizhu_store::later(&a.updated, &existing.updated),
            Err(StoreError::NoAnnotation(_)) => true,
            Err(e) => return Err(e.into()),
        };
        // An orphan's selectors describe an older text: it stays orphaned.
        if !newer || a.orphaned || !target.has_document(&a.doc_id)? {
            planned.push(a);
            continue;
        }
        if !texts.contains_key(&a.doc_id) {
            let theirs = docs.iter().find(|d| d.doc.id == a.doc_id).map(|d| d.doc.text());
            let ours = target.document(&a.doc_id)?.text();
            texts.insert(a.doc_id.clone(), (theirs.as_deref() != Some(ours.as_str())).then_some(ours));
        }
        match texts.get(&a.doc_id).and_then(Option::as_deref) {
            None => planned.push(a),
            Some(ours) => match reanchor(ours, &a) {
                Some(moved) => {
                    if (moved.start, moved.end, &moved.prefix, &moved.suffix) != (a.start, a.end, &a.prefix, &a.suffix)
                    {
                        reanchored.push(a.id.clone());
                    }
                    planned.push(moved);
                }
                None => skipped.push(Skipped {
                    annotation: a.id.clone(),
                    doc: a.doc_id.clone(),
                    exact: a.exact.clone(),
                    reason: "the quoted passage is no longer in the library's text of this document".to_owned(),
                }),
            },
        }
    }

    let outcome = target.merge_with_study(&docs, &colors, &planned, &study)?;
    Ok(RestoreReport {
        manifest: checked.manifest,
        documents_added: outcome.documents_added.clone(),
        inserted: outcome.inserted.len() as u32,
        updated: outcome.updated.len() as u32,
        unchanged: outcome.unchanged,
        reanchored,
        skipped,
        essays: outcome.essays_changed.len() as u32,
        changed: outcome.changed(),
    })
}

/// The annotation moved onto `text` by its quote, with its context taken from `text`.
fn reanchor(text: &str, a: &Annotation) -> Option<Annotation> {
    let t = CpText::new(text);
    let quote = Quote { exact: a.exact.clone(), prefix: a.prefix.clone(), suffix: a.suffix.clone() };
    let (start, end) = anchor(&t, &quote, a.start, a.end)?;
    let q = Quote::at(&t, start, end).ok()?;
    Some(Annotation { start, end, exact: q.exact, prefix: q.prefix, suffix: q.suffix, ..a.clone() })
}

/// Writes today's automatic backup of the library in `data_dir` to
/// `data_dir/backups/pizhu-YYYY-MM-DD.zip` (the date of `now`), unless
/// there already is one for that day; then deletes the oldest automatic
/// backups beyond `keep` (at least one is kept). Returns the file written,
/// if one was. A data directory without a database has nothing to back up.
pub fn rolling_backup(data_dir: &Path, now: OffsetDateTime, keep: usize) -> Result<Option<PathBuf>> {
    let db = data_dir.join(DB_ENTRY);
    if !db.is_file() {
        return Ok(None);
    }
    let dir = data_dir.join(BACKUP_DIR);
    std::fs::create_dir_all(&dir).map_err(ExportError::io(&dir))?;
    let d = now.date();
    let name = format!("pizhu-{:04}-{:02}-{:02}.zip", d.year(), u8::from(d.month()), d.day());
    let path = dir.join(&name);
    let written = if path.exists() {
        None
    } else {
        backup(&db, &path)?;
        Some(path)
    };
    let mut dated: Vec<String> = std::fs::read_dir(&dir)
        .map_err(ExportError::io(&dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_rolling_name(n))
        .collect();
    dated.sort_unstable_by(|a, b| b.cmp(a));
    for old in dated.iter().skip(keep.max(1)) {
        let p = dir.join(old);
        std::fs::remove_file(&p).map_err(ExportError::io(&p))?;
    }
    Ok(written)
}

/// [`rolling_backup`] for today (UTC+8, China Standard Time), keeping seven.
pub fn rolling_backup_now(data_dir: &Path) -> Result<Option<PathBuf>> {
    let cst = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    rolling_backup(data_dir, OffsetDateTime::now_utc().to_offset(cst), 7)
}

/// `pizhu-YYYY-MM-DD.zip`.
fn is_rolling_name(n: &str) -> bool {
    let b = n.as_bytes();
    n.len() == "pizhu-2024-01-01.zip".len()
        && n.starts_with("pizhu-")
        && n.ends_with(".zip")
        && b[6..16].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_names() {
        assert!(is_rolling_name("pizhu-2024-05-01.zip"));
        assert!(!is_rolling_name("pizhu-2024-05-01.zip.part"));
        assert!(!is_rolling_name("pizhu-20240501xx.zip"));
        assert!(!is_rolling_name("mine.zip"));
    }

    #[test]
    fn manifest_shapes() {
        let ok = br#"{"format":"pizhu-backup","format_version":1,"app_version":"0.1.0","schema_version":2,
            "created":"2024-01-01T00:00:00Z","documents":1,"annotations":0,"sha256":"00","extra":true}"#;
        assert!(parse_manifest("x", ok).is_ok(), "unknown fields are fine");
        let msg = |raw: &[u8]| parse_manifest("x", raw).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg(b"[1,2]").contains("not a JSON object"));
        assert!(msg(b"{\"format\":\"pizhu-backup\",\"format_version\":1}").contains("missing field"));
        assert!(msg(b"{\"format\":\"pizhu-backup\",\"format_version\":9}").contains("newer version"));
        assert!(msg(b"{\"format\":\"other\"}").contains("not \"pizhu-backup\""));
        assert!(msg(b"not json").contains("not JSON"));
    }
}
