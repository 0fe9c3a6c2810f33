//! One sync with a target: pull (read every peer's new files, validate all
//! of it, merge it in one transaction), then push (this device's changes
//! as one new file, then its head).
//!
//! Layout on a target:
//!
//! ```text
//! pizhu-sync.json                    marker (plain JSON), written once
//! heads/<device>.pzh                 each device's head: the only listing
//! log/<device>/<seq:010>.pzs         a segment: records changed since the last
//! snap/<device>/<seq:010>.pzs        a snapshot: the full state (first push)
//! blobs/<device>/<sha256>.pzb        a document's text, sent once
//! ```
//!
//! A device writes only under its own id, so no file has two writers: no
//! locks, no conditional writes. A head is written last; a file no head
//! names yet is never read. A push that stops half way is repeated whole
//! by the next sync (same sequence number, equal or newer states: merging
//! is a join, so nothing is lost or doubled).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pizhu_model::sync::{is_device_id, is_hash, BlobRef, Kind, Record};
use pizhu_model::Block;
use pizhu_store::sync::{now_ms, sha256_hex};
use pizhu_store::{Store, SyncTarget};
use serde::{Deserialize, Serialize};

use crate::container::{decode, encode, FileKind, VERSION};
use crate::crypt::Cipher;
use crate::error::{Damage, SyncError};
use crate::remote::{Remote, TargetUrl};
use crate::secret::Credentials;

/// What a sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Records this device sent.
    pub sent: u32,
    /// Records received that changed something here.
    pub received: u32,
    /// New conflicts (texts that lost to a concurrent edit, kept).
    pub conflicts: u32,
    /// Requests made to the target.
    pub requests: u32,
    /// Document texts uploaded.
    pub blobs_sent: u32,
    /// Document texts downloaded.
    pub blobs_received: u32,
}

/// The marker file's name.
pub const MARKER: &str = "pizhu-sync.json";
const MAX_SEQ_JUMP: u64 = 1_000_000;
/// A snapshot at least every this many pushes.
pub const SNAPSHOT_EVERY: u64 = 50;

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    pizhu: String,
    v: u32,
    kind: String,
    /// The target's own id: the same target reached by two addresses is
    /// one target (markers written before it had none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// On an encrypted target: the target's key, encrypted under the
    /// passphrase (age, scrypt, ASCII armor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enc: Option<String>,
}

/// 128 random bits in hex: the std hasher is keyed randomly per instance.
fn random_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

/// A device's head: where its files stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The device.
    pub device: String,
    /// Its last sequence number.
    pub seq: u64,
    /// The sequence number of its newest snapshot.
    pub snapshot: u64,
    /// The first segment after that snapshot still on the target.
    pub segments_from: u64,
    /// On a study group's target: the member's reader name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

pub(crate) fn head_path(device: &str) -> String {
    format!("heads/{device}.pzh")
}

pub(crate) fn file_path(snapshot: bool, device: &str, seq: u64) -> String {
    format!("{}/{device}/{seq:010}.pzs", if snapshot { "snap" } else { "log" })
}

fn blob_path(device: &str, hash: &str) -> String {
    format!("blobs/{device}/{hash}.pzb")
}

/// Syncs the library in `store` with the target at `url` (a folder path,
/// relative to `cwd`, a `file://`, `webdav(s)://` or `s3://` URL), both
/// ways, with the credentials the environment gives.
pub fn sync(store: &mut Store, url: &str, cwd: &Path) -> Result<Report, SyncError> {
    let url = TargetUrl::parse(url, cwd)?;
    let credentials = Credentials::from_env(&url);
    sync_with(store, &url, &credentials)
}

