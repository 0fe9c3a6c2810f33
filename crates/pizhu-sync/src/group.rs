//! One exchange with a study group's target: pull each member whose head
//! moved (their whole shared layer, one snapshot file), replace their layer
//! here, then push mine when it changed.
//!
//! A group target has the library layout (marker of kind `group`, heads,
//! snapshots, blobs) and the same rules: each member's device writes only
//! its own files, a head is written last. Every push is a snapshot, so a
//! member who stops sharing a note simply leaves it out of the next one;
//! nothing is merged, no stamps or tombstones matter here.

use std::collections::HashMap;

use pizhu_model::sync::{is_device_id, Kind, Record};
use pizhu_store::sync::{now_ms, sha256_hex};
use pizhu_store::{Store, SyncTarget};
use serde::Serialize;

use crate::container::{encode, FileKind};
use crate::engine::{self, Head};
use crate::error::{Damage, SyncError};
use crate::remote::{Remote, TargetUrl};
use crate::secret::Credentials;

/// The longest reader name, in characters.
pub const MAX_NAME: usize = 40;

/// What one exchange with a group did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ShareReport {
    /// My shared notes sent (0 when my layer had not changed).
    pub sent: u32,
    /// Members' notes new, changed or gone here.
    pub received: u32,
    /// Members met on the target (besides me).
    pub members: u32,
    /// Requests made to the target.
    pub requests: u32,
}

/// A reader name as a group shows it: trimmed, 1 to [`MAX_NAME`]
/// characters, no control characters; `None` when it is not one.
pub fn clean_name(name: &str) -> Option<String> {
    let name = name.trim();
    let ok = !name.is_empty() && name.chars().count() <= MAX_NAME && !name.chars().any(char::is_control);
    ok.then(|| name.to_owned())
}

/// The group target at `canonical` as this library records it; refused
/// when this library syncs its own devices there.
pub fn group_target(store: &mut Store, canonical: &str) -> Result<SyncTarget, SyncError> {
    let known = store.sync_target(canonical)?;
    if known.kind != engine::GROUP && !known.fresh {
        return Err(SyncError::WrongKind { target: canonical.to_owned(), group: false });
    }
    Ok(store.group_target(canonical)?)
}

/// Exchanges with the group at `url` as the reader `name`: fetches the
/// members' layers that changed, then sends mine if it changed.
pub fn share_with(
    store: &mut Store,
    url: &TargetUrl,
    credentials: &Credentials,
    name: &str,
) -> Result<ShareReport, SyncError> {
    let name = clean_name(name).ok_or(SyncError::BadName)?;
    let target = group_target(store, &url.canonical)?;
    let (remote, target) = engine::open_target(store, url, credentials, target)?;
    let mut report = ShareReport::default();
    let mut names = remote.list("heads/")?;
    names.sort();
    let me = target.device.clone();
    let mut mine_there = false;
    let mut layers = Vec::new();
    let now = now_ms();
    for file in names {
        let path = format!("heads/{file}");
        let Some(device) = file.strip_suffix(".pzh").filter(|d| is_device_id(d)) else {
            return Err(SyncError::damaged(&path, Damage::Misplaced));
        };
        if device == me {
            mine_there = true;
            continue;
        }
        let Some(head) = engine::read_head(&remote, device)? else { continue };
        report.members += 1;
        let member_name = head.name.as_deref().and_then(clean_name);
        let Some(member_name) = member_name.filter(|_| head.snapshot == head.seq) else {
            return Err(SyncError::damaged(&path, Damage::Misplaced));
        };
        if head.seq <= store.peer_seq(target.id, device)? {
            continue;
        }
        let mut records = Vec::new();
        engine::read_records(&remote, true, device, head.snapshot, now, &mut records)?;
        let mut blobs = HashMap::new();
        for r in records.iter().filter(|r| r.t == Kind::Document && r.alive()) {
            let Some(blob) = &r.blob else { continue };
            if !store.has_document(&r.id)? && !blobs.contains_key(&blob.h) {
                blobs.insert(blob.h.clone(), engine::fetch_blob(&remote, &blob.at, &blob.h)?);
            }
        }
        layers.push((device.to_owned(), member_name, head.seq, records, blobs));
    }
    // Everything read and checked: now the layers, each in one transaction.
    for (device, member_name, seq, records, blobs) in layers {
        let applied = store.apply_member_layer(target.id, &device, &member_name, seq, &records, &blobs)?;
        report.received += applied.changed + applied.removed;
    }
    report.sent = push_layer(store, &remote, &target, &name, mine_there)?;
    report.requests = remote.requests();
    Ok(report)
}

