//! Sync between libraries over a folder target (issue 8, step S1): the real
//! binary on real SQLite files, two data directories standing for two
//! devices, one folder between them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use pizhu_sync::container::{decode, encode, encode_with, FileKind};
use serde_json::Value;

use crate::util::{fails, ok, tempdir};

/// `pizhu sync TARGET --json`, parsed.
fn sync(dir: &Path, target: &Path) -> Value {
    let out = ok(dir, &["sync", &target.to_string_lossy(), "--json"]);
    serde_json::from_str(out.trim()).expect("one JSON object")
}

pub(crate) fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(ok(dir, args).trim()).expect("JSON")
}

pub(crate) fn highlight(dir: &Path, doc: &str, quote: &str, note: &str, tag: &str) -> String {
    let a = json(dir, &["highlight", doc, "--quote", quote, "--color", "yellow", "--note", note, "--tag", tag]);
    a["id"].as_str().expect("id").to_owned()
}

/// What two converged libraries must agree on: every note (live and in the
/// trash) with its place, colour, text and tags; documents; colour meanings.
pub(crate) fn state(dir: &Path) -> Value {
    let pick = |notes: Value| -> Vec<Value> {
        let mut v: Vec<Value> = notes
            .as_array()
            .expect("array")
            .iter()
            .map(|n| serde_json::json!([n["id"], n["doc_id"], n["start"], n["end"], n["color"], n["note"], n["tags"]]))
            .collect();
        v.sort_by_key(|n| n.to_string());
        v
    };
    let docs: Vec<Value> = json(dir, &["documents", "--json"])
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| serde_json::json!([d["id"], d["title"], d["chars"]]))
        .collect();
    let trashed_docs: Vec<Value> = json(dir, &["documents", "--trash", "--json"])
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| d["id"].clone())
        .collect();
    serde_json::json!({
        "notes": pick(json(dir, &["notes", "--json"])),
        "trash": pick(json(dir, &["notes", "--trash", "--json"])),
        "documents": docs,
        "trashed_documents": trashed_docs,
        "colors": json(dir, &["colors", "--json"]),
    })
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