/// Syncs the library in `store` with `url`, both ways.
///
/// Requests: the first contact makes the folders (WebDAV) and checks or
/// writes the marker; after that a sync lists the heads (1), reads each
/// head that changed and its new segments, and writes one segment and its
/// head when something changed here: 3 to send one change, 3 to receive it.
pub fn sync_with(store: &mut Store, url: &TargetUrl, credentials: &Credentials) -> Result<Report, SyncError> {
    let mut target = store.sync_target(&url.canonical)?;
    if target.kind != LIBRARY {
        // A group join that never got through leaves an address free to be
        // either; one that did is a group's.
        if !target.fresh {
            return Err(SyncError::WrongKind { target: url.canonical.clone(), group: true });
        }
        store.set_target_kind(target.id, LIBRARY)?;
        target.kind = LIBRARY.into();
    }
    let (remote, target) = open_target(store, url, credentials, target)?;
    let mut report = Report::default();
    let pulled = pull(store, &remote, &target)?;
    report.blobs_received = pulled.blobs.len() as u32;
    let pulled_own = pulled.own.clone();
    let applied = store.apply_sync(target.id, pulled.records, &pulled.blobs, &pulled.blob_at, &pulled.peers)?;
    report.received = applied.received;
    report.conflicts = applied.conflicts;
    let target = store.sync_target(&url.canonical)?;
    let (sent, blobs) = push(store, &remote, &target, pulled_own)?;
    report.sent = sent;
    report.blobs_sent = blobs;
    report.requests = remote.requests();
    Ok(report)
}

/// The marker's kind for a reader's own library.
pub const LIBRARY: &str = "library";
/// The marker's kind for a study group.
pub const GROUP: &str = "group";

/// Opens `url` for `target` (a library or a group, as recorded here): the
/// marker checked (its kind, its key unwrapped with the passphrase) or,
/// on an empty target, written. Nothing is written before a wrong
/// passphrase or a target of the other kind is refused.
pub(crate) fn open_target(
    store: &mut Store,
    url: &TargetUrl,
    credentials: &Credentials,
    mut target: SyncTarget,
) -> Result<(Remote, SyncTarget), SyncError> {
    let mut remote = Remote::open(url, credentials)?;
    let kind = target.kind.clone();
    let passphrase = credentials.passphrase.as_deref();
    // Never a plaintext byte to an encrypted target, whatever else is there.
    if target.encrypted && passphrase.is_none() {
        return Err(SyncError::NeedPassphrase);
    }
    // An encrypted target's key is unwrapped on every sync (the CLI keeps
    // no secret between runs); otherwise the marker is read once.
    if target.fresh || passphrase.is_some() {
        let me = target.device.clone();
        let folders = ["heads/".to_owned(), format!("log/{me}/"), format!("snap/{me}/"), format!("blobs/{me}/")];
        let folders: Vec<&str> = folders.iter().map(String::as_str).collect();
        // Read before writing anything: a wrong passphrase, or a target of
        // another kind, is refused with nothing written.
        let key = match read_marker(&remote, &kind, &url.canonical)? {
            Some(marker) => {
                if target.fresh {
                    remote.make_folders(&folders)?;
                }
                adopt_marker(store, &mut remote, target.id, marker, passphrase)?
            }
            None => {
                remote.make_folders(&folders)?;
                let id = random_key();
                let (cipher, enc) = match passphrase {
                    Some(p) => {
                        let (c, wrapped) = Cipher::create(p)?;
                        (Some(c), Some(wrapped))
                    }
                    None => (None, None),
                };
                let marker = Marker { pizhu: "sync".into(), v: VERSION, kind: kind.clone(), id: Some(id.clone()), enc };
                remote.create_plain(MARKER, serde_json::to_vec_pretty(&marker).unwrap_or_default())?;
                // Two devices setting up one empty target at the same moment
                // both write a marker, and the last one written stays: read
                // it back and, when it is the other's, adopt that one (its
                // id and its key). On S3 and folders the write is
                // create-if-absent, so the first marker stays and this
                // closes the race; on WebDAV (no such write) it narrows it
                // to the moment between one device's write and read-back.
                match read_marker(&remote, &kind, &url.canonical)? {
                    Some(stayed) if stayed.id.as_deref() != Some(id.as_str()) => {
                        adopt_marker(store, &mut remote, target.id, stayed, passphrase)?
                    }
                    _ => {
                        if let Some(c) = cipher {
                            remote.set_cipher(c);
                            store.set_encrypted(target.id)?;
                        }
                        Some(id)
                    }
                }
            }
        };
        if target.fresh {
            if let Some(key) = key {
                let encrypted = target.encrypted;
                target = store.bind_target(&url.canonical, &key)?;
                if encrypted && !target.encrypted {
                    store.set_encrypted(target.id)?;
                    target.encrypted = true;
                }
            }
        }
    }
    Ok((remote, target))
}

