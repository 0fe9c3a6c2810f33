//! Backups and restores on real files: round trip, merging, and every kind
//! of bad backup refused with the library unchanged.

use std::io::Write;
use std::path::{Path, PathBuf};

use pizhu_export::backup::{self, rolling_backup, DB_ENTRY, MANIFEST_ENTRY};
use pizhu_export::ExportError;
use pizhu_model::{Annotation, CpText, Document, NewAnnotation};
use pizhu_store::{now, Store};
use time::macros::datetime;
use zip::write::SimpleFileOptions;

fn ann(store: &Store, id: &str, doc: &str, start: u32, end: u32, note: &str, tags: &[&str]) -> Annotation {
    let text = store.document(doc).expect("doc").text();
    let tags = tags.iter().map(|t| t.to_string()).collect();
    let input = NewAnnotation { doc_id: doc.into(), start, end, color: "green".into(), note: note.into(), tags };
    Annotation::quoting(id.into(), &input, &CpText::new(&text), &now()).expect("range")
}

const USER_TEXT: &str = "一、开头\n甲乙丙丁😀𠀀戊己庚辛。\n二、后面\n壬癸子丑寅卯。";

/// A library with the speech, a user document and four notes (one in the trash).
fn library(dir: &Path) -> Store {
    let mut s = Store::open(&dir.join(DB_ENTRY)).expect("open");
    s.ensure_builtin(&Document::speech()).expect("speech");
    s.add_document(&Document::from_text("doc-user", "我的文档 <&>", USER_TEXT)).expect("add");
    s.insert_annotation(&ann(&s, "a1", "speech", 10, 20, "党史 <b>&amp; 😀𠀀\n\n第二段", &["学习", "重 点"]))
        .expect("a1");
    s.insert_annotation(&ann(&s, "a2", "doc-user", 5, 11, "", &[])).expect("a2");
    s.insert_annotation(&ann(&s, "a3", "doc-user", 18, 22, "后面的批注", &["甲"])).expect("a3");
    s.insert_annotation(&ann(&s, "a4", "speech", 30, 33, "回收站里的", &[])).expect("a4");
    s.trash_annotation("a4").expect("trash");
    s
}

