//! The index on disk under many small commits, and shared with a reader in
//! another handle: what a CLI writing note after note does to it.

use pizhu_search::index::{Change, MAX_SEGMENTS};
use pizhu_search::{NoteEntry, SearchError, SearchIndex};

fn note(i: u32) -> NoteEntry {
    NoteEntry {
        id: format!("n{i}"),
        doc: "speech".into(),
        block: 0,
        start: i,
        end: i + 1,
        note: format!("第{i}条心得 独有词{i}号"),
        exact: "党史".into(),
        tags: vec![],
        section: None,
        order: u64::from(i),
    }
}

#[test]
fn segments_stay_bounded_after_many_single_commits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("index");
    let ix = SearchIndex::create(&path).expect("create");
    for i in 0..200 {
        ix.apply(&[Change::PutNote(note(i))], u64::from(i) + 1).expect("apply");
        assert!(ix.num_segments() <= MAX_SEGMENTS, "{} segments after {} commits", ix.num_segments(), i + 1);
    }
    assert_eq!(ix.search("独有词137号", 10).expect("search").total, 1);
    drop(ix);
    // The merged index still records the generation of the last commit.
    let ix = SearchIndex::open(&path).expect("reopen");
    assert_eq!(ix.generation(), Some(200));
    assert_eq!(ix.num_entries(), 200);
    assert!(ix.num_segments() <= MAX_SEGMENTS);
}

#[test]
fn a_second_handle_reads_while_the_first_holds_the_writer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("index");
    let owner = SearchIndex::create(&path).expect("create");
    owner.apply(&[Change::PutNote(note(1))], 1).expect("apply");
    assert!(matches!(SearchIndex::open(&path), Err(SearchError::Locked)));
    let reader = SearchIndex::open_read_only(&path).expect("read-only");
    assert!(!reader.is_writable());
    assert_eq!(reader.generation(), Some(1));
    assert_eq!(reader.search("独有词1号", 10).expect("search").total, 1);
    assert!(matches!(reader.apply(&[Change::RemoveNote("n1".into())], 2), Err(SearchError::ReadOnly)));
}