/// Takes the target's marker as it is: unwraps its key with the passphrase
/// (refusing a wrong one, a missing one, or one for a plain target before
/// anything is written) and returns its id.
fn adopt_marker(
    store: &mut Store,
    remote: &mut Remote,
    target: i64,
    marker: Marker,
    passphrase: Option<&str>,
) -> Result<Option<String>, SyncError> {
    match (&marker.enc, passphrase) {
        (Some(wrapped), Some(p)) => {
            remote.set_cipher(Cipher::unwrap(p, wrapped, MARKER)?);
            store.set_encrypted(target)?;
        }
        (Some(_), None) => return Err(SyncError::NeedPassphrase),
        (None, Some(_)) => return Err(SyncError::NotEncryptedTarget),
        (None, None) => {}
    }
    Ok(marker.id)
}

/// Reads and checks the marker (of a target of `kind`, at `canonical`);
/// `None` on an empty target.
fn read_marker(remote: &Remote, kind: &str, canonical: &str) -> Result<Option<Marker>, SyncError> {
    let Some(bytes) = remote.read_plain(MARKER)? else { return Ok(None) };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| SyncError::damaged(MARKER, Damage::Garbled))?;
    if value.get("v").and_then(serde_json::Value::as_u64).is_some_and(|v| v > u64::from(VERSION)) {
        return Err(SyncError::TooNew { file: MARKER.into() });
    }
    let marker: Marker = serde_json::from_value(value).map_err(|_| SyncError::damaged(MARKER, Damage::Garbled))?;
    if marker.pizhu != "sync" || !matches!(marker.kind.as_str(), LIBRARY | GROUP) {
        return Err(SyncError::damaged(MARKER, Damage::Garbled));
    }
    if marker.kind != kind {
        return Err(SyncError::WrongKind { target: canonical.to_owned(), group: marker.kind == GROUP });
    }
    if let Some(id) = &marker.id {
        if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(SyncError::damaged(MARKER, Damage::Garbled));
        }
    }
    if marker.enc.as_ref().is_some_and(|e| e.len() > 4096) {
        return Err(SyncError::damaged(MARKER, Damage::TooLarge));
    }
    Ok(Some(marker))
}

/// Everything a pull read, validated.
struct Pulled {
    records: Vec<Record>,
    blobs: HashMap<String, String>,
    blob_at: Vec<(String, String)>,
    peers: Vec<(String, u64)>,
    /// This device's own head as the target has it.
    own: Option<Head>,
}

pub(crate) fn read_head(remote: &Remote, device: &str) -> Result<Option<Head>, SyncError> {
    let path = head_path(device);
    let Some(bytes) = remote.read(&path)? else { return Ok(None) };
    let (header, body) = decode(&path, &bytes, FileKind::Head, device, None)?;
    let head: Head = serde_json::from_slice(&body).map_err(|_| SyncError::damaged(&path, Damage::Garbled))?;
    if head.device != device
        || head.seq != header.seq
        || head.snapshot == 0
        || head.snapshot > head.seq
        || head.segments_from > head.seq + 1
        || head.segments_from <= head.snapshot
    {
        return Err(SyncError::damaged(&path, Damage::Misplaced));
    }
    Ok(Some(head))
}

pub(crate) fn read_records(
    remote: &Remote,
    snapshot: bool,
    device: &str,
    seq: u64,
    now: u64,
    out: &mut Vec<Record>,
) -> Result<(), SyncError> {
    let path = file_path(snapshot, device, seq);
    let bytes = remote.read(&path)?.ok_or_else(|| SyncError::damaged(&path, Damage::Garbled))?;
    let kind = if snapshot { FileKind::Snap } else { FileKind::Seg };
    let (header, body) = decode(&path, &bytes, kind, device, Some(seq))?;
    let text = std::str::from_utf8(&body).map_err(|_| SyncError::damaged(&path, Damage::Garbled))?;
    let mut n = 0;
    for line in text.lines().filter(|l| !l.is_empty()) {
        let record: Record =
            serde_json::from_str(line).map_err(|e| SyncError::damaged(&path, Damage::BadRecord(e.to_string())))?;
        record.validate(now).map_err(|why| SyncError::damaged(&path, Damage::BadRecord(why)))?;
        out.push(record);
        n += 1;
    }
    if n != header.count {
        return Err(SyncError::damaged(&path, Damage::Garbled));
    }
    Ok(())
}