fn sorted(mut v: Vec<Annotation>) -> Vec<Annotation> {
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// Everything a restore could change, to show that a failed one changed nothing.
fn state(s: &Store) -> (u64, Vec<Annotation>, Vec<String>, Vec<pizhu_model::Color>) {
    (
        s.generation().expect("gen"),
        sorted(s.all_annotations().expect("all")),
        s.document_ids().expect("ids"),
        s.colors().expect("colors"),
    )
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn round_trip_into_an_empty_data_dir() {
    let src = tempdir();
    let mut s = library(src.path());
    s.rename_color("green", Some("好句子"), None).expect("rename colour");
    let zip = src.path().join("backup.zip");
    let manifest = backup::backup(&src.path().join(DB_ENTRY), &zip).expect("backup");
    assert_eq!((manifest.documents, manifest.annotations), (2, 4));
    assert_eq!(manifest.format, "pizhu-backup");
    assert_eq!(manifest.sha256.len(), 64);

    let dst = tempdir();
    let mut t = Store::open(&dst.path().join(DB_ENTRY)).expect("open empty");
    let report = backup::restore(&zip, &mut t).expect("restore");
    assert_eq!(report.inserted, 4);
    assert_eq!(report.documents_added.len(), 2);
    assert!(report.skipped.is_empty() && report.reanchored.is_empty());
    assert_eq!(sorted(t.all_annotations().expect("all")), sorted(s.all_annotations().expect("all")));
    assert_eq!(t.document("doc-user").expect("doc"), s.document("doc-user").expect("doc"));
    assert_eq!(t.documents().expect("docs"), s.documents().expect("docs"));
    assert_eq!(t.colors().expect("colors"), s.colors().expect("colors"));
    assert_eq!(t.tags().expect("tags"), s.tags().expect("tags"));
    t.integrity_check().expect("sound");

    // Twice: nothing changes, not even the generation.
    let before = state(&t);
    let again = backup::restore(&zip, &mut t).expect("restore again");
    assert!(!again.changed);
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(state(&t), before);
}

#[test]
fn merge_newest_wins_and_nothing_is_duplicated() {
    let src = tempdir();
    let s = library(src.path());
    let zip = src.path().join("b.zip");
    backup::backup(&src.path().join(DB_ENTRY), &zip).expect("backup");

    let dst = tempdir();
    let mut t = library(dst.path());
    // a1 edited in the target after the backup: the target's version stays.
    t.update_annotation("a1", &pizhu_model::AnnotationPatch { note: Some("本机更新".into()), ..Default::default() })
        .expect("edit");
    // a2 older in the target than in the backup: the backup's version wins.
    let mut a2 = s.annotation("a2").expect("a2");
    a2.note = "备份里的新版本".into();
    a2.updated = "2999-01-01T00:00:00.000Z".into();
    let mut b = Store::open(&src.path().join(DB_ENTRY)).expect("reopen");
    b.merge(&[], &[], &[a2]).expect("newer in source");
    drop(b);
    backup::backup(&src.path().join(DB_ENTRY), &zip).expect("backup again");
    let extra = ann(&t, "only-here", "speech", 50, 55, "本机独有", &[]);
    t.insert_annotation(&extra).expect("extra");

    let report = backup::restore(&zip, &mut t).expect("restore");
    assert_eq!(report.updated, 1, "{report:?}");
    assert_eq!(report.inserted, 0);
    assert_eq!(t.annotation("a1").expect("a1").note, "本机更新");
    assert_eq!(t.annotation("a2").expect("a2").note, "备份里的新版本");
    assert_eq!(t.annotation("only-here").expect("kept").note, "本机独有");
    assert_eq!(t.all_annotations().expect("all").len(), 5, "nothing duplicated");
    let before = state(&t);
    assert!(!backup::restore(&zip, &mut t).expect("again").changed);
    assert_eq!(state(&t), before);
}

#[test]
fn notes_on_changed_text_are_reanchored_or_skipped() {
    let src = tempdir();
    let s = library(src.path());
    let zip = src.path().join("b.zip");
    backup::backup(&src.path().join(DB_ENTRY), &zip).expect("backup");
    let a2 = s.annotation("a2").expect("a2");

    let dst = tempdir();
    let mut t = Store::open(&dst.path().join(DB_ENTRY)).expect("open");
    t.ensure_builtin(&Document::speech()).expect("speech");
    // Same document id, edited text: a line added on top, the second section rewritten.
    t.add_document(&Document::from_text(
        "doc-user",
        "我的文档",
        "新加的一行。\n一、开头\n甲乙丙丁😀𠀀戊己庚辛。\n二、改写",
    ))
    .expect("add");
    let report = backup::restore(&zip, &mut t).expect("restore");
    assert_eq!(report.reanchored, vec!["a2".to_string()]);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].annotation, "a3");
    let moved = t.annotation("a2").expect("a2");
    assert_eq!((moved.start, moved.end), (a2.start + 7, a2.end + 7));
    assert_eq!(moved.exact, a2.exact);
    let text = t.document("doc-user").expect("doc").text();
    assert_eq!(CpText::new(&text).slice(moved.start, moved.end), a2.exact);
    assert!(t.annotation("a3").is_err());
    assert_eq!(t.document("doc-user").expect("doc").title, "我的文档", "the library's document stays");
    let before = state(&t);
    assert!(!backup::restore(&zip, &mut t).expect("again").changed);
    assert_eq!(state(&t), before);
}

/// Writes a zip with the given entries.
fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, bytes) in entries {
        zip.start_file(*name, SimpleFileOptions::default()).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

fn entry(zip: &Path, name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip).expect("open")).expect("zip");
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut z.by_name(name).expect("entry"), &mut out).expect("read");
    out
}

