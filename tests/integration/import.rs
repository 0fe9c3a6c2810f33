//! Importing users' files: encodings, line ends, Word documents and PDFs
//! (made by LibreOffice), EPUB books, saved web pages, and files that are
//! refused.

use std::io::Write;

use crate::util::{
    data, fails, have_libreoffice, have_tool, libreoffice_docx, libreoffice_pdf, ok, search_json, tempdir,
};

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

/// A study text with chapters and sections, long paragraphs that wrap over
/// many lines, a running header and `— N —` page numbers in the footer, as
/// a flat OpenDocument file LibreOffice opens; returns the file and the
/// paragraphs (heading depth, text) it holds.
fn study_text(dir: &std::path::Path, sections: usize) -> (std::path::PathBuf, Vec<(Option<u64>, String)>) {
    const SENTENCES: [&str; 6] = [
        "党史是最生动、最有说服力的教科书。",
        "我们要把学习党史同总结经验、观照现实、推动工作结合起来。",
        "学史明理、学史增信、学史崇德、学史力行，是这次学习教育的目标要求。",
        "全体党员要在学思践悟中坚定理想信念，在奋发有为中践行初心使命。",
        "要坚持以人民为中心的发展思想，着力解决群众急难愁盼问题。",
        "政法队伍是党和人民手中的“刀把子”，必须牢牢掌握在党和人民手中。",
    ];
    const NUM: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut body = String::new();
    let mut paras = Vec::new();
    for c in 0..sections {
        let chapter = format!("第{}章　{}", NUM[c % 10], ["总则", "学习的方法", "附则"][c % 3]);
        body.push_str(&format!(r#"<text:h text:style-name="Heading_20_1" text:outline-level="1">{chapter}</text:h>"#));
        paras.push((Some(1), chapter));
        for s in 0..2 {
            let section = format!("第{}节　{}", NUM[s], ["基本要求", "具体做法"][s]);
            body.push_str(&format!(
                r#"<text:h text:style-name="Heading_20_2" text:outline-level="2">{section}</text:h>"#
            ));
            paras.push((Some(2), section));
            for p in 0..3 {
                let start = c * 7 + s * 3 + p;
                let text: String = (0..5 + (p * 3) % 7).map(|k| SENTENCES[(start + k) % SENTENCES.len()]).collect();
                body.push_str(&format!(r#"<text:p text:style-name="Standard">{text}</text:p>"#));
                paras.push((None, text));
            }
        }
    }
    let latin = "Reading the Party history is a long-term task for every member, and the lessons of one hundred \
                 years are learned again by each generation through its own study and practice.";
    body.push_str(&format!(r#"<text:p text:style-name="Standard">{latin}</text:p>"#));
    paras.push((None, latin.to_owned()));
    let fodt = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.85cm" fo:margin-bottom="0.2cm" fo:text-align="justify"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.3cm" fo:text-align="center"/><style:text-properties fo:font-size="18pt" fo:font-weight="bold" style:font-size-asian="18pt" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="15pt" fo:font-weight="bold" style:font-size-asian="15pt" style:font-weight-asian="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/><style:header-style/><style:footer-style/></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p>学习读本 · 示范文本</text:p></style:header>
<style:footer><text:p>— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>"#
    );
    let path = dir.join("学习读本.fodt");
    std::fs::write(&path, fodt).expect("write");
    (path, paras)
}

fn document_count(dir: &std::path::Path) -> usize {
    let docs: serde_json::Value = serde_json::from_str(&ok(dir, &["documents", "--json"])).expect("json");
    docs.as_array().expect("list").len()
}

#[test]
fn a_pdf_made_by_libreoffice_imports_back_to_its_paragraphs_and_headings() {
    if !have_libreoffice() {
        return;
    }
    let dir = tempdir();
    let work = tempdir();
    // Three chapters of long paragraphs: four A4 pages, each with the header and a page number.
    let (fodt, paras) = study_text(work.path(), 3);
    let pdf = libreoffice_pdf(work.path(), &fodt);
    let id = ok(dir.path(), &["import", pdf.to_str().expect("path")]).trim().to_owned();
    let doc = show(dir.path(), &id);
    let want: Vec<String> = paras.iter().map(|(_, t)| t.clone()).collect();
    assert_eq!(texts(&doc), want, "the same paragraphs, wrapped lines joined, no header, footer or page number");
    let heads: Vec<(u64, String)> = paras.iter().filter_map(|(d, t)| d.map(|d| (d, t.clone()))).collect();
    assert_eq!(headings(&doc), heads, "the larger type of the heading styles makes headings");
    assert_eq!(doc["title"], "学习读本", "no title line: the file's name");
    let hits = search_json(dir.path(), "急难愁盼");
    assert!(hits
        .iter()
        .any(|h| h["doc"] == id.as_str() && h["section"].as_str().is_some_and(|s| s.contains("第二章"))));
}

/// A minimal PDF of one page drawing `content` with `resources`, and the
/// objects `extra` (numbered from 4); the cross-reference table is exact.
fn minimal_pdf(content: &[u8], resources: &str, extra: &[&[u8]]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /Resources {resources} /Contents {} 0 R >>", 4 + extra.len())
            .into_bytes(),
    ];
    objects.extend(extra.iter().map(|e| e.to_vec()));
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    objects.push(stream);
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn zip_file(files: &[(&str, &[u8])]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        let method =
            if *name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        w.start_file(*name, SimpleFileOptions::default().compression_method(method)).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

const CONTAINER: &[u8] = br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

fn xhtml(body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>章</title><link rel="stylesheet" href="style.css"/></head><body>{body}</body></html>"#
    )
    .into_bytes()
}

/// An EPUB 3 book of three chapters; the manifest lists them out of order,
/// the spine gives the reading order; chapter 2 has no heading of its own
/// (its title is in the nav document). `extra` adds files or replaces them.
fn epub_book(extra: &[(&str, &[u8])]) -> Vec<u8> {
    let opf = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>红楼梦 &amp; 选读</dc:title><dc:language>zh</dc:language></metadata>
<manifest>
<item id="c3" href="text/c3.xhtml" media-type="application/xhtml+xml"/>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c1" href="text/c%201.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/c2.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="text/style.css" media-type="text/css"/>
</manifest>
<spine><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/><itemref idref="c3"/></spine>
</package>"#;
    let nav = xhtml(
        r#"<nav epub:type="toc"><h1>目录</h1><ol><li><a href="text/c%201.xhtml">第一回　甄士隐梦幻识通灵</a></li><li><a href="text/c2.xhtml#top">第二回　贾夫人仙逝扬州城</a></li><li><a href="text/c3.xhtml">第三回　托内兄如海荐西宾</a></li></ol></nav>"#,
    );
    let c1 = xhtml("<h1>第一回　甄士隐梦幻识通灵</h1><p>此开卷第一回也。</p><p>作者自云：曾历过一番梦幻之后。</p>");
    let c2 = xhtml(r#"<p id="top">却说封肃因听见公差传唤，忙出来陪笑启问。</p><p>那些人只嚷：“快请出甄爷来！”</p>"#);
    let c3 = xhtml(
        "<h2>第三回　托内兄如海荐西宾</h2><p>却说雨村忙回头看时。</p><h3>接外孙贾母惜孤女</h3><p>黛玉方进入房时。</p>",
    );
    let mut files: Vec<(&str, &[u8])> = vec![
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", opf.as_bytes()),
        ("OEBPS/nav.xhtml", &nav),
        ("OEBPS/text/c3.xhtml", &c3),
        ("OEBPS/text/c 1.xhtml", &c1),
        ("OEBPS/text/c2.xhtml", &c2),
        ("OEBPS/text/style.css", b"p { text-indent: 2em }"),
    ];
    files.retain(|(name, _)| !extra.iter().any(|(e, _)| e == name));
    files.extend_from_slice(extra);
    zip_file(&files)
}

#[test]
fn an_epub_imports_one_section_per_chapter_in_spine_order() {
    let dir = tempdir();
    let path = dir.path().join("红楼梦.epub");
    std::fs::write(&path, epub_book(&[])).expect("write");
    let id = ok(dir.path(), &["import", path.to_str().expect("path")]).trim().to_owned();
    let doc = show(dir.path(), &id);
    assert_eq!(doc["title"], "红楼梦 & 选读");
    assert_eq!(
        texts(&doc),
        [
            "第一回　甄士隐梦幻识通灵",
            "此开卷第一回也。",
            "作者自云：曾历过一番梦幻之后。",
            "第二回　贾夫人仙逝扬州城",
            "却说封肃因听见公差传唤，忙出来陪笑启问。",
            "那些人只嚷：“快请出甄爷来！”",
            "第三回　托内兄如海荐西宾",
            "却说雨村忙回头看时。",
            "接外孙贾母惜孤女",
            "黛玉方进入房时。"
        ],
        "spine order; the table of contents is not text"
    );
    assert_eq!(
        headings(&doc),
        [
            (1, "第一回　甄士隐梦幻识通灵".into()),
            (1, "第二回　贾夫人仙逝扬州城".into()),
            (1, "第三回　托内兄如海荐西宾".into()),
            (2, "接外孙贾母惜孤女".into())
        ]
    );
    let hits = search_json(dir.path(), "公差传唤");
    assert_eq!(
        hits.iter().find(|h| h["doc"] == id.as_str()).expect("found")["section"],
        "第二回",
        "the chapter, cited"
    );
}

const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>学习党史的体会 - 示范网</title>
<style>p { color: red }</style><script>var x = "<p>脚本里的文字</p>";</script></head>
<body>
<header class="site-header"><div class="logo">示范网</div><nav><a href="/">首页</a> <a href="/news">新闻</a></nav></header>
<div class="container">
<aside class="sidebar"><h3>热门文章</h3><ul><li>侧栏一</li><li>侧栏二</li></ul></aside>
<article>
<header><h1>学习党史的体会</h1></header>
<p>党史是最生动、最有说服力的教科书。
我们要把学习党史同总结经验结合起来。</p>
<h2>一、学史明理</h2>
<p>学史明理，就是要明白道理。<!-- 注释不算 --></p>
<div class="share-bar">分享到微信</div>
<h3>（一）原文</h3>
<p>读原文、悟原理，<b>学思用</b>贯通。</p>
<div class="ad">广告位招租</div>
</article>
</div>
<footer><p>版权所有 示范网</p></footer>
</body></html>"#;

#[test]
fn a_saved_web_page_imports_its_article_only_in_utf8_and_gbk() {
    let dir = tempdir();
    let utf8 = dir.path().join("体会.html");
    std::fs::write(&utf8, PAGE).expect("write");
    let page = PAGE.replace("utf-8", "gbk");
    let (gbk, _, bad) = encoding_rs::GBK.encode(&page);
    assert!(!bad);
    let gbk_path = dir.path().join("体会-gbk.htm");
    std::fs::write(&gbk_path, &gbk).expect("write");
    for path in [utf8, gbk_path] {
        let id = ok(dir.path(), &["import", path.to_str().expect("path")]).trim().to_owned();
        let doc = show(dir.path(), &id);
        assert_eq!(doc["title"], "学习党史的体会", "the article's h1");
        assert_eq!(
            texts(&doc),
            [
                "学习党史的体会",
                "党史是最生动、最有说服力的教科书。我们要把学习党史同总结经验结合起来。",
                "一、学史明理",
                "学史明理，就是要明白道理。",
                "（一）原文",
                "读原文、悟原理，学思用贯通。"
            ],
            "{path:?}: no navigation, header, sidebar, share bar, ad, footer, script or comment"
        );
        assert_eq!(headings(&doc), [(1, "一、学史明理".into()), (2, "（一）原文".into())]);
    }
}

#[test]
fn bad_pdf_epub_and_web_page_files_are_refused_in_one_sentence_and_nothing_is_added() {
    let dir = tempdir();
    let before = document_count(dir.path());
    let text_pdf = minimal_pdf(
        b"BT /F1 12 Tf 72 700 Td (Hello, reader.) Tj ET",
        "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>",
        &[],
    );
    // A scan: one picture (2x2 grey pixels), no text.
    let scan = minimal_pdf(
        b"q 200 0 0 200 100 400 cm /Im1 Do Q",
        "<< /XObject << /Im1 4 0 R >> >>",
        &[b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x10\x80\x80\x10\nendstream"],
    );
    let mut random = Vec::with_capacity(20_000);
    let mut x: u32 = 0x9E37_79B9;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push(x as u8);
    }
    let book = epub_book(&[]);
    // Chapter 2 encrypted (DRM); an obfuscated font alone would be fine.
    let drm = epub_book(&[(
        "META-INF/encryption.xml",
        br#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/text/c2.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"#.as_slice(),
    )]);
    // A zip bomb: a chapter of 17 MiB of spaces is a few kilobytes packed.
    let spaces = vec![b' '; 17 * 1024 * 1024];
    let bomb = epub_book(&[("OEBPS/text/c2.xhtml", spaces.as_slice())]);
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "scan.pdf",
            scan,
            "the PDF is a scan without a text layer; run text recognition (OCR) on it and import the result",
        ),
        (
            "cut.pdf",
            text_pdf[..text_pdf.len() / 2].to_vec(),
            "the PDF is damaged or incomplete; perhaps the download was cut off",
        ),
        ("random.pdf", random.clone(), "the file is not a PDF, whatever its name says"),
        (
            "notes.pdf",
            b"%PDF-1.7\n\xff\xfe garbage".to_vec(),
            "the PDF is damaged or incomplete; perhaps the download was cut off",
        ),
        ("random.epub", random.clone(), "the file is not an EPUB book, whatever its name says"),
        (
            "cut.epub",
            book[..book.len() / 2].to_vec(),
            "the EPUB book is damaged or incomplete; perhaps the download was cut off",
        ),
        (
            "drm.epub",
            drm,
            "the EPUB book is protected by DRM (its content is encrypted); Pizhu imports only books without DRM",
        ),
        ("bomb.epub", bomb, "the EPUB book unpacks to more than 16777216 bytes; Pizhu does not import it"),
        ("random.html", random, "the file is not a web page (.html), whatever its name says"),
        (
            "empty.html",
            b"<html><body><nav>menu</nav><script>x()</script></body></html>".to_vec(),
            "the web page is empty: it contains no text to read",
        ),
    ];
    if have_tool("qpdf") {
        let plain = dir.path().join("plain.pdf");
        std::fs::write(&plain, &text_pdf).expect("write");
        let locked = dir.path().join("locked.pdf");
        let run = std::process::Command::new("qpdf")
            .args(["--encrypt", "user-pw", "owner-pw", "256", "--"])
            .arg(&plain)
            .arg(&locked)
            .output()
            .expect("run qpdf");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let bytes = std::fs::read(&locked).expect("read");
        cases.push((
            "locked.pdf",
            bytes,
            "the PDF is protected by a password; save a copy without the password and import that",
        ));
    }
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let err = fails(dir.path(), &["import", path.to_str().expect("path")]);
        let mut sentence = message.to_owned();
        sentence[..1].make_ascii_uppercase();
        assert_eq!(err.trim_end(), format!("pizhu: {sentence}."), "{name}");
    }
    assert_eq!(document_count(dir.path()), before, "nothing imported");
    // The same PDF whole imports.
    let good = dir.path().join("hello.pdf");
    std::fs::write(&good, &text_pdf).expect("write");
    let id = ok(dir.path(), &["import", good.to_str().expect("path")]).trim().to_owned();
    assert_eq!(texts(&show(dir.path(), &id)), ["Hello, reader."]);
}
