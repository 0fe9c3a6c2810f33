//! Study notes (学习笔记) as a Word document.
//!
//! The content is that of every notes export (see [`NotesExport`]): a title
//! block (title, reader, date, number of highlights and of Chinese
//! characters written in notes), then per section its heading and, for each
//! highlight, the quoted passage with the colour meaning, its tags and the
//! note, whose Markdown is carried into Word as formatting: bold, italic,
//! code, links, lists, quotations, never literal `**` or `>`.
//!
//! [`DocxStyle::Gbt`], the default, follows the conventions of GB/T 9704
//! (党政机关公文格式): A4, margins 37/35/28/26 mm (top/bottom/left/right);
//! title in 方正小标宋简体 二号 (22 pt) bold, centred; first-level headings in
//! 黑体 三号 (16 pt); second-level headings in 楷体 三号; body in 仿宋 三号
//! with a fixed line spacing of 28 pt and a first-line indent of two
//! characters. The Chinese fonts are named as East-Asian fonts
//! (`w:eastAsia`), so Word and WPS use them for Chinese text, with Times New
//! Roman for Latin letters and digits. [`DocxStyle::Plain`] is 宋体 12 pt
//! with ordinary margins.
//!
//! Page numbers follow GB/T 9704 too: 4 号 (14 pt) half-width 宋体 Arabic
//! numerals between dashes, `— 1 —`, odd pages at the right and even pages
//! at the left, one character in from the margin. The plain style centres
//! them.

use docx_rs::{BreakType, Paragraph};
use pizhu_model::Color;

use crate::notes::{DocNotes, Entry, NotesExport, NotesOptions};
use crate::richtext::{self, Flavor};
use crate::word::{body, centred, clean, heading, run, title, Look, Word};
use crate::ExportError;

/// The look of the Word document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DocxStyle {
    /// After GB/T 9704, the Chinese official-document format (the default).
    #[default]
    Gbt,
    /// 宋体 12 pt, ordinary margins.
    Plain,
}

impl std::str::FromStr for DocxStyle {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "gbt" | "gb" | "gbt9704" => Ok(DocxStyle::Gbt),
            "plain" => Ok(DocxStyle::Plain),
            _ => Err(format!("unknown style {s:?}: use gbt or plain")),
        }
    }
}

