//! Importing users' files: encodings, line ends, and files that are refused.

use crate::util::{data, fails, ok, search_json, tempdir};

fn import(dir: &std::path::Path, name: &str) -> String {
    ok(dir, &["import", data(name).to_str().expect("path")]).trim().to_owned()
}

#[test]
fn gb18030_with_crlf_imports_and_is_searchable() {
    let dir = tempdir();
    let id = import(dir.path(), "gb18030-crlf.txt");
    let doc: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["show", &id, "--json"])).expect("json");
    let blocks = doc["blocks"].as_array().expect("blocks");
    assert_eq!(doc["title"], blocks[0]["text"], "the opening title line names the document, not the file");
    assert_eq!(blocks.len(), 4);
    assert_eq!(blocks[1]["kind"], "heading");
    assert_eq!(blocks[3]["text"], "一是要坚持学思用贯通。𠀀");
    assert!(!blocks[3]["text"].as_str().expect("text").contains('\r'));
    let hits = search_json(dir.path(), "学思用");
    assert!(hits.iter().any(|h| h["doc"] == id.as_str() && h["block"] == 3));
}

#[test]
fn utf8_bom_crlf_markdown_and_odd_unicode_import() {
    let dir = tempdir();
    let bom = import(dir.path(), "utf8-bom.txt");
    let show = ok(dir.path(), &["show", &bom]);
    assert!(show.contains("] 正文 @0  心得体会"), "BOM stripped: {show}");
    import(dir.path(), "crlf.txt");
    assert!(search_json(dir.path(), "含全角,逗号").len() == 1);
    let md = import(dir.path(), "notes.md");
    let docs = ok(dir.path(), &["documents"]);
    assert!(docs.contains("读《讲话》的体会"), "{docs}");
    let odd = import(dir.path(), "odd-unicode.txt");
    let hits = search_json(dir.path(), "零宽");
    assert!(hits.iter().any(|h| h["doc"] == odd.as_str()), "zero-width characters do not hide a match");
    assert!(search_json(dir.path(), "abc全角").iter().any(|h| h["doc"] == odd.as_str()));
    assert!(search_json(dir.path(), "😀表情").iter().any(|h| h["doc"] == odd.as_str()));
    assert_ne!(md, odd);
}

#[test]
fn empty_binary_oversized_and_unknown_files_are_refused_and_nothing_is_added() {
    let dir = tempdir();
    let cases = [
        (data("empty.txt"), "empty"),
        (data("blank.txt"), "empty"),
        (data("binary.txt"), "not a text file"),
        (data("../integration/main.rs"), "unsupported file type"),
        (dir.path().join("missing.txt"), "No such file"),
    ];
    for (path, message) in &cases {
        let err = fails(dir.path(), &["import", path.to_str().expect("path")]);
        assert!(err.to_lowercase().contains(&message.to_lowercase()), "{path:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    }
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "党史学习教育。\n".repeat(500_000)).expect("write");
    let err = fails(dir.path(), &["import", big.to_str().expect("path")]);
    assert!(err.contains("too large"), "{err}");
    let docs: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["documents", "--json"])).expect("json");
    assert_eq!(docs.as_array().expect("list").len(), 1, "nothing half-imported");
}

#[test]
fn a_law_imports_with_chapters_sections_and_articles() {
    let dir = tempdir();
    let id = import(dir.path(), "law.txt");
    let doc: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["show", &id, "--json"])).expect("json");
    assert_eq!(doc["title"], "中华人民共和国示范审判法");
    let heads: Vec<(u64, &str)> = doc["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["kind"] == "heading")
        .map(|b| (b["level"].as_u64().expect("level"), b["text"].as_str().expect("text")))
        .collect();
    assert_eq!(
        heads,
        [
            (1, "第一章　总则"),
            (1, "第二章　审判组织"),
            (2, "第一节　一般规定"),
            (2, "第二节　合议庭"),
            (1, "第三章　附则")
        ]
    );
    // Results name where they are as a law is cited.
    let hits = search_json(dir.path(), "独立行使审判权");
    assert_eq!(hits[0]["section"], "第二章 第一节 第十三条");
    let hits = search_json(dir.path(), "单数组成");
    assert_eq!(hits[0]["section"], "第二章 第二节 第十五条");
    // A chapter named inside an article is not a heading.
    let hits = search_json(dir.path(), "依照第二章规定");
    assert_eq!(hits[0]["section"], "第二章 第一节 第十四条");
}