pub(crate) fn write_text(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// Adds `n` notes on the speech to the library in `dir` (ids `PREFIX-0000`…)
/// through the store, as a reader would have over weeks.
pub(crate) fn add_notes(dir: &Path, n: u32, prefix: &str) {
    ok(dir, &["notes"]);
    let mut store = pizhu_store::Store::open(&dir.join(pizhu_core::DB_FILE)).expect("store");
    let speech = pizhu_core::model::Document::speech();
    let text = speech.text();
    let cp = pizhu_core::model::CpText::new(&text);
    let notes: Vec<pizhu_core::model::Annotation> = (0..n)
        .map(|i| {
            let start = (i * 7) % 3000;
            let q = pizhu_core::model::Quote::at(&cp, start, start + 5).expect("quote");
            pizhu_core::model::Annotation {
                id: format!("{prefix}-{i:04}"),
                doc_id: "speech".into(),
                start,
                end: start + 5,
                exact: q.exact,
                prefix: q.prefix,
                suffix: q.suffix,
                color: "yellow".into(),
                note: format!("第 {i} 条批注：学习体会"),
                tags: vec![format!("标签{}", i % 10)],
                created: pizhu_store::now(),
                updated: pizhu_store::now(),
                deleted: None,
                orphaned: false,
                author: None,
            }
        })
        .collect();
    store.insert_annotations(&notes).expect("bulk");
}

#[test]
fn two_libraries_converge_over_a_folder() {
    let (a, b, target, files) = (tempdir(), tempdir(), tempdir(), tempdir());
    let (a, b, target) = (a.path(), b.path(), target.path().join("同步"));
    let text = "学习心得\n\n一、坚持党的绝对领导\n\n政法队伍要坚持党的绝对领导，锻造忠诚干净担当的政法铁军。\n";
    let doc = ok(a, &["import", &write_text(files.path(), "心得.txt", text).to_string_lossy()]).trim().to_owned();
    let on_doc = highlight(a, &doc, "忠诚干净担当", "甲：三个关键词", "政法");
    let on_speech = highlight(a, "speech", "政法铁军", "甲：铁军", "心得");
    let trashed = highlight(a, "speech", "党史", "甲：后来删了", "删");
    ok(a, &["delete", &trashed]);
    ok(a, &["rename-color", "yellow", "必背"]);
    let from_b = highlight(b, "speech", "政法铁军", "乙：另一台电脑上写的", "心得");
    ok(b, &["edit", &from_b, "--tag", "心得", "--tag", "家里"]);

    let first = sync(a, &target);
    assert_eq!(first["received"], 0);
    assert!(first["sent"].as_u64().expect("sent") >= 5, "{first}");
    let second = sync(b, &target);
    assert!(second["received"].as_u64().expect("received") >= 5, "{second}");
    let third = sync(a, &target);
    assert!(third["received"].as_u64().expect("received") >= 1, "{third}");
    assert_eq!(state(a), state(b));

    let s = state(b);
    assert_eq!(s["notes"].as_array().expect("notes").len(), 3, "{s}");
    assert_eq!(s["trash"].as_array().expect("trash").len(), 1);
    assert!(s["colors"].to_string().contains("必背"));
    assert_eq!(json(b, &["show", &doc, "--json"])["title"], "学习心得");
    assert!(ok(b, &["search", "三个关键词"]).contains(&on_doc), "B's index has A's note");
    assert!(ok(a, &["search", "另一台电脑"]).contains(&from_b), "A's index has B's note");
    let _ = on_speech;

    // The document's text went up once, by its hash, and B did not send it back.
    let blobs: Vec<PathBuf> = files_under(&target.join("blobs"));
    assert_eq!(blobs.len(), 1, "{blobs:?}");
    // Each device wrote only under its own id: two heads, two folders of records.
    assert_eq!(files_under(&target.join("heads")).len(), 2);

    // Nothing new: nothing sent or received, a handful of requests.
    let idle = sync(b, &target);
    assert_eq!((idle["sent"].as_u64(), idle["received"].as_u64()), (Some(0), Some(0)), "{idle}");
    assert!(idle["requests"].as_u64().expect("requests") <= 4, "{idle}");
    // One change: one segment and one head written, read once on the other side.
    ok(a, &["edit", &on_doc, "--note", "甲：改过的"]);
    let one = sync(a, &target);
    assert_eq!(one["sent"], 1, "{one}");
    assert!(one["requests"].as_u64().expect("requests") <= 6, "{one}");
    let got = sync(b, &target);
    assert_eq!(got["received"], 1, "{got}");
    assert_eq!(state(a), state(b));

    // A note removed with its document travels too, and a restore brings both back.
    ok(a, &["remove-doc", &doc]);
    sync(a, &target);
    sync(b, &target);
    assert_eq!(state(a), state(b));
    assert_eq!(state(b)["trashed_documents"], serde_json::json!([doc]));
    // Chinese by default.
    let human = crate::util::ok_zh(b, &["sync", &target.to_string_lossy()]);
    assert!(human.starts_with("已同步"), "{human}");
}

#[test]
fn concurrent_edits_of_one_note_keep_both_texts() {
    let (a, b, target) = (tempdir(), tempdir(), tempdir());
    let (a, b, target) = (a.path(), b.path(), target.path());
    let id = highlight(a, "speech", "政法铁军", "原来的批注", "心得");
    sync(a, target);
    sync(b, target);
    ok(a, &["edit", &id, "--note", "在单位改的"]);
    ok(b, &["edit", &id, "--note", "在家里改的"]);
    let ra = sync(a, target);
    let rb = sync(b, target);
    let ra2 = sync(a, target);
    assert_eq!(rb["conflicts"], 1, "{ra} {rb} {ra2}");
    assert_eq!(ra2["conflicts"], 1, "{ra} {rb} {ra2}");
    assert_eq!(state(a), state(b));

    // One text won (the same on both), the other is a visible conflict.
    let ca = json(a, &["conflicts", "--json"]);
    let cb = json(b, &["conflicts", "--json"]);
    assert_eq!(ca.as_array().expect("list").len(), 1, "{ca}");
    assert_eq!(ca[0]["id"], cb[0]["id"]);
    let winner = json(a, &["notes", "--json"])[0]["note"].as_str().expect("note").to_owned();
    let loser = ca[0]["other"].as_str().expect("other").to_owned();
    let mut both = [winner.clone(), loser.clone()];
    both.sort();
    assert_eq!(both, ["在单位改的".to_owned(), "在家里改的".to_owned()]);
    assert_eq!(ca[0]["current"], winner);
    assert!(ok(a, &["conflicts"]).contains(&loser));

    // Keep both: the note holds both texts, and the other device gets them.
    let cid = ca[0]["id"].as_str().expect("id").to_owned();
    ok(a, &["resolve", &cid, "--keep", "both"]);
    assert_eq!(json(a, &["conflicts", "--json"]), serde_json::json!([]));
    let note = json(a, &["notes", "--json"])[0]["note"].as_str().expect("note").to_owned();
    assert!(note.starts_with(&winner) && note.ends_with(&loser), "{note}");
    sync(a, target);
    let r = sync(b, target);
    assert_eq!(r["conflicts"], 0, "resolving is an edit on top of both: no new conflict");
    assert_eq!(json(b, &["notes", "--json"])[0]["note"], note.as_str());
    // The resolution travels too: the other device has nothing left to resolve.
    assert_eq!(json(b, &["conflicts", "--json"]), serde_json::json!([]));
    assert!(fails(a, &["resolve", &cid, "--keep", "other"]).contains("no open conflict"));
    assert!(fails(a, &["resolve", &cid, "--keep", "mine"]).contains("this, other or both"));
}

#[test]
fn delete_on_one_device_against_edit_on_another() {
    let (a, b, target) = (tempdir(), tempdir(), tempdir());
    let (a, b, target) = (a.path(), b.path(), target.path());
    let id = highlight(a, "speech", "政法铁军", "原来的批注", "心得");
    sync(a, target);
    sync(b, target);
    ok(a, &["delete", &id]);
    ok(b, &["edit", &id, "--note", "另一台电脑改的"]);
    sync(a, target);
    sync(b, target);
    sync(a, target);
    assert_eq!(state(a), state(b));
    // In the trash, with the other device's words: restoring shows them.
    let trash = json(b, &["notes", "--trash", "--json"]);
    assert_eq!(trash.as_array().expect("trash").len(), 1, "{trash}");
    assert_eq!(trash[0]["note"], "另一台电脑改的");
    assert_eq!(json(a, &["notes", "--json"]), serde_json::json!([]));

    // Emptying the trash deletes it for good on every device (a tombstone).
    ok(a, &["empty-trash"]);
    sync(a, target);
    sync(b, target);
    assert_eq!(json(b, &["notes", "--trash", "--json"]), serde_json::json!([]));
    assert_eq!(state(a), state(b));
    // A second pass changes nothing.
    let again = sync(b, target);
    assert_eq!((again["sent"].as_u64(), again["received"].as_u64()), (Some(0), Some(0)), "{again}");
}

/// The bytes of a library's database (and its write-ahead log, if any).
pub(crate) fn library_bytes(dir: &Path) -> Vec<u8> {
    let mut out = std::fs::read(dir.join(pizhu_core::DB_FILE)).expect("db");
    if let Ok(wal) = std::fs::read(dir.join(format!("{}-wal", pizhu_core::DB_FILE))) {
        out.extend(wal);
    }
    out
}

#[test]
fn a_garbled_remote_file_is_refused_and_the_library_is_untouched() {
    let (a, b, target) = (tempdir(), tempdir(), tempdir());
    let (a, b, target) = (a.path(), b.path(), target.path());
    highlight(a, "speech", "政法铁军", "第一条", "心得");
    sync(a, target);
    let device_a = files_under(&target.join("heads"))[0].file_stem().expect("stem").to_string_lossy().into_owned();
    sync(b, target);
    highlight(a, "speech", "党史", "第二条", "心得");
    sync(a, target);
    let seg = target.join("log").join(&device_a).join("0000000002.pzs");
    let good = std::fs::read(&seg).expect("segment");
    let rel = format!("log/{device_a}/0000000002.pzs");
    let (header, body) = decode(&rel, &good, FileKind::Seg, &device_a, Some(2)).expect("our own file decodes");

    let newer = {
        let mut h = header.clone();
        h.v = 99;
        encode_with(&h, &body)
    };
    let bomb = {
        let mut h = header.clone();
        h.raw_len = 8;
        encode_with(&h, &body)
    };
    let traversal = {
        let text = String::from_utf8(body.clone()).expect("utf-8");
        let mut lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("record")).collect();
        lines[0]["id"] = Value::String("../../../../etc/passwd".into());
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        encode(FileKind::Seg, &device_a, 2, lines.len() as u64, body.as_bytes())
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("garbage", b"\x00\x01 this is not a sync file at all".to_vec(), "damaged"),
        ("truncated", good[..good.len() / 2].to_vec(), "damaged"),
        ("newer format", newer, "newer version of Pizhu"),
        ("bomb", bomb, "too large"),
        ("path in an id", traversal, "bad id"),
    ];
    let before = library_bytes(b);
    let notes_before = json(b, &["notes", "--json"]);
    for (what, bytes, says) in cases {
        std::fs::write(&seg, &bytes).expect("garble");
        let err = fails(b, &["sync", &target.to_string_lossy(), "--json"]);
        assert_eq!(err.trim().lines().count(), 1, "{what}: one sentence: {err}");
        assert!(err.contains(says), "{what}: {err}");
        assert!(err.contains(&rel) && err.contains("nothing in the local library was changed"), "{what}: {err}");
        assert_eq!(library_bytes(b), before, "{what}: the library is byte-identical");
        // The refusal happens before this device writes anything remote.
        assert_eq!(files_under(&target.join("log")).len(), 1, "{what}");
    }
    assert_eq!(json(b, &["notes", "--json"]), notes_before);
    // In Chinese too.
    let zh = crate::util::fails_zh(b, &["sync", &target.to_string_lossy()]);
    assert!(zh.contains("已损坏") && zh.contains("本地书库没有任何改动"), "{zh}");
    // Mended, the same sync goes through.
    std::fs::write(&seg, &good).expect("mend");
    let r = sync(b, target);
    assert_eq!(r["received"], 1, "{r}");
    assert_eq!(state(a)["notes"], state(b)["notes"]);
}