/// The notes of `docs` as the bytes of a `.docx` file.
pub fn to_docx(
    docs: &[DocNotes<'_>],
    colors: &[Color],
    options: &NotesOptions,
    style: DocxStyle,
) -> Result<Vec<u8>, ExportError> {
    render(&NotesExport::new(docs, colors, options), style)
}

/// Renders placed notes as a `.docx` file.
pub fn render(notes: &NotesExport<'_>, style: DocxStyle) -> Result<Vec<u8>, ExportError> {
    let mut word = Word::new(style);
    let look = word.look;

    // Title block.
    word.push(title(&look, &notes.title));
    if let Some(reader) = notes.reader {
        word.push(centred(&look, &format!("学习人：{reader}")));
    }
    if !notes.date.trim().is_empty() {
        word.push(centred(&look, &format!("日期：{}", notes.date.trim())));
    }
    word.push(centred(&look, &notes.summary()));
    word.push(body(&look));

    let (doc_level, section_level) = if notes.several() { (Some(1), 2) } else { (None, 1) };
    let mut number = 0usize;
    for (i, (_, entries)) in notes.docs.iter().enumerate() {
        if doc_level.is_some() {
            word.push(heading(&look, 1, &notes.doc_heading(i)));
        }
        if entries.is_empty() {
            word.push(body(&look).add_run(run(&look, look.body, look.body_size).add_text("（没有划线）")));
        }
        let mut section: Option<&str> = None;
        for e in entries {
            if e.section.is_some() && e.section != section {
                word.push(heading(&look, section_level, e.section.unwrap_or_default()));
            }
            section = e.section;
            number += 1;
            entry(&mut word, number, e);
        }
    }
    word.finish()
}

/// The paragraphs of one highlight: `1．【重点】“passage”`, the tags, the note.
fn entry(word: &mut Word, number: usize, e: &Entry<'_>) {
    let look = word.look;
    let a = e.annotation;
    let head = run(&look, look.h1, look.body_size).add_text(format!("{number}．【{}】", clean(e.color_label)));
    word.push(add_lines(body(&look).add_run(head), &look, look.h2, &format!("“{}”", a.exact.trim())));
    if !a.tags.is_empty() {
        let tags: Vec<String> = a.tags.iter().map(|t| format!("#{}", clean(t))).collect();
        word.push(
            body(&look)
                .add_run(run(&look, look.h1, look.body_size).add_text("标签："))
                .add_run(run(&look, look.body, look.body_size).add_text(tags.join("  "))),
        );
    }
    if !a.note.trim().is_empty() {
        let label = run(&look, look.h1, look.body_size).add_text("批注：");
        richtext::render(word, &a.note, Flavor::Note, Some(label));
    }
}

/// Adds `text` as runs, with a line break at each `\n`.
fn add_lines(mut p: Paragraph, look: &Look, font: &str, text: &str) -> Paragraph {
    for (i, line) in text.lines().enumerate() {
        let mut r = run(look, font, look.body_size);
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r.add_text(clean(line)));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    use pizhu_model::{default_colors, Annotation, Document};
    use std::io::Read;

    fn note(note: &str) -> (Document, Annotation) {
        let doc = Document::from_text("d", "标题", "一、开头\n正文");
        let a = Annotation {
            id: "a".into(),
            doc_id: "d".into(),
            start: 5,
            end: 7,
            exact: "正文".into(),
            prefix: String::new(),
            suffix: String::new(),
            color: "yellow".into(),
            note: note.into(),
            tags: vec![],
            created: "2024-05-01T00:00:00Z".into(),
            updated: "2024-05-01T00:00:00Z".into(),
            deleted: None,
            orphaned: false,
            author: None,
        };
        (doc, a)
    }

    #[test]
    fn notes_markdown_becomes_word_formatting() {
        let (doc, a) = note("**铁军**、*忠诚* [链接](https://example.org)\n\n- 一\n- 二\n\n> 引用");
        let bytes = to_docx(
            &[DocNotes { doc: &doc, annotations: &[a], by: None }],
            &default_colors(),
            &NotesOptions::default(),
            DocxStyle::Gbt,
        )
        .expect("docx");
        let xml = richtext::tests::part(&bytes, "word/document.xml");
        let rels = richtext::tests::part(&bytes, "word/_rels/document.xml.rels");
        assert!(!xml.contains('*'), "no literal asterisks: {xml}");
        let bold = richtext::tests::run_of(&xml, "铁军");
        assert!(bold.contains("<w:b />") && bold.contains(r#"w:eastAsia="仿宋""#), "{bold}");
        assert!(richtext::tests::run_of(&xml, "忠诚").contains("<w:i />"));
        // The label starts the note's first paragraph.
        assert!(xml.contains(">批注：</w:t></w:r><w:r><w:rPr>"), "{xml}");
        // A real hyperlink, its address shown after it.
        assert!(xml.contains("<w:hyperlink r:id=") && richtext::tests::run_of(&xml, "链接").contains("<w:u "));
        assert!(xml.contains("（https://example.org）") && rels.contains(r#"Target="https://example.org""#));
        // The list items are Word list paragraphs; the quote is in 楷体.
        for item in ["一", "二"] {
            let p = richtext::tests::paragraph_of(&xml, item);
            assert!(p.contains("<w:numPr>"), "{p}");
        }
        assert!(richtext::tests::run_of(&xml, "引用").contains(r#"w:eastAsia="楷体""#));
    }

    #[test]
    fn writes_a_docx_with_escaped_text_and_east_asian_fonts() {
        let doc = Document::from_text("d", "标题 <&>", "一、开头\n正文😀𠀀<tag>&amp;");
        let a = Annotation {
            id: "a".into(),
            doc_id: "d".into(),
            start: 5,
            end: 10,
            exact: "正文😀𠀀<".into(),
            prefix: String::new(),
            suffix: String::new(),
            color: "yellow".into(),
            note: "<w:p>不是XML</w:p> & \u{1}\n\n第二段 𠀀".into(),
            tags: vec!["a&b".into()],
            created: "2024-05-01T00:00:00Z".into(),
            updated: "2024-05-01T00:00:00Z".into(),
            deleted: None,
            orphaned: false,
            author: None,
        };
        let options =
            NotesOptions { reader: Some("张三".into()), date: "2024年5月1日".into(), ..Default::default() };
        let bytes = to_docx(
            &[DocNotes { doc: &doc, annotations: &[a], by: None }],
            &default_colors(),
            &options,
            DocxStyle::Gbt,
        )
        .expect("docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).expect("utf-8");
        assert!(xml.contains("&lt;w:p&gt;不是XML&lt;/w:p&gt; &amp; "), "{xml}");
        assert!(xml.contains("第二段 𠀀"));
        assert!(xml.contains("正文😀𠀀&lt;"));
        assert!(!xml.contains('\u{1}'));
        assert!(xml.contains(r#"w:eastAsia="仿宋""#));
        assert!(xml.contains("w:top=\"2098\""), "37 mm top margin");
        let mut styles = String::new();
        zip.by_name("word/styles.xml").expect("styles.xml").read_to_string(&mut styles).expect("utf-8");
        assert!(styles.contains(r#"w:eastAsia="方正小标宋简体""#));
        assert!(styles.contains(r#"w:eastAsia="黑体""#) && styles.contains(r#"w:eastAsia="楷体""#));
    }

    #[test]
    fn styles_parse() {
        assert_eq!("GBT".parse::<DocxStyle>(), Ok(DocxStyle::Gbt));
        assert_eq!("plain".parse::<DocxStyle>(), Ok(DocxStyle::Plain));
        assert!("fancy".parse::<DocxStyle>().is_err());
    }
}
