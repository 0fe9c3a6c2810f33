//! Importing users' files: encodings, line ends, Word documents (made by
//! LibreOffice), and files that are refused.

use crate::util::{data, fails, have_libreoffice, libreoffice_docx, ok, search_json, tempdir};

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

fn show(dir: &std::path::Path, id: &str) -> serde_json::Value {
    serde_json::from_str(&ok(dir, &["show", id, "--json"])).expect("json")
}

fn texts(doc: &serde_json::Value) -> Vec<String> {
    doc["blocks"].as_array().expect("blocks").iter().map(|b| b["text"].as_str().expect("text").to_owned()).collect()
}

fn headings(doc: &serde_json::Value) -> Vec<(u64, String)> {
    doc["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["kind"] == "heading")
        .map(|b| (b["level"].as_u64().expect("level"), b["text"].as_str().expect("text").to_owned()))
        .collect()
}

#[test]
fn a_law_saved_as_docx_by_libreoffice_imports_like_its_text() {
    if !have_libreoffice() {
        return;
    }
    let dir = tempdir();
    let work = tempdir();
    let src = work.path().join("示范法.txt");
    std::fs::copy(data("law.txt"), &src).expect("copy");
    let docx = libreoffice_docx(work.path(), &src, "Text (encoded):UTF8");
    let from_text = show(dir.path(), &import(dir.path(), "law.txt"));
    let id = ok(dir.path(), &["import", docx.to_str().expect("path")]).trim().to_owned();
    let doc = show(dir.path(), &id);
    assert_eq!(doc["title"], "中华人民共和国示范审判法");
    assert_eq!(texts(&doc), texts(&from_text), "the same blocks as the text file");
    assert_eq!(
        headings(&doc),
        [
            (1, "第一章　总则".into()),
            (1, "第二章　审判组织".into()),
            (2, "第一节　一般规定".into()),
            (2, "第二节　合议庭".into()),
            (1, "第三章　附则".into())
        ]
    );
    let hits = search_json(dir.path(), "独立行使审判权");
    let hit = hits.iter().find(|h| h["doc"] == id.as_str()).expect("found in the .docx");
    assert_eq!(hit["section"], "第二章 第一节 第十三条");
}

#[test]
fn a_word_document_with_heading_styles_links_and_a_table_imports_with_its_structure() {
    if !have_libreoffice() {
        return;
    }
    let dir = tempdir();
    let work = tempdir();
    let html = work.path().join("学习提纲.html");
    std::fs::write(
        &html,
        "<html><head><meta charset=\"utf-8\"></head><body>\
         <h1>学习的意义</h1><p>一、读原文</p><p>正文一段，见<a href=\"https://example.org\">人民网</a>报道。</p>\
         <h2>小结</h2><table><tr><td>学史明理</td><td>学史增信</td></tr></table></body></html>",
    )
    .expect("write");
    let docx = libreoffice_docx(work.path(), &html, "HTML (StarWriter)");
    let id = ok(dir.path(), &["import", docx.to_str().expect("path")]).trim().to_owned();
    let doc = show(dir.path(), &id);
    assert_eq!(doc["title"], "学习提纲", "no title paragraph: the file's name");
    assert_eq!(texts(&doc), ["学习的意义", "一、读原文", "正文一段，见人民网报道。", "小结", "学史明理", "学史增信"]);
    assert_eq!(
        headings(&doc),
        [(1, "学习的意义".into()), (3, "一、读原文".into()), (2, "小结".into())],
        "heading styles outrank the numbering of the body text"
    );
    assert!(search_json(dir.path(), "学史增信").iter().any(|h| h["doc"] == id.as_str()));
}

#[test]
fn bad_word_files_are_refused_in_one_sentence_and_nothing_is_added() {
    let dir = tempdir();
    let zip = std::fs::read(data("../../packaging/debian/copyright")).expect("read");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("not-word.docx", zip, "not a Word document"),
        ("old.docx", ole, "encrypted or an old .doc"),
        ("cut.docx", b"PK\x03\x04\x14\x00\x00\x00".to_vec(), "damaged or incomplete"),
        ("empty.docx", Vec::new(), "not a Word document"),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let err = fails(dir.path(), &["import", path.to_str().expect("path")]);
        assert!(err.contains(message), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    }
    let docs: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["documents", "--json"])).expect("json");
    assert_eq!(docs.as_array().expect("list").len(), 1, "nothing imported");
}