#[test]
fn a_thousand_notes_go_to_a_folder_and_back() {
    let (a, b, target) = (tempdir(), tempdir(), tempdir());
    let (a, b, target) = (a.path(), b.path(), target.path());
    add_notes(a, 1000, "bulk");
    let t = Instant::now();
    let up = sync(a, target);
    let up_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let down = sync(b, target);
    let down_s = t.elapsed().as_secs_f64();
    assert!(up["sent"].as_u64().expect("sent") > 1000, "{up}"); // notes, colours, the speech
    assert_eq!(down["received"].as_u64().map(|n| n >= 1000), Some(true), "{down}");
    assert_eq!(json(b, &["notes", "--json"]).as_array().map(Vec::len), Some(1000));
    ok(a, &["edit", "bulk-0001", "--note", "改一条"]);
    let t = Instant::now();
    let one = sync(a, target);
    let one_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let one_back = sync(b, target);
    let one_back_s = t.elapsed().as_secs_f64();
    println!(
        "figures: 1000 notes up {up_s:.2} s ({} requests), down {down_s:.2} s ({} requests); \
         one change up {one_s:.2} s ({} requests), down {one_back_s:.2} s ({} requests)",
        up["requests"], down["requests"], one["requests"], one_back["requests"]
    );
    assert_eq!(one_back["received"], 1);
}