fn pull(store: &Store, remote: &Remote, target: &SyncTarget) -> Result<Pulled, SyncError> {
    let now = now_ms();
    let mut pulled =
        Pulled { records: Vec::new(), blobs: HashMap::new(), blob_at: Vec::new(), peers: Vec::new(), own: None };
    let mut names = remote.list("heads/")?;
    names.sort();
    for name in names {
        let path = format!("heads/{name}");
        let device = name.strip_suffix(".pzh").filter(|d| is_device_id(d));
        let Some(device) = device else {
            return Err(SyncError::damaged(&path, Damage::Misplaced));
        };
        // Our own head is read too: newer than this library knows (its data
        // folder restored from an old copy), our own later files are read
        // back like a peer's, and the push goes on after that number.
        let own = device == target.device;
        let Some(head) = read_head(remote, device)? else { continue };
        let applied = if own {
            pulled.own = Some(head.clone());
            target.pending_seq.max(target.pushed_seq)
        } else {
            store.peer_seq(target.id, device)?
        };
        if head.seq <= applied {
            continue;
        }
        if head.seq - applied > MAX_SEQ_JUMP {
            return Err(SyncError::damaged(&path, Damage::Misplaced));
        }
        let from = if applied + 1 < head.segments_from {
            read_records(remote, true, device, head.snapshot, now, &mut pulled.records)?;
            head.snapshot + 1
        } else {
            applied + 1
        };
        for seq in from..=head.seq {
            read_records(remote, false, device, seq, now, &mut pulled.records)?;
        }
        if !own {
            pulled.peers.push((device.to_owned(), head.seq));
        }
    }
    // The texts of documents this library does not have, once each.
    let mut wanted = HashSet::new();
    for r in pulled.records.iter().filter(|r| r.t == Kind::Document && r.alive()) {
        let Some(BlobRef { h, at }) = &r.blob else { continue };
        if pulled.blobs.contains_key(h) || !wanted.insert(h.clone()) {
            continue;
        }
        if store.document_blob(&r.id, h)?.is_some() {
            continue;
        }
        pulled.blobs.insert(h.clone(), fetch_blob(remote, at, h)?);
        pulled.blob_at.push((h.clone(), at.clone()));
    }
    Ok(pulled)
}

/// Reads and checks the text of a document: blob `hash` in `at`'s folder.
pub(crate) fn fetch_blob(remote: &Remote, at: &str, hash: &str) -> Result<String, SyncError> {
    let path = blob_path(at, hash);
    let bytes = remote.read(&path)?.ok_or_else(|| SyncError::damaged(&path, Damage::Garbled))?;
    let (_, body) = decode(&path, &bytes, FileKind::Blob, at, Some(0))?;
    if !is_hash(hash) || sha256_hex(&body) != hash {
        return Err(SyncError::damaged(&path, Damage::Checksum));
    }
    let text = String::from_utf8(body).map_err(|_| SyncError::damaged(&path, Damage::Garbled))?;
    serde_json::from_str::<Vec<Block>>(&text)
        .map_err(|e| SyncError::damaged(&path, Damage::BadRecord(e.to_string())))?;
    Ok(text)
}

