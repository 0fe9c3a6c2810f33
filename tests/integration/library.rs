//! The library on real files: restarts, and an index that is missing,
//! damaged or behind the store.

use std::path::Path;

use pizhu_core::model::{AnnotationPatch, NewAnnotation, NoteFilter};
use pizhu_core::{Library, DB_FILE, INDEX_DIR};

use crate::util::tempdir;

fn open(dir: &Path) -> (Library, Option<String>) {
    let (lib, report) = Library::open(dir, &|_| {}).expect("open library");
    (lib, report.rebuilt)
}

fn add(lib: &Library, start: u32, note: &str) -> String {
    lib.create_annotation(&NewAnnotation {
        doc_id: "speech".into(),
        start,
        end: start + 4,
        color: "yellow".into(),
        note: note.into(),
        tags: vec!["标签".into()],
    })
    .expect("create")
    .id
}

fn note_hits(lib: &Library, q: &str) -> Vec<String> {
    lib.search(q, 100).expect("search").hits.into_iter().filter_map(|h| h.note_id).collect()
}

#[test]
fn everything_is_there_after_reopening() {
    let dir = tempdir();
    let (id, edited) = {
        let (lib, rebuilt) = open(dir.path());
        assert_eq!(rebuilt.as_deref(), Some("index missing"));
        let id = add(&lib, 10, "第一次的批注");
        let edited = add(&lib, 40, "要改的");
        lib.update_annotation(&edited, &AnnotationPatch { note: Some("改过了".into()), ..Default::default() })
            .expect("edit");
        let gone = add(&lib, 80, "删掉的");
        lib.delete_annotation(&gone).expect("delete");
        (id, edited)
    };
    let (lib, rebuilt) = open(dir.path());
    assert_eq!(rebuilt, None, "a clean shutdown leaves the index in step");
    let notes = lib.annotations(&NoteFilter::default()).expect("list");
    assert_eq!(notes.iter().map(|a| a.id.clone()).collect::<Vec<_>>(), vec![id.clone(), edited.clone()]);
    assert_eq!(notes[1].note, "改过了");
    assert_eq!(lib.annotations(&NoteFilter { trash: true, ..Default::default() }).expect("trash").len(), 1);
    assert_eq!(note_hits(&lib, "第一次"), vec![id]);
    assert_eq!(note_hits(&lib, "改过了"), vec![edited]);
    assert!(note_hits(&lib, "删掉的").is_empty());
    lib.check().expect("consistent");
}

#[test]
fn deleted_index_folder_is_rebuilt() {
    let dir = tempdir();
    let id = add(&open(dir.path()).0, 5, "索引被删了也能找到");
    std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).expect("rm index");
    let (lib, rebuilt) = open(dir.path());
    assert_eq!(rebuilt.as_deref(), Some("index missing"));
    assert_eq!(note_hits(&lib, "索引被删"), vec![id]);
    let want = pizhu_core::model::Document::speech().blocks.iter().filter(|b| b.text.contains("整顿工")).count();
    assert_eq!(lib.search("整顿工", 50).expect("search").total as usize, want);
}

#[test]
fn corrupted_index_file_is_rebuilt() {
    let dir = tempdir();
    let id = add(&open(dir.path()).0, 5, "文件坏了也能找到");
    // Flip bytes in the largest segment file.
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join(INDEX_DIR))
        .expect("read index")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e != "json" && e != "lock"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    let victim = files.last().expect("a segment file");
    let mut bytes = std::fs::read(victim).expect("read");
    let mid = bytes.len() / 2;
    let end = (mid + 16).min(bytes.len());
    for b in &mut bytes[mid..end] {
        *b ^= 0xA5;
    }
    std::fs::write(victim, bytes).expect("write");
    let (lib, rebuilt) = open(dir.path());
    assert!(rebuilt.is_some(), "damage is noticed");
    assert_eq!(note_hits(&lib, "文件坏了"), vec![id]);
}

#[test]
fn garbage_meta_json_is_rebuilt() {
    let dir = tempdir();
    let id = add(&open(dir.path()).0, 5, "元数据坏了");
    std::fs::write(dir.path().join(INDEX_DIR).join("meta.json"), b"{not json").expect("write");
    let (lib, rebuilt) = open(dir.path());
    assert!(rebuilt.is_some());
    assert_eq!(note_hits(&lib, "元数据坏了"), vec![id]);
}

