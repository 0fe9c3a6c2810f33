//! Schema upgrades: a library written by every earlier schema opens in this
//! version with its notes intact.

use pizhu_core::model::{Annotation, Document, NoteFilter};
use pizhu_core::{Library, DB_FILE};
use pizhu_store::migrations::LATEST;
use pizhu_store::{now, Store, StoreError};

use crate::util::tempdir;

/// A note as an older schema stored it, tagged 迁移.
fn old_note(id: &str, note: &str) -> Annotation {
    Annotation {
        id: id.into(),
        doc_id: "speech".into(),
        start: 3,
        end: 7,
        exact: "深入开展".into(),
        prefix: "——".into(),
        suffix: String::new(),
        color: "blue".into(),
        note: note.into(),
        tags: vec!["迁移".into()],
        created: now(),
        updated: now(),
        deleted: None,
        orphaned: false,
        author: None,
    }
}

#[test]
fn every_earlier_schema_version_upgrades_with_notes_intact() {
    for version in 1..LATEST {
        let dir = tempdir();
        {
            let mut old = Store::open_at_version(&dir.path().join(DB_FILE), version).expect("old schema");
            assert_eq!(old.schema_version().expect("version"), version);
            old.ensure_builtin(&Document::speech()).expect("speech");
            old.insert_annotation(&old_note(&format!("from-v{version}"), "旧版本写的批注")).expect("insert");
        }
        let (lib, report) = Library::open(dir.path(), &|_| {}).expect("upgrade");
        assert!(report.rebuilt.is_some());
        let notes = lib.annotations(&NoteFilter::default()).expect("list");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].tags, vec!["迁移"]);
        assert_eq!(lib.search("旧版本", 10).expect("search").hits.len(), 1);
        lib.set_setting("position:speech", "5").expect("v2 table exists");
        lib.check().expect("consistent");
    }
}

#[test]
fn a_library_from_a_newer_version_is_refused_not_damaged() {
    let dir = tempdir();
    drop(Library::open(dir.path(), &|_| {}).expect("create"));
    let path = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        conn.pragma_update(None, "user_version", LATEST + 1).expect("bump");
    }
    match Library::open(dir.path(), &|_| {}) {
        Err(e) => {
            assert_eq!(e.code(), pizhu_core::ErrorCode::TooNew);
            assert!(e.to_string().contains("newer version of Pizhu"));
        }
        Ok(_) => panic!("opened a newer schema"),
    }
    assert!(matches!(Store::open(&path), Err(StoreError::TooNew { .. })));
}

#[test]
fn notes_on_the_speech_follow_its_full_width_typesetting() {
    let dir = tempdir();
    let speech = Document::speech();
    // The speech as earlier versions shipped it: ASCII , and ; in Chinese text.
    let old_text = speech.text().replace('，', ",").replace('；', ";");
    let start =
        old_text.chars().collect::<Vec<_>>().windows(3).position(|w| w[0] == '一' && w[1] == ',').expect("一,") as u32;
    {
        let mut old = Store::open(&dir.path().join(DB_FILE)).expect("store");
        old.ensure_builtin(&Document::from_text("speech", speech.title.clone(), &old_text)).expect("old speech");
        let cp = pizhu_core::model::CpText::new(&old_text);
        let q = pizhu_core::model::Quote::at(&cp, start, start + 6).expect("quote");
        assert!(q.exact.contains(','), "{}", q.exact);
        old.insert_annotation(&Annotation {
            id: "old-comma".into(),
            doc_id: "speech".into(),
            start,
            end: start + 6,
            exact: q.exact,
            prefix: q.prefix,
            suffix: q.suffix,
            color: "yellow".into(),
            note: "逗号之前写的".into(),
            tags: vec![],
            created: now(),
            updated: now(),
            deleted: None,
            orphaned: false,
            author: None,
        })
        .expect("insert");
    }
    let (lib, _) = Library::open(dir.path(), &|_| {}).expect("open");
    let a = lib.annotation("old-comma").expect("kept");
    assert_eq!((a.start, a.end), (start, start + 6), "one code point for one: the place stays");
    assert!(a.exact.contains('，') && !a.exact.contains(','), "quote retypeset: {}", a.exact);
    assert!(!a.prefix.contains(',') && !a.suffix.contains(','));
    assert_eq!(a.note, "逗号之前写的");
    let text: Vec<char> = lib.document("speech").expect("speech").text().chars().collect();
    assert_eq!(text[a.start as usize..a.end as usize].iter().collect::<String>(), a.exact);
    assert!(!lib.search("逗号之前写的", 5).expect("search").hits.is_empty(), "still searchable");
    lib.check().expect("in step");
}

#[test]
fn notes_written_before_sync_existed_sync_as_their_own_time() {
    let (old, other, target) = (tempdir(), tempdir(), tempdir());
    {
        let mut store = Store::open_at_version(&old.path().join(DB_FILE), 5).expect("schema 5");
        store.ensure_builtin(&Document::speech()).expect("speech");
        store.insert_annotation(&old_note("from-v5", "同步之前写的")).expect("insert");
    }
    let url = target.path().to_string_lossy().into_owned();
    crate::util::ok(old.path(), &["sync", &url]);
    crate::util::ok(other.path(), &["sync", &url]);
    let notes: serde_json::Value =
        serde_json::from_str(&crate::util::ok(other.path(), &["notes", "--json"])).expect("json");
    assert_eq!(notes[0]["id"], "from-v5");
    assert_eq!(notes[0]["note"], "同步之前写的");
    assert_eq!(notes[0]["tags"], serde_json::json!(["迁移"]));
}