/// Sends my layer as a new snapshot and head, unless it (with my name) is
/// what the target already has; how many notes went.
fn push_layer(
    store: &mut Store,
    remote: &Remote,
    target: &SyncTarget,
    name: &str,
    mine_there: bool,
) -> Result<u32, SyncError> {
    let (mut records, digest) = store.shared_layer(target.id)?;
    let digest = sha256_hex(format!("{name}\n{digest}").as_bytes());
    if mine_there && store.sent_layer(target.id)?.as_deref() == Some(digest.as_str()) {
        return Ok(0);
    }
    let me = target.device.as_str();
    // My own head, when the target has one: newer than this library knows
    // (the group left and joined again, a data folder restored from an old
    // copy), the push goes on after it — members skip a number they have read.
    if mine_there {
        if let Some(head) = engine::read_head(remote, me)? {
            if head.seq > target.pending_seq.max(target.pushed_seq) {
                store.begin_push(target.id, head.seq)?;
            }
        }
    }
    engine::attach_blobs(store, remote, target, &mut records)?;
    let body = engine::lines(&records);
    let seq = store.next_push_seq(target.id)?;
    let file = encode(FileKind::Snap, me, seq, records.len() as u64, body.as_bytes());
    remote.write(&engine::file_path(true, me, seq), file)?;
    let head = Head { device: me.to_owned(), seq, snapshot: seq, segments_from: seq + 1, name: Some(name.to_owned()) };
    let head_body = serde_json::to_vec(&head).unwrap_or_default();
    remote.write(&engine::head_path(me), encode(FileKind::Head, me, seq, 1, &head_body))?;
    store.mark_layer_sent(target.id, &digest, seq)?;
    if target.snapshot_seq > 0 {
        engine::prune(remote, me, target.snapshot_seq);
    }
    Ok(records.iter().filter(|r: &&Record| r.t == Kind::Annotation).count() as u32)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use pizhu_model::{Annotation, Document, NoteFilter};
    use pizhu_store::group::Share;
    use pizhu_store::now;

    use super::*;

    fn note(id: &str, start: u32, end: u32) -> Annotation {
        let text = Document::speech().text();
        Annotation {
            id: id.into(),
            doc_id: "speech".into(),
            start,
            end,
            exact: text.chars().skip(start as usize).take((end - start) as usize).collect(),
            prefix: String::new(),
            suffix: String::new(),
            color: "yellow".into(),
            note: format!("{id} 的批注"),
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

    fn theirs(s: &Store) -> Vec<String> {
        let all = s.annotations(&NoteFilter::default()).expect("list");
        all.into_iter().filter(|a| a.author.is_some()).map(|a| a.id).collect()
    }

    fn share(s: &mut Store, url: &TargetUrl, name: &str) -> ShareReport {
        share_with(s, url, &Credentials::default(), name).expect("share")
    }

    #[test]
    fn a_member_who_left_and_joined_again_is_read_after_the_numbers_others_have_seen() {
        let dir = tempfile::tempdir().expect("tmp");
        let url = TargetUrl::parse(&dir.path().to_string_lossy(), Path::new("/")).expect("url");
        let (mut a, mut b) = (library(), library());
        a.insert_annotation(&note("a1", 3, 7)).expect("a1");
        a.insert_annotation(&note("a2", 10, 14)).expect("a2");
        let t = group_target(&mut a, &url.canonical).expect("group").id;
        a.set_shared(t, &Share { entity: "document".into(), id: "speech".into() }, true).expect("share");
        for i in 0..3 {
            a.update_annotation(
                "a1",
                &pizhu_model::AnnotationPatch { note: Some(format!("第{i}版")), ..Default::default() },
            )
            .expect("edit");
            share(&mut a, &url, "张三");
        }
        share(&mut b, &url, "李四");
        assert_eq!(theirs(&b).len(), 2);
        // 张三 leaves, joins again and shares one note only: 李四 must see that.
        a.leave_group(&url.canonical).expect("leave");
        let t = group_target(&mut a, &url.canonical).expect("group").id;
        a.set_shared(t, &Share { entity: "annotation".into(), id: "a2".into() }, true).expect("share one");
        share(&mut a, &url, "张三");
        let r = share(&mut b, &url, "李四");
        assert_eq!(theirs(&b), vec!["a2".to_string()], "{r:?}");
    }

    #[test]
    fn members_notes_leave_no_pending_change_for_my_own_library() {
        let (lib_dir, group_dir) = (tempfile::tempdir().expect("tmp"), tempfile::tempdir().expect("tmp"));
        let cwd = Path::new("/");
        let group = TargetUrl::parse(&group_dir.path().to_string_lossy(), cwd).expect("url");
        let mine = lib_dir.path().to_string_lossy().into_owned();
        let (mut a, mut b) = (library(), library());
        a.insert_annotation(&note("a1", 3, 7)).expect("a1");
        let t = group_target(&mut a, &group.canonical).expect("group").id;
        a.set_shared(t, &Share { entity: "annotation".into(), id: "a1".into() }, true).expect("share");
        share(&mut a, &group, "张三");
        crate::sync(&mut b, &mine, cwd).expect("b's library");
        share(&mut b, &group, "李四");
        assert_eq!(theirs(&b), vec!["a1".to_string()]);
        let canonical = TargetUrl::parse(&mine, cwd).expect("url").canonical;
        assert_eq!(b.sync_pending(&canonical).expect("pending"), Some(0), "a member's note is no change of mine");
        // 张三 stops sharing: the note leaves; still nothing of mine to send.
        a.set_shared(t, &Share { entity: "annotation".into(), id: "a1".into() }, false).expect("unshare");
        share(&mut a, &group, "张三");
        share(&mut b, &group, "李四");
        assert!(theirs(&b).is_empty());
        assert_eq!(b.sync_pending(&canonical).expect("pending"), Some(0));
        // Renaming my tag leaves a member's tags as they are.
        a.set_shared(t, &Share { entity: "annotation".into(), id: "a1".into() }, true).expect("share");
        share(&mut a, &group, "张三");
        share(&mut b, &group, "李四");
        b.insert_annotation(&note("b1", 20, 24)).expect("b1");
        b.rename_tag("心得", "体会").expect("rename");
        assert_eq!(b.annotation("a1").expect("a1").tags, vec!["心得".to_string()]);
        assert_eq!(b.annotation("b1").expect("b1").tags, vec!["体会".to_string()]);
    }

    #[test]
    fn my_note_that_came_first_through_a_group_becomes_mine_with_my_library_sync() {
        let (lib_dir, group_dir) = (tempfile::tempdir().expect("tmp"), tempfile::tempdir().expect("tmp"));
        let cwd = Path::new("/");
        let group = TargetUrl::parse(&group_dir.path().to_string_lossy(), cwd).expect("url");
        let mine = lib_dir.path().to_string_lossy().into_owned();
        // My office computer shares a note with the group; my home computer
        // is in the group too and gets it there before my own sync.
        let (mut office, mut home) = (library(), library());
        office.insert_annotation(&note("n1", 3, 7)).expect("n1");
        let t = group_target(&mut office, &group.canonical).expect("group").id;
        office.set_shared(t, &Share { entity: "document".into(), id: "speech".into() }, true).expect("share");
        share(&mut office, &group, "我");
        share(&mut home, &group, "我");
        assert_eq!(theirs(&home), vec!["n1".to_string()]);
        crate::sync(&mut office, &mine, cwd).expect("office");
        crate::sync(&mut home, &mine, cwd).expect("home");
        let n1 = home.annotation("n1").expect("n1");
        assert!(n1.author.is_none(), "my own note is mine again: {n1:?}");
        assert!(home.conflicts().expect("conflicts").is_empty());
    }
}