/// Writes a note, then puts the index back as it was before: the store is
/// ahead of the index. Returns the old note (since trashed) and the new one.
fn store_ahead_of_index(dir: &Path) -> (String, String) {
    let old = add(&open(dir).0, 5, "旧批注");
    let backup = tempdir();
    copy_dir(&dir.join(INDEX_DIR), backup.path());
    let newer = {
        let (lib, _) = open(dir);
        lib.delete_annotation(&old).expect("delete");
        add(&lib, 50, "新批注")
    };
    std::fs::remove_dir_all(dir.join(INDEX_DIR)).expect("rm");
    copy_dir(backup.path(), &dir.join(INDEX_DIR));
    (old, newer)
}

#[test]
fn store_ahead_of_index_is_caught_up_from_the_journal() {
    let dir = tempdir();
    let (_, newer) = store_ahead_of_index(dir.path());
    let (lib, rebuilt) = open(dir.path());
    assert_eq!(rebuilt, None, "the journal covers the gap: no rebuild");
    assert_eq!(note_hits(&lib, "新批注"), vec![newer]);
    assert!(note_hits(&lib, "旧批注").is_empty(), "no stale results");
    lib.check().expect("in step");
}

#[test]
fn store_ahead_of_index_beyond_the_journal_is_rebuilt() {
    let dir = tempdir();
    let (_, newer) = store_ahead_of_index(dir.path());
    // As if the journal had been started after the index was written.
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("sqlite");
    conn.execute(
        "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'generation') WHERE key = 'journal_from'",
        [],
    )
    .expect("update");
    drop(conn);
    let (lib, rebuilt) = open(dir.path());
    assert!(rebuilt.expect("rebuilt").contains("generation"));
    assert_eq!(note_hits(&lib, "新批注"), vec![newer]);
    assert!(note_hits(&lib, "旧批注").is_empty(), "no stale results");
}

#[test]
fn a_second_handle_shares_the_library_while_the_first_owns_the_index() {
    let dir = tempdir();
    let (owner, _) = open(dir.path());
    let first = add(&owner, 5, "窗口里写的");
    // The CLI while the app is open: it reads, and writes to SQLite.
    let (cli, report) = Library::open(dir.path(), &|_| {}).expect("shared open");
    assert!(report.shared && !cli.owns_index());
    assert_eq!(note_hits(&cli, "窗口里写的"), vec![first.clone()], "reads see the owner's notes");
    let second = add(&cli, 60, "命令行写的");
    assert_eq!(note_hits(&cli, "命令行写的"), Vec::<String>::new(), "a shared handle leaves indexing to the owner");
    drop(cli);
    // The owner indexes it from the journal, without a rebuild.
    assert!(note_hits(&owner, "命令行写的").is_empty());
    assert!(owner.catch_up().expect("catch up"), "the owner noticed the write");
    assert_eq!(note_hits(&owner, "命令行写的"), vec![second.clone()]);
    assert!(!owner.catch_up().expect("again"), "nothing more to do");
    // A write by another process between two of the owner's own is not lost.
    let (cli, _) = Library::open(dir.path(), &|_| {}).expect("shared open");
    cli.delete_annotation(&first).expect("delete elsewhere");
    drop(cli);
    let third = add(&owner, 90, "又一条");
    assert!(note_hits(&owner, "窗口里写的").is_empty(), "the trashed note left the index");
    assert_eq!(note_hits(&owner, "又一条"), vec![third]);
    owner.check().expect("index in step with the store");
}

#[test]
fn a_shared_handle_searches_a_fresh_copy_when_the_owner_is_behind() {
    let dir = tempdir();
    let (owner, _) = open(dir.path());
    let (cli, _) = Library::open(dir.path(), &|_| {}).expect("shared open");
    let id = add(&cli, 20, "尚未索引");
    drop(cli);
    // The owner has not caught up yet; a new shared handle still finds the note.
    let (cli, report) = Library::open(dir.path(), &|_| {}).expect("shared open");
    assert!(report.shared);
    assert_eq!(note_hits(&cli, "尚未索引"), vec![id]);
    drop(owner);
}

#[test]
fn sqlite_file_is_the_truth_on_disk() {
    let dir = tempdir();
    add(&open(dir.path()).0, 5, "落盘");
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("sqlite");
    let n: i64 = conn.query_row("SELECT count(*) FROM annotations WHERE note = '落盘'", [], |r| r.get(0)).expect("q");
    assert_eq!(n, 1);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("q");
    assert_eq!(mode, "wal");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read").flatten() {
        if e.file_name() != ".tantivy-writer.lock" {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}