/// A good backup, plus a target library and its state.
struct Fixture {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    good: PathBuf,
    db: Vec<u8>,
    manifest: serde_json::Value,
    target: Store,
    bad: PathBuf,
}

fn fixture() -> Fixture {
    let src = tempdir();
    library(src.path());
    let good = src.path().join("good.zip");
    backup::backup(&src.path().join(DB_ENTRY), &good).expect("backup");
    let db = entry(&good, DB_ENTRY);
    let manifest = serde_json::from_slice(&entry(&good, MANIFEST_ENTRY)).expect("manifest json");
    let dst = tempdir();
    let mut target = Store::open(&dst.path().join(DB_ENTRY)).expect("target");
    target.ensure_builtin(&Document::speech()).expect("speech");
    target.insert_annotation(&ann(&target, "mine", "speech", 3, 9, "我的", &["自己"])).expect("mine");
    let bad = src.path().join("bad.zip");
    Fixture { _dirs: (src, dst), good, db, manifest, target, bad }
}

/// Restores the fixture's bad backup into its target, expecting an error;
/// checks that nothing changed and returns the error and its message.
fn refused(f: &mut Fixture) -> (ExportError, String) {
    let before = state(&f.target);
    let e = backup::restore(&f.bad, &mut f.target).expect_err("must be refused");
    assert_eq!(state(&f.target), before, "a refused restore changes nothing");
    let msg = e.to_string();
    (e, msg)
}

#[test]
fn corrupt_and_truncated_zips_are_refused() {
    let mut f = fixture();
    std::fs::write(&f.bad, b"this is not a zip at all").expect("write");
    let (e, msg) = refused(&mut f);
    assert!(matches!(e, ExportError::Corrupt { .. }), "{msg}");
    assert!(msg.contains("damaged or incomplete"), "{msg}");

    let bytes = std::fs::read(&f.good).expect("read");
    for cut in [bytes.len() / 2, bytes.len() - 10, 100] {
        std::fs::write(&f.bad, &bytes[..cut]).expect("write");
        let (e, msg) = refused(&mut f);
        assert!(matches!(e, ExportError::Corrupt { .. }), "cut at {cut}: {msg}");
    }
    // A zip, but not a backup.
    write_zip(&f.bad, &[("notes.txt", b"hello")]);
    let (e, msg) = refused(&mut f);
    assert!(matches!(e, ExportError::NotABackup { .. }), "{msg}");
    assert!(msg.contains("manifest.json"), "{msg}");
    // A flipped byte inside the database: the checksum catches it.
    let mut db = f.db.clone();
    let mid = db.len() / 2;
    db[mid] ^= 0xff;
    let manifest = serde_json::to_vec(&f.manifest).expect("json");
    write_zip(&f.bad, &[(MANIFEST_ENTRY, &manifest), (DB_ENTRY, &db)]);
    let (e, msg) = refused(&mut f);
    assert!(matches!(e, ExportError::Checksum), "{msg}");
    // A database that is not a database, with a matching checksum.
    let junk = b"not a database file, just text".repeat(200);
    let mut m = f.manifest.clone();
    m["sha256"] = sha(&junk).into();
    write_zip(&f.bad, &[(MANIFEST_ENTRY, &serde_json::to_vec(&m).expect("json")), (DB_ENTRY, &junk)]);
    let (e, msg) = refused(&mut f);
    assert!(matches!(e, ExportError::Damaged(_)), "{msg}");
}

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn newer_versions_are_refused() {
    let mut f = fixture();
    for (field, value, what) in [("format_version", 2, "backup format 2"), ("schema_version", 99, "database schema 99")]
    {
        let mut m = f.manifest.clone();
        m[field] = value.into();
        write_zip(&f.bad, &[(MANIFEST_ENTRY, &serde_json::to_vec(&m).expect("json")), (DB_ENTRY, &f.db)]);
        let (e, msg) = refused(&mut f);
        assert!(matches!(e, ExportError::TooNew { .. }), "{msg}");
        assert!(msg.contains("written by a newer version of Pizhu") && msg.contains(what), "{msg}");
    }
}