/// Sends what changed here since the last push (everything, as a snapshot,
/// the first time); returns the records and blobs sent.
///
/// A push cut off after its head may have reached the target (and a peer
/// may have read that sequence number) is followed by a snapshot under the
/// next number: never a second, different file under a number once shown.
fn push(store: &mut Store, remote: &Remote, target: &SyncTarget, own: Option<Head>) -> Result<(u32, u32), SyncError> {
    let resumed = target.pending_seq > target.pushed_seq;
    let mut snapshot = target.snapshot_seq == 0 || resumed;
    // Nothing changed here: nothing to write, and no request (what the
    // journal held, if anything, had nothing to send: not pending any more).
    if !snapshot {
        let (records, generation) = store.outgoing(target, false)?;
        if records.is_empty() {
            store.mark_nothing_to_send(target.id, generation)?;
            return Ok((0, 0));
        }
    }
    // Our own head as the pull found it. Newer than this library knew (a
    // data folder restored from an old copy, an address whose marker had
    // no id): go on after it, with a snapshot. Gone (the target emptied):
    // a snapshot, so that no head names files that are not there.
    let known = target.pending_seq.max(target.pushed_seq);
    match own {
        Some(head) if head.seq > known => {
            store.begin_push(target.id, head.seq)?;
            snapshot = true;
        }
        None if target.pushed_seq > 0 => snapshot = true,
        _ => {}
    }
    // Every SNAPSHOT_EVERY pushes that carry something, a snapshot: a new
    // device reads one snapshot and fewer than that many segments, never
    // years of them.
    snapshot |= target.pushed_seq + 1 >= target.snapshot_seq + SNAPSHOT_EVERY;
    let (mut records, generation) = store.outgoing(target, snapshot)?;
    let me = target.device.as_str();
    let blobs = attach_blobs(store, remote, target, &mut records)?;
    let body = lines(&records);
    let seq = store.next_push_seq(target.id)?;
    let file =
        encode(if snapshot { FileKind::Snap } else { FileKind::Seg }, me, seq, records.len() as u64, body.as_bytes());
    remote.write(&file_path(snapshot, me, seq), file)?;
    let snap = if snapshot { seq } else { target.snapshot_seq };
    let head = Head { device: me.to_owned(), seq, snapshot: snap, segments_from: snap + 1, name: None };
    let head_body = serde_json::to_vec(&head).unwrap_or_default();
    remote.write(&head_path(me), encode(FileKind::Head, me, seq, 1, &head_body))?;
    store.mark_pushed(target.id, generation, seq, snapshot)?;
    if snapshot && target.snapshot_seq > 0 {
        prune(remote, me, target.snapshot_seq);
    }
    Ok((records.len() as u32, blobs))
}

/// Gives each document record the place of its text on the target,
/// uploading the texts the target does not have yet; how many went up.
pub(crate) fn attach_blobs(
    store: &mut Store,
    remote: &Remote,
    target: &SyncTarget,
    records: &mut [Record],
) -> Result<u32, SyncError> {
    let me = target.device.as_str();
    let mut blobs = 0;
    for r in records.iter_mut().filter(|r| r.t == Kind::Document && r.alive()) {
        let Some(hash) = r.r.get("text").and_then(|t| t.v.get("sha")).and_then(|s| s.as_str()).map(str::to_owned)
        else {
            continue;
        };
        let at = match store.blob_at(target.id, &hash)? {
            Some(at) => at,
            None => {
                let Some(text) = store.document_blob(&r.id, &hash)? else { continue };
                remote.write(&blob_path(me, &hash), encode(FileKind::Blob, me, 0, 1, text.as_bytes()))?;
                store.note_blob(target.id, &hash, me)?;
                blobs += 1;
                me.to_owned()
            }
        };
        r.blob = Some(BlobRef { h: hash, at });
    }
    Ok(blobs)
}

/// Records as a file body: one JSON line each.
pub(crate) fn lines(records: &[Record]) -> String {
    let mut body = String::new();
    for r in records {
        // Records of strings, numbers and stamps always serialise.
        body.push_str(&serde_json::to_string(r).unwrap_or_default());
        body.push('\n');
    }
    body
}

