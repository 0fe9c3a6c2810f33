use std::io::Write;

use pizhu_model::BlockKind;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::*;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// Styles as Chinese Word writes them: ids "1", "2", names in English.
const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a4"><w:name w:val="Subtitle of mine"/><w:basedOn w:val="a3"/></w:style>
<w:style w:type="paragraph" w:styleId="zhang"><w:name w:val="章标题"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="标题 3"/></w:style>
<w:style w:type="character" w:styleId="10"><w:name w:val="heading 1 Char"/></w:style>
</w:styles>"#;

fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        w.start_file(*name, SimpleFileOptions::default().compression_method(CompressionMethod::Deflated))
            .expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn docx(body: &str, styles: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("word/document.xml", document.as_bytes()),
    ];
    if let Some(s) = styles {
        files.push(("word/styles.xml", s.as_bytes()));
    }
    zip(&files)
}

fn p(style: &str, text: &str) -> String {
    let props = if style.is_empty() { String::new() } else { format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#) };
    format!(r#"<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn lines(d: &Docx) -> Vec<(&str, Option<u8>)> {
    d.lines.iter().map(|l| (l.text.as_str(), l.heading)).collect()
}

#[test]
fn styles_give_headings_and_the_title() {
    let body = [
        p("a3", "学习党史的体会"),
        p("a4", "副标题"),
        p("1", "学习的意义"),
        p("", "一、读原文"),
        p("", "正文一段。"),
        p("2", "小结"),
        p("zhang", "第二部分"),
        p("Heading3", "细目"),
        p("", ""),
        p("missing-style", "   "),
    ]
    .concat();
    let d = read(&docx(&body, Some(STYLES))).expect("reads");
    assert_eq!(d.title.as_deref(), Some("学习党史的体会"));
    assert_eq!(
        lines(&d),
        [
            ("学习党史的体会", None),
            ("副标题", None),
            ("学习的意义", Some(1)),
            ("一、读原文", None),
            ("正文一段。", None),
            ("小结", Some(2)),
            ("第二部分", Some(1)),
            ("细目", Some(3)),
        ],
        "empty paragraphs are skipped; a style based on a heading is one"
    );
    let doc = import("d", "x.docx", None, &docx(&body, Some(STYLES))).expect("imports");
    assert_eq!(doc.title, "学习党史的体会");
    let heads: Vec<(u8, &str)> =
        doc.blocks.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| (b.level, b.text.as_str())).collect();
    assert_eq!(
        heads,
        [(1, "学习的意义"), (4, "一、读原文"), (2, "小结"), (1, "第二部分"), (3, "细目")],
        "styled headings hold the numbered items of the body text"
    );
}

#[test]
fn tables_hyperlinks_tabs_breaks_and_entities() {
    let body = r#"
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>
  <w:r><w:t>见</w:t></w:r>
  <w:hyperlink r:id="rId5"><w:r><w:t>人民网</w:t></w:r></w:hyperlink>
  <w:r><w:tab/><w:t>A&amp;B &lt;1&gt; &#x4E2D;</w:t></w:r>
  <w:del w:id="1"><w:r><w:delText>删掉的</w:delText></w:r></w:del>
  <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>7</w:t></w:r>
</w:p>
<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r><w:r><w:t>，end</w:t><w:br/><w:t>of line</w:t></w:r></w:p>
<w:tbl><w:tr>
  <w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>
  <w:tc><w:p/><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc>
</w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>后文</w:t></w:r></w:p>
"#;
    let d = read(&docx(body, None)).expect("reads without styles.xml");
    assert_eq!(
        lines(&d),
        [
            ("见人民网 A&B <1> 中7", None),
            ("第一行第二行，end of line", None),
            ("甲", None),
            ("乙", None),
            ("丙", None),
            ("文本框", None),
            ("后文", None),
        ]
    );
    assert_eq!(d.title, None);
}

#[test]
fn numbering_in_the_text_makes_headings_without_styles() {
    let body =
        [p("", "中华人民共和国示范法"), p("", "第一章　总则"), p("", "第一条　为了规范。"), p("", "第一节　一般规定")]
            .concat();
    let doc = import("d", "law.docx", None, &docx(&body, Some(STYLES))).expect("imports");
    assert_eq!(doc.title, "中华人民共和国示范法", "a title line, as for a .txt");
    let heads: Vec<(u8, &str)> =
        doc.blocks.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| (b.level, b.text.as_str())).collect();
    assert_eq!(heads, [(1, "第一章　总则"), (2, "第一节　一般规定")]);
    let doc = import("d", "law.docx", Some(" 自定 "), &docx(&body, None)).expect("imports");
    assert_eq!(doc.title, "自定");
    let doc = import("d", "心得.docx", None, &docx(&p("", "今天学习了讲话，很有收获。"), None)).expect("imports");
    assert_eq!(doc.title, "心得");
}