#[test]
fn manifests_of_the_wrong_shape_are_refused() {
    let mut f = fixture();
    let shapes: [(&[u8], &str); 4] = [
        (b"{\"format\":\"pizhu-backup\",\"format_version\":1,\"documents\":\"many\"}", "malformed"),
        (b"[\"format\", \"pizhu-backup\"]", "not a JSON object"),
        (b"{\"format\":", "not JSON"),
        (b"{\"format\":\"something-else\"}", "not a Pizhu backup"),
    ];
    for (raw, expect) in shapes {
        write_zip(&f.bad, &[(MANIFEST_ENTRY, raw), (DB_ENTRY, &f.db)]);
        let (_, msg) = refused(&mut f);
        assert!(msg.contains(expect), "{expect}: {msg}");
    }
    // A field of the wrong type, named in the message.
    let mut m = f.manifest.clone();
    m["annotations"] = "four".into();
    write_zip(&f.bad, &[(MANIFEST_ENTRY, &serde_json::to_vec(&m).expect("json")), (DB_ENTRY, &f.db)]);
    let (e, msg) = refused(&mut f);
    assert!(matches!(e, ExportError::BadManifest { .. }), "{msg}");
    assert!(msg.contains("invalid type"), "{msg}");
}

#[test]
fn a_note_on_a_document_nobody_has_is_refused() {
    let mut f = fixture();
    let dir = tempdir();
    let db = dir.path().join(DB_ENTRY);
    {
        let mut s = library(dir.path());
        s.insert_annotation(&ann(&s, "ghost-note", "doc-user", 0, 2, "孤儿", &[])).expect("insert");
    }
    {
        let conn = rusqlite::Connection::open(&db).expect("raw");
        conn.pragma_update(None, "foreign_keys", "OFF").expect("fk off");
        conn.execute("UPDATE annotations SET doc_id = 'ghost' WHERE id = 'ghost-note'", []).expect("orphan");
    }
    backup::backup(&db, &f.bad).expect("backup");
    let (e, msg) = refused(&mut f);
    assert!(matches!(e, ExportError::MissingDocument { .. }), "{msg}");
    assert!(msg.contains("\"ghost\"") && msg.contains("nothing was restored"), "{msg}");
    // The good backup still restores into the same target afterwards.
    let good = f.good.clone();
    assert_eq!(backup::restore(&good, &mut f.target).expect("restore").inserted, 4);
}

#[test]
fn rolling_backups_one_a_day_keep_seven() {
    let dir = tempdir();
    assert_eq!(rolling_backup(dir.path(), datetime!(2024-05-01 08:00 UTC), 7).expect("no db"), None);
    library(dir.path());
    let first = rolling_backup(dir.path(), datetime!(2024-05-01 08:00 UTC), 7).expect("backup");
    assert_eq!(first, Some(dir.path().join("backups/pizhu-2024-05-01.zip")));
    assert_eq!(rolling_backup(dir.path(), datetime!(2024-05-01 23:00 UTC), 7).expect("same day"), None);
    std::fs::write(dir.path().join("backups/keep-me.zip"), b"mine").expect("user file");
    for day in 2..=10u8 {
        let now = datetime!(2024-05-01 08:00 UTC).replace_day(day).expect("day");
        assert!(rolling_backup(dir.path(), now, 7).expect("backup").is_some());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected: Vec<String> =
        ["keep-me.zip".to_owned()].into_iter().chain((4..=10).map(|d| format!("pizhu-2024-05-{d:02}.zip"))).collect();
    assert_eq!(names, expected);
    let checked = backup::check(&dir.path().join("backups/pizhu-2024-05-10.zip")).expect("a good backup");
    assert_eq!(checked.manifest.annotations, 4);
}