/// Copies the files of data directory `from` into `to` (a second machine
/// given a copy of the library).
fn copy_library(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let p = e.path();
        if p.is_file() {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

#[test]
fn a_copied_data_folder_syncs_as_a_device_of_its_own() {
    let (a, copy, target) = (tempdir(), tempdir(), tempdir());
    let (a, copy, target) = (a.path(), copy.path(), target.path());
    highlight(a, "speech", "政法铁军", "复制之前写的", "心得");
    sync(a, target);
    sync(a, target);
    // The folder is copied (the index is rebuilt from SQLite there).
    copy_library(a, copy);
    let from_a = highlight(a, "speech", "党史", "原来那台写的", "心得");
    let from_copy = highlight(copy, "speech", "人民", "复制的那台写的", "心得");
    sync(a, target);
    sync(copy, target);
    sync(a, target);
    // Neither overwrote the other's files: each has both notes.
    assert!(ids_of(a).contains(&from_copy), "the original has the copy's note");
    assert!(ids_of(copy).contains(&from_a), "the copy has the original's note");
    assert_eq!(state(a), state(copy));
    assert_eq!(files_under(&target.join("heads")).len(), 2, "two devices on the target");
}

fn ids_of(dir: &Path) -> Vec<String> {
    json(dir, &["notes", "--json"])
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn a_library_restored_from_an_old_copy_does_not_reuse_its_numbers() {
    let (a, b, target, old) = (tempdir(), tempdir(), tempdir(), tempdir());
    let (a, b, target, old) = (a.path(), b.path(), target.path(), old.path());
    highlight(a, "speech", "政法铁军", "第一条", "心得");
    sync(a, target);
    sync(b, target);
    copy_library(a, old);
    highlight(a, "speech", "党史", "第二条", "心得");
    sync(a, target);
    sync(b, target);
    // The data folder comes back from last week's copy, in the same place.
    for e in std::fs::read_dir(a).expect("dir").flatten() {
        if e.path().is_file() {
            std::fs::remove_file(e.path()).expect("remove");
        }
    }
    copy_library(old, a);
    let third = highlight(a, "speech", "人民", "恢复之后写的", "心得");
    sync(a, target);
    sync(b, target);
    assert!(ids_of(b).contains(&third), "a note written after the restore reaches the other device");
    sync(a, target);
    assert_eq!(state(a), state(b));
}