/// Deletes this device's files older than snapshot `keep_from` (the one
/// before the snapshot just written): no head names them any more, and a
/// peer part-way through the previous generation still finds its files.
/// Best effort: a file left behind costs space, not correctness.
pub(crate) fn prune(remote: &Remote, me: &str, keep_from: u64) {
    for dir in [format!("log/{me}/"), format!("snap/{me}/")] {
        let Ok(names) = remote.list(&dir) else { continue };
        for name in names {
            let seq = name.strip_suffix(".pzs").and_then(|n| n.parse::<u64>().ok());
            if seq.is_some_and(|seq| seq < keep_from) {
                let _ = remote.delete(&format!("{dir}{name}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use pizhu_model::{Annotation, AnnotationPatch, Document, NoteFilter};
    use pizhu_store::now;

    use super::*;

    fn note(id: &str, text: &str) -> Annotation {
        Annotation {
            id: id.into(),
            doc_id: "speech".into(),
            start: 3,
            end: 7,
            exact: "深入开展".into(),
            prefix: "——".into(),
            suffix: String::new(),
            color: "blue".into(),
            note: text.into(),
            tags: vec!["心得".into()],
            created: now(),
            updated: now(),
            deleted: None,
            orphaned: false,
            author: None,
        }
    }

    fn library() -> Store {
        let mut s = Store::open_in_memory().expect("store");
        s.ensure_builtin(&Document::speech()).expect("speech");
        s
    }

    fn notes(s: &Store) -> Vec<(String, String, Vec<String>, bool)> {
        let mut v: Vec<_> = s
            .all_annotations()
            .expect("list")
            .into_iter()
            .map(|a| (a.id, a.note, a.tags, a.deleted.is_some()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn two_stores_converge_and_keep_both_texts_of_a_concurrent_edit() {
        let dir = tempfile::tempdir().expect("tmp");
        let url = dir.path().to_string_lossy().into_owned();
        let cwd = Path::new("/");
        let (mut a, mut b) = (library(), library());
        a.insert_annotation(&note("n1", "甲写的")).expect("a");
        b.insert_annotation(&note("n2", "乙写的")).expect("b");
        let r = sync(&mut a, &url, cwd).expect("a first");
        assert_eq!(r.received, 0);
        assert!(r.sent >= 1);
        let r = sync(&mut b, &url, cwd).expect("b first");
        assert!(r.received >= 1, "{r:?}");
        sync(&mut a, &url, cwd).expect("a again");
        assert_eq!(notes(&a), notes(&b));
        assert_eq!(notes(&a).len(), 2);
        // Idle: nothing sent, nothing received.
        let r = sync(&mut a, &url, cwd).expect("idle");
        assert_eq!((r.sent, r.received, r.conflicts), (0, 0, 0));
        // Concurrent edits of n1, the one made later winning; the other
        // order is `a_conflict_reaches_the_device_whose_text_won`.
        a.update_annotation("n1", &AnnotationPatch { note: Some("甲改".into()), ..Default::default() }).expect("edit");
        std::thread::sleep(std::time::Duration::from_millis(3));
        b.update_annotation("n1", &AnnotationPatch { note: Some("乙改".into()), ..Default::default() }).expect("edit");
        sync(&mut a, &url, cwd).expect("a");
        let rb = sync(&mut b, &url, cwd).expect("b");
        let ra = sync(&mut a, &url, cwd).expect("a");
        assert_eq!(notes(&a), notes(&b));
        assert_eq!(rb.conflicts + ra.conflicts, 2, "{ra:?} {rb:?}");
        let (ca, cb) = (a.conflicts().expect("a"), b.conflicts().expect("b"));
        assert_eq!(ca.len(), 1);
        assert_eq!(ca[0].id, cb[0].id);
        let winner = a.annotation("n1").expect("n1").note;
        assert_eq!(ca[0].current, winner);
        let mut both = vec![winner, ca[0].other.clone()];
        both.sort();
        assert_eq!(both, vec!["乙改".to_string(), "甲改".to_string()]);
        // A sequential edit on top of the other's is no conflict.
        b.update_annotation("n2", &AnnotationPatch { note: Some("乙再改".into()), ..Default::default() }).expect("e");
        sync(&mut b, &url, cwd).expect("b");
        let r = sync(&mut a, &url, cwd).expect("a");
        assert_eq!(r.conflicts, 0);
        a.update_annotation("n2", &AnnotationPatch { note: Some("甲接着改".into()), ..Default::default() }).expect("e");
        sync(&mut a, &url, cwd).expect("a");
        let r = sync(&mut b, &url, cwd).expect("b");
        assert_eq!(r.conflicts, 0);
        assert_eq!(b.annotation("n2").expect("n2").note, "甲接着改");
        assert_eq!(a.annotations(&NoteFilter::default()).expect("l").len(), 2);
    }

    /// The device that syncs first wins here, so the other finds the
    /// conflict while merging; the winner must still learn of the text that
    /// lost (it never sees it otherwise) and list the same conflict.
    #[test]
    fn a_conflict_reaches_the_device_whose_text_won() {
        let dir = tempfile::tempdir().expect("tmp");
        let url = dir.path().to_string_lossy().into_owned();
        let cwd = Path::new("/");
        let (mut a, mut b) = (library(), library());
        a.insert_annotation(&note("n1", "原文")).expect("a");
        sync(&mut a, &url, cwd).expect("a first");
        sync(&mut b, &url, cwd).expect("b first");
        b.update_annotation("n1", &AnnotationPatch { note: Some("乙改".into()), ..Default::default() }).expect("edit");
        std::thread::sleep(std::time::Duration::from_millis(3));
        a.update_annotation("n1", &AnnotationPatch { note: Some("甲改".into()), ..Default::default() }).expect("edit");
        sync(&mut a, &url, cwd).expect("a");
        let rb = sync(&mut b, &url, cwd).expect("b");
        assert_eq!(rb.conflicts, 1, "{rb:?}");
        assert_eq!(b.annotation("n1").expect("n1").note, "甲改");
        let ra = sync(&mut a, &url, cwd).expect("a");
        assert_eq!(ra.conflicts, 1, "{ra:?}");
        let (ca, cb) = (a.conflicts().expect("a"), b.conflicts().expect("b"));
        assert_eq!((ca.len(), cb.len()), (1, 1));
        assert_eq!(ca[0].id, cb[0].id);
        assert_eq!(ca[0].other, "乙改");
        assert_eq!(ca[0].current, "甲改");
        // Nothing more travels once both know.
        let r = sync(&mut b, &url, cwd).expect("b idle");
        assert_eq!((r.sent, r.received, r.conflicts), (0, 0, 0), "{r:?}");
        let r = sync(&mut a, &url, cwd).expect("a idle");
        assert_eq!((r.sent, r.received, r.conflicts), (0, 0, 0), "{r:?}");
    }

    #[test]
    fn a_new_device_reads_one_snapshot_and_few_segments_and_old_files_are_pruned() {
        let dir = tempfile::tempdir().expect("tmp");
        let url = dir.path().to_string_lossy().into_owned();
        let cwd = Path::new("/");
        let mut a = library();
        a.insert_annotation(&note("n1", "第 0 次")).expect("a");
        for i in 1..=(2 * SNAPSHOT_EVERY + 10) {
            a.update_annotation("n1", &AnnotationPatch { note: Some(format!("第 {i} 次")), ..Default::default() })
                .expect("edit");
            sync(&mut a, &url, cwd).expect("push");
        }
        // Nothing to send: no snapshot is forced.
        let r = sync(&mut a, &url, cwd).expect("idle");
        assert_eq!(r.sent, 0);
        let files = |sub: &str| std::fs::read_dir(dir.path().join(sub)).map(|d| d.flatten().count()).unwrap_or(0);
        let device = std::fs::read_dir(dir.path().join("heads")).expect("heads").flatten().next().expect("head");
        let me = device.file_name().to_string_lossy().trim_end_matches(".pzh").to_owned();
        let (segs, snaps) = (files(&format!("log/{me}")), files(&format!("snap/{me}")));
        assert!(snaps <= 2, "snapshots kept: {snaps}");
        assert!(segs < 2 * SNAPSHOT_EVERY as usize, "segments kept: {segs}");
        let mut c = library();
        let r = sync(&mut c, &url, cwd).expect("new device");
        assert!(r.requests < SNAPSHOT_EVERY as u32 + 5, "{r:?}");
        assert_eq!(c.annotation("n1").expect("n1").note, format!("第 {} 次", 2 * SNAPSHOT_EVERY + 10));
    }
}
