//! Hand-in and keep: exports, backup and restore through the command line.

use std::path::Path;
use std::process::Command;

use crate::util::{fails, ok, tempdir};

fn annotate(dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for (quote, note, tag) in [
        ("政法铁军", "铁军要有灵魂、有血性、有本事😀", "心得"),
        ("整顿工作", "联系本单位实际 <b>&amp;</b> 𠀀", "联系实际"),
    ] {
        let a: serde_json::Value =
            serde_json::from_str(&ok(dir, &["highlight", "speech", "--quote", quote, "--note", note, "--tag", tag]))
                .expect("json");
        ids.push(a["id"].as_str().expect("id").to_owned());
    }
    ids
}

fn notes_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(dir, &["notes", "--json"])).expect("json")
}

#[test]
fn markdown_export_has_quotes_notes_and_tags() {
    let dir = tempdir();
    annotate(dir.path());
    let out = dir.path().join("notes.md");
    ok(
        dir.path(),
        &["export", "--format", "md", "--doc", "speech", "--reader", "张三", "-o", out.to_str().expect("p")],
    );
    let md = std::fs::read_to_string(&out).expect("md");
    assert!(md.contains("> 政法铁军") || md.contains("政法铁军"), "{md}");
    assert!(md.contains("铁军要有灵魂、有血性、有本事😀"));
    assert!(md.contains("#心得") && md.contains("#联系实际"));
    assert!(md.contains("张三"));
}

#[test]
fn w3c_export_passes_the_web_annotation_musts() {
    let dir = tempdir();
    annotate(dir.path());
    let out = dir.path().join("notes.jsonld");
    ok(dir.path(), &["export", "--format", "w3c", "-o", out.to_str().expect("p")]);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("json");
    assert_eq!(json["type"], "AnnotationCollection");
    let validator = crate::util::data("w3c-annotation-model/validate.py");
    let run = Command::new(if cfg!(windows) { "python" } else { "python3" })
        .arg(&validator)
        .arg(&out)
        .output()
        .expect("python3 runs the W3C validator");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "validator failed:\n{report}");
    assert!(report.contains(" 0 failed"), "{report}");
}

#[test]
fn docx_export_is_a_word_file() {
    let dir = tempdir();
    annotate(dir.path());
    let out = dir.path().join("学习笔记.docx");
    ok(dir.path(), &["export", "--format", "docx", "--style", "gbt", "-o", out.to_str().expect("p")]);
    let bytes = std::fs::read(&out).expect("docx");
    assert!(bytes.starts_with(b"PK"), "a zip container");
    assert!(fails(dir.path(), &["export", "--format", "pdf", "-o", "x.pdf"]).contains("unknown format"));
}

#[test]
fn backup_restores_identically_into_an_empty_library_and_twice_changes_nothing() {
    let dir = tempdir();
    let ids = annotate(dir.path());
    ok(dir.path(), &["delete", &ids[1]]);
    let zip = dir.path().join("backup.zip");
    ok(dir.path(), &["backup", zip.to_str().expect("p")]);

    let fresh = tempdir();
    ok(fresh.path(), &["restore", zip.to_str().expect("p")]);
    assert_eq!(notes_json(fresh.path()), notes_json(dir.path()), "live notes identical");
    let trash = |d: &Path| ok(d, &["notes", "--trash", "--json"]);
    assert_eq!(trash(fresh.path()), trash(dir.path()), "trash identical");
    let again = ok(fresh.path(), &["restore", zip.to_str().expect("p")]);
    assert!(again.contains("新增 0 条, 更新 0 条"), "{again}");
    assert_eq!(notes_json(fresh.path()), notes_json(dir.path()));
    // Restored notes are searchable.
    let hits = ok(fresh.path(), &["search", "有血性、有本事", "--json"]);
    assert!(hits.contains(&ids[0]));
    // `restore ID` still restores a trashed note.
    ok(fresh.path(), &["restore", &ids[1]]);
    assert_eq!(notes_json(fresh.path()).as_array().map(Vec::len), Some(2));
}

#[test]
fn a_corrupt_backup_is_refused_and_changes_nothing() {
    let dir = tempdir();
    annotate(dir.path());
    let before = notes_json(dir.path());
    let bad = dir.path().join("bad.zip");
    std::fs::write(&bad, b"PK\x03\x04 this is not really a zip").expect("write");
    let err = fails(dir.path(), &["restore", bad.to_str().expect("p")]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(notes_json(dir.path()), before);
}
