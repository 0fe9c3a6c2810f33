//! The command line as scripts use it.

use crate::util::{fails, ok, pizhu, search_json, tempdir};

#[test]
fn version_and_help_work_without_a_display() {
    let dir = tempdir();
    assert!(ok(dir.path(), &["--version"]).starts_with("pizhu 0."));
    assert!(ok(dir.path(), &["--help"]).contains("search"));
}

#[test]
fn documents_lists_the_bundled_speech_first() {
    let dir = tempdir();
    let docs: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["documents", "--json"])).expect("json");
    assert_eq!(docs[0]["id"], "speech");
    assert_eq!(docs[0]["blocks"], 20);
    assert_eq!(docs[0]["builtin"], true);
    let show = ok(dir.path(), &["show", "speech"]);
    assert!(show.contains("[2] 标题 "), "{show}");
    assert_eq!(show.lines().count(), 21);
}

#[test]
fn highlight_by_quote_then_search_finds_note_and_passage() {
    let dir = tempdir();
    let a: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        &[
            "highlight",
            "speech",
            "--quote",
            "政法铁军",
            "--note",
            "铁军的三个标准😀",
            "--tag",
            "心得",
            "--color",
            "green",
        ],
    ))
    .expect("annotation json");
    let id = a["id"].as_str().expect("id").to_owned();
    assert_eq!(a["exact"], "政法铁军");
    let hits = search_json(dir.path(), "三个标准");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["kind"], "note");
    assert_eq!(hits[0]["note_id"], id.as_str());
    assert_eq!(hits[0]["block"], 0);
    let hits = search_json(dir.path(), "政法铁军");
    assert!(hits.iter().any(|h| h["kind"] == "passage"));
    assert!(hits.iter().any(|h| h["kind"] == "note"));
    for h in &hits {
        let keys: Vec<&str> = h.as_object().expect("object").keys().map(String::as_str).collect();
        for k in ["kind", "doc", "block", "start", "end", "note_id", "snippet", "highlights"] {
            assert!(keys.contains(&k), "{k} missing in {h}");
        }
    }
}

#[test]
fn highlight_by_range_and_nth_occurrence() {
    let dir = tempdir();
    let a: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["highlight", "speech", "--quote", "党史", "--nth", "3"])).expect("json");
    let start = a["start"].as_u64().expect("start");
    let b: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        &["highlight", "speech", "--start", &start.to_string(), "--end", &(start + 2).to_string()],
    ))
    .expect("json");
    assert_eq!(b["exact"], "党史");
    assert!(fails(dir.path(), &["highlight", "speech", "--quote", "党史", "--nth", "999"]).contains("does not occur"));
    assert!(fails(dir.path(), &["highlight", "speech", "--start", "5", "--end", "5"]).contains("range"));
    assert!(fails(dir.path(), &["highlight", "speech", "--quote", "党史", "--color", "pink"]).contains("colour"));
}

#[test]
fn edit_delete_restore_round_trip_through_the_cli() {
    let dir = tempdir();
    let a: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["highlight", "speech", "--quote", "教育整顿", "--note", "旧"]))
            .expect("json");
    let id = a["id"].as_str().expect("id");
    let e: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["edit", id, "--note", "新的批注", "--tag", "甲", "--tag", "乙"]))
            .expect("json");
    assert_eq!(e["note"], "新的批注");
    assert_eq!(e["tags"], serde_json::json!(["甲", "乙"]));
    assert_eq!(search_json(dir.path(), "新的批注").len(), 1);
    assert!(search_json(dir.path(), "旧").iter().all(|h| h["kind"] != "note"));
    ok(dir.path(), &["delete", id]);
    assert!(search_json(dir.path(), "新的批注").is_empty());
    assert!(ok(dir.path(), &["notes"]).trim().is_empty());
    assert!(ok(dir.path(), &["notes", "--trash"]).contains(id));
    ok(dir.path(), &["restore", id]);
    assert_eq!(search_json(dir.path(), "新的批注").len(), 1);
    assert!(ok(dir.path(), &["notes", "speech", "--tag", "甲"]).contains(id));
    assert!(ok(dir.path(), &["tags"]).contains("#乙\t1"));
}

#[test]
fn errors_are_one_sentence_on_stderr_with_nonzero_exit() {
    let dir = tempdir();
    let err = fails(dir.path(), &["show", "nope"]);
    assert_eq!(err.trim(), "pizhu: There is no document with id \"nope\".");
    let err = fails(dir.path(), &["delete", "no-such-id"]);
    assert!(err.contains("no annotation"), "{err}");
    let out = pizhu(dir.path(), &["frobnicate"]);
    assert!(!out.status.success());
}

#[test]
fn errors_follow_the_windows_language_chinese_first() {
    let dir = tempdir();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(crate::util::bin())
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env_remove("PIZHU_LANG")
            .output()
            .expect("run pizhu");
        assert!(!out.status.success());
        String::from_utf8(out.stderr).expect("utf-8")
    };
    assert_eq!(run(&["show", "nope"]).trim(), "pizhu: 没有编号为“nope”的文档。", "Chinese by default");
    // The window switched to English: the library remembers it, the CLI follows.
    let conn = rusqlite::Connection::open(dir.path().join(pizhu_core::DB_FILE)).expect("sqlite");
    conn.execute("INSERT INTO settings (key, value) VALUES ('ui_lang', 'en')", []).expect("setting");
    drop(conn);
    assert_eq!(run(&["show", "nope"]).trim(), "pizhu: There is no document with id \"nope\".");
}

#[test]
fn values_may_begin_with_a_hyphen() {
    let dir = tempdir();
    let a: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        &["highlight", "speech", "--quote", "党史", "--note", "- 一是要读原文", "--tag", "-标签"],
    ))
    .expect("json");
    assert_eq!(a["note"], "- 一是要读原文");
    assert_eq!(a["tags"][0], "-标签");
    let e: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["edit", a["id"].as_str().expect("id"), "--note", "-- 改过"]))
            .expect("json");
    assert_eq!(e["note"], "-- 改过");
}

#[test]
fn search_with_broken_syntax_is_literal_not_an_error() {
    let dir = tempdir();
    for q in ["\"党史", "党史)", "(", "*", ":", "AND", "党 OR", "\\"] {
        ok(dir.path(), &["search", q, "--json"]);
    }
    assert!(search_json(dir.path(), "第一，深入").iter().any(|h| h["block"] == 3));
}

#[test]
fn human_search_output_marks_matches() {
    let dir = tempdir();
    let out = ok(dir.path(), &["search", "整顿工"]);
    assert!(out.contains("【整顿工】"), "{out}");
    assert!(out.contains("[原文]"));
}

#[test]
fn tags_and_colour_meanings_can_be_renamed() {
    let dir = tempdir();
    ok(dir.path(), &["highlight", "speech", "--quote", "党史", "--tag", "甲", "--tag", "乙"]);
    ok(dir.path(), &["highlight", "speech", "--quote", "政法", "--tag", "乙"]);
    ok(dir.path(), &["rename-tag", "甲", "乙"]);
    assert_eq!(ok(dir.path(), &["tags"]).trim(), "#乙\t2");
    assert!(fails(dir.path(), &["rename-tag", "丙", "丁"]).contains("no tag"));
    let colors = ok(dir.path(), &["rename-color", "yellow", "必背", "--en", "Memorise"]);
    assert!(colors.contains("yellow\t必背\tMemorise"), "{colors}");
    assert!(ok(dir.path(), &["notes"]).contains("[必背]"));
    assert!(fails(dir.path(), &["rename-color", "pink", "粉"]).contains("colour"));
}