#[test]
fn bad_files_are_refused_with_one_sentence() {
    let good = docx(&p("", "正文"), None);
    let cases: Vec<(&str, Vec<u8>, ImportError)> = vec![
        (
            "random bytes",
            (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect(),
            ImportError::NotThisFormat(RichKind::Docx),
        ),
        ("plain text", "第一章 总则".as_bytes().to_vec(), ImportError::NotThisFormat(RichKind::Docx)),
        ("empty file", Vec::new(), ImportError::NotThisFormat(RichKind::Docx)),
        ("truncated", good[..good.len() * 2 / 3].to_vec(), ImportError::Damaged(RichKind::Docx)),
        ("OLE: encrypted or .doc", [OLE.as_slice(), &[0; 504]].concat(), ImportError::Encrypted(RichKind::Docx)),
        ("a zip without a document", zip(&[("a.txt", b"hello")]), ImportError::NotThisFormat(RichKind::Docx)),
        ("no text", docx("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>", Some(STYLES)), ImportError::Empty(RichKind::Docx)),
        (
            "broken XML",
            zip(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]),
            ImportError::Damaged(RichKind::Docx),
        ),
        (
            "unclosed XML",
            zip(&[("word/document.xml", b"<w:document><w:body><w:p><w:r><w:t>x")]),
            ImportError::Damaged(RichKind::Docx),
        ),
        (
            "too large",
            vec![0; MAX_DOCX_BYTES as usize + 1],
            ImportError::TooLarge { kind: RichKind::Docx, size: MAX_DOCX_BYTES + 1, limit: MAX_DOCX_BYTES },
        ),
    ];
    for (what, bytes, want) in cases {
        let got = read(&bytes).expect_err(what);
        assert_eq!(got, want, "{what}");
        assert!(!got.to_string().contains('\n') && !got.zh().contains('\n'), "one sentence");
        assert!(import("d", "x.docx", None, &bytes).is_err(), "{what}");
    }
    assert_eq!(ImportError::Encrypted(RichKind::Docx).zh(), "加密的或旧版 .doc 文件，请在 Word 中另存为 .docx");
}

/// Sets the uncompressed size of `name` in a zip's local and central headers.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let mut i = 0;
    while i + 46 <= zip.len() {
        let (name_at, size_at, len_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (30, 22, 26), // local header
            b"PK\x01\x02" => (46, 24, 28), // central directory
            _ => {
                i += 1;
                continue;
            }
        };
        let n = u16::from_le_bytes([zip[i + len_at], zip[i + len_at + 1]]) as usize;
        if zip.get(i + name_at..i + name_at + n) == Some(name.as_bytes()) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 4;
    }
}

#[test]
fn a_zip_bomb_is_never_inflated() {
    // Declared: 4 GB of document.xml.
    let mut bytes = docx(&p("", "正文"), None);
    declare_size(&mut bytes, "word/document.xml", u32::MAX);
    assert_eq!(read(&bytes), Err(ImportError::Unpacks { kind: RichKind::Docx, limit: MAX_DOCUMENT_XML }));
    // Actual: declared small, inflates past the cap (a small cap here: the
    // reading stops at it, whatever the zip declares).
    let body = p("", &"党".repeat(1_000_000));
    let mut bytes = docx(&body, None);
    assert!(bytes.len() < 200_000, "compresses well: {}", bytes.len());
    assert!(read_with(&bytes, 4 * 1024 * 1024).is_ok());
    assert_eq!(read_with(&bytes, 1024 * 1024), Err(ImportError::Unpacks { kind: RichKind::Docx, limit: 1024 * 1024 }));
    declare_size(&mut bytes, "word/document.xml", 1000);
    let got = read_with(&bytes, 1024 * 1024);
    assert!(
        matches!(got, Err(ImportError::Unpacks { .. } | ImportError::Damaged(RichKind::Docx))),
        "a lying size is refused: {got:?}"
    );
}
