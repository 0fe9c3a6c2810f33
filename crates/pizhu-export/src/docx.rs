//! Study notes (学习笔记) as a Word document.
//!
//! The content is that of every notes export (see [`NotesExport`]): a title
//! block (title, reader, date, number of highlights and of Chinese
//! characters written in notes), then per section its heading and, for each
//! highlight, the quoted passage with the colour meaning, its tags and the
//! note (split into paragraphs at blank lines; never read as markup).
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

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType,
};
use pizhu_model::Color;

use crate::notes::{paragraphs, DocNotes, Entry, NotesExport, NotesOptions};
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

/// Millimetres to twentieths of a point.
fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

/// A4 in twips.
const A4: (u32, u32) = (11906, 16838);

/// Fonts and sizes of one style.
struct Look {
    title: &'static str,
    h1: &'static str,
    h2: &'static str,
    body: &'static str,
    latin: &'static str,
    /// Half-points.
    title_size: usize,
    heading_size: usize,
    body_size: usize,
    /// Body line spacing: exact twips, or `None` for 1.5 lines.
    line: Option<i32>,
    /// top, bottom, left, right in twips.
    margins: (i32, i32, i32, i32),
}

impl Look {
    fn of(style: DocxStyle) -> Look {
        match style {
            DocxStyle::Gbt => Look {
                title: "方正小标宋简体",
                h1: "黑体",
                h2: "楷体",
                body: "仿宋",
                latin: "Times New Roman",
                title_size: 44,
                heading_size: 32,
                body_size: 32,
                line: Some(560),
                margins: (mm(37.0), mm(35.0), mm(28.0), mm(26.0)),
            },
            DocxStyle::Plain => Look {
                title: "宋体",
                h1: "宋体",
                h2: "宋体",
                body: "宋体",
                latin: "Times New Roman",
                title_size: 32,
                heading_size: 28,
                body_size: 24,
                line: None,
                margins: (mm(25.4), mm(25.4), mm(31.8), mm(31.8)),
            },
        }
    }

    fn fonts(&self, east_asia: &str) -> RunFonts {
        RunFonts::new().east_asia(east_asia).ascii(self.latin).hi_ansi(self.latin).cs(self.latin)
    }

    fn spacing(&self) -> LineSpacing {
        match self.line {
            Some(twips) => LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips).before(0).after(0),
            None => LineSpacing::new().line_rule(LineSpacingType::Auto).line(360).before(0).after(0),
        }
    }

    /// Two characters of body text, in twips.
    fn indent(&self) -> i32 {
        (self.body_size * 20) as i32
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
    let look = Look::of(style);
    let (top, bottom, left, right) = look.margins;
    let mut docx = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin::new().top(top).bottom(bottom).left(left).right(right).header(851).footer(992))
        .default_fonts(look.fonts(look.body))
        .default_size(look.body_size)
        .add_style(
            Style::new("PizhuTitle", StyleType::Paragraph)
                .name("Title")
                .fonts(look.fonts(look.title))
                .size(look.title_size)
                .bold()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(0).after(240)),
        )
        .add_style(
            Style::new("PizhuHeading1", StyleType::Paragraph)
                .name("heading 1")
                .fonts(look.fonts(look.h1))
                .size(look.heading_size)
                .line_spacing(look.spacing())
                .outline_lvl(0),
        )
        .add_style(
            Style::new("PizhuHeading2", StyleType::Paragraph)
                .name("heading 2")
                .fonts(look.fonts(look.h2))
                .size(look.heading_size)
                .line_spacing(look.spacing())
                .outline_lvl(1),
        )
        .add_style(
            Style::new("PizhuBody", StyleType::Paragraph)
                .name("Body Text")
                .fonts(look.fonts(look.body))
                .size(look.body_size)
                .line_spacing(look.spacing()),
        );

    docx = match style {
        DocxStyle::Gbt => docx
            .footer(Footer::new().add_paragraph(page_number(AlignmentType::Right)))
            .even_footer(Footer::new().add_paragraph(page_number(AlignmentType::Left))),
        DocxStyle::Plain => docx.footer(Footer::new().add_paragraph(page_number(AlignmentType::Center))),
    };

    // Title block.
    docx = docx.add_paragraph(
        styled("PizhuTitle", &look, look.title, look.title_size)
            .add_run(run(&look, look.title, look.title_size).bold().add_text(clean(&notes.title))),
    );
    let mut meta = Vec::new();
    if let Some(reader) = notes.reader {
        meta.push(format!("学习人：{}", clean(reader)));
    }
    if !notes.date.trim().is_empty() {
        meta.push(format!("日期：{}", clean(notes.date.trim())));
    }
    meta.push(notes.summary());
    for line in meta {
        docx = docx.add_paragraph(
            styled("PizhuBody", &look, look.h2, look.body_size)
                .align(AlignmentType::Center)
                .add_run(run(&look, look.h2, look.body_size).add_text(line)),
        );
    }
    docx = docx.add_paragraph(body(&look));

    let (doc_level, section_level) = if notes.several() { (Some(1), 2) } else { (None, 1) };
    let mut number = 0usize;
    for (doc, entries) in &notes.docs {
        if doc_level.is_some() {
            docx = docx.add_paragraph(heading(&look, 1, &format!("《{}》", clean(&doc.title))));
        }
        if entries.is_empty() {
            docx =
                docx.add_paragraph(body(&look).add_run(run(&look, look.body, look.body_size).add_text("（没有划线）")));
        }
        let mut section: Option<&str> = None;
        for e in entries {
            if e.section.is_some() && e.section != section {
                docx = docx.add_paragraph(heading(&look, section_level, &clean(e.section.unwrap_or_default())));
            }
            section = e.section;
            number += 1;
            for p in entry(&look, number, e) {
                docx = docx.add_paragraph(p);
            }
        }
    }

    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut buf).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

/// `— N —` with the page number as a field, 4 号 半角 宋体, aligned to
/// `side` and one character in from that margin.
fn page_number(side: AlignmentType) -> Paragraph {
    const SIZE: usize = 28; // 4 号 = 14 pt, in half-points
    const ONE_CHAR: i32 = 280; // 14 pt in twips
    let fonts = || RunFonts::new().east_asia("宋体").ascii("宋体").hi_ansi("宋体").cs("宋体");
    let text = |t: &str| Run::new().fonts(fonts()).size(SIZE).add_text(t);
    let field = Run::new()
        .fonts(fonts())
        .size(SIZE)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let p = Paragraph::new().align(side).add_run(text("— ")).add_run(field).add_run(text(" —"));
    match side {
        AlignmentType::Right => p.indent(None, None, Some(ONE_CHAR), None),
        AlignmentType::Left => p.indent(Some(ONE_CHAR), None, None, None),
        _ => p,
    }
}

/// The paragraphs of one highlight: `1．【重点】“passage”`, the tags, the note.
fn entry(look: &Look, number: usize, e: &Entry<'_>) -> Vec<Paragraph> {
    let a = e.annotation;
    let mut out = Vec::new();
    let head = run(look, look.h1, look.body_size).add_text(format!("{number}．【{}】", clean(e.color_label)));
    let mut quote = body(look).add_run(head);
    quote = add_lines(quote, look, look.h2, &format!("“{}”", a.exact.trim()));
    out.push(quote);
    if !a.tags.is_empty() {
        let tags: Vec<String> = a.tags.iter().map(|t| format!("#{}", clean(t))).collect();
        out.push(
            body(look)
                .add_run(run(look, look.h1, look.body_size).add_text("标签："))
                .add_run(run(look, look.body, look.body_size).add_text(tags.join("  "))),
        );
    }
    let mut labelled = false;
    for para in paragraphs(&a.note) {
        // Lines of running text gather into one paragraph; a list item or a
        // quoted line is laid out as its own paragraph.
        let mut text: Vec<&str> = Vec::new();
        let flush = |text: &mut Vec<&str>, out: &mut Vec<Paragraph>, labelled: &mut bool| {
            if text.is_empty() {
                return;
            }
            let mut p = body(look);
            if !*labelled {
                p = p.add_run(run(look, look.h1, look.body_size).add_text("批注："));
                *labelled = true;
            }
            out.push(add_lines(p, look, look.body, &text.join("\n")));
            text.clear();
        };
        for line in para.lines() {
            match NoteLine::of(line) {
                NoteLine::Text(t) => text.push(t),
                other => {
                    flush(&mut text, &mut out, &mut labelled);
                    if !labelled {
                        out.push(body(look).add_run(run(look, look.h1, look.body_size).add_text("批注：")));
                        labelled = true;
                    }
                    out.push(note_line(look, &other));
                }
            }
        }
        flush(&mut text, &mut out, &mut labelled);
    }
    out
}

/// One line of a note as Word lays it out.
#[derive(Debug, PartialEq, Eq)]
enum NoteLine<'a> {
    /// Running text.
    Text(&'a str),
    /// A list item with its marker as written (`•` for `-`, `*`, `+`; `1.` as is).
    Item(String, &'a str),
    /// A quoted line (`> …`).
    Quote(&'a str),
}

impl<'a> NoteLine<'a> {
    fn of(line: &'a str) -> NoteLine<'a> {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("> ").or_else(|| (t == ">").then_some("")) {
            return NoteLine::Quote(rest.trim());
        }
        for bullet in ["- ", "* ", "+ ", "• "] {
            if let Some(rest) = t.strip_prefix(bullet) {
                return NoteLine::Item("•".into(), rest.trim());
            }
        }
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if (1..=3).contains(&digits) {
            let rest = &t[digits..];
            for sep in [". ", "、", "）", ") "] {
                if let Some(item) = rest.strip_prefix(sep) {
                    return NoteLine::Item(format!("{}.", &t[..digits]), item.trim());
                }
            }
        }
        NoteLine::Text(line)
    }
}

/// A list item hangs its marker in the indent; a quote is indented and set
/// in the second heading face (楷体 in GB/T 9704), as quotations are.
fn note_line(look: &Look, line: &NoteLine<'_>) -> Paragraph {
    let two = look.indent();
    let plain = || styled("PizhuBody", look, look.body, look.body_size).line_spacing(look.spacing());
    match line {
        NoteLine::Item(marker, text) => plain()
            // Text at three characters in, the marker hanging one character before it.
            .indent(Some(two + two / 2), Some(SpecialIndentType::Hanging(two / 2)), None, None)
            .add_run(run(look, look.body, look.body_size).add_text(format!("{marker}\u{2002}{}", clean(text)))),
        NoteLine::Quote(text) => plain()
            .indent(Some(two), None, Some(two), None)
            .add_run(run(look, look.h2, look.body_size).add_text(clean(text))),
        NoteLine::Text(text) => body(look).add_run(run(look, look.body, look.body_size).add_text(clean(text))),
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

fn run(look: &Look, east_asia: &str, size: usize) -> Run {
    Run::new().fonts(look.fonts(east_asia)).size(size)
}

fn styled(style: &str, look: &Look, east_asia: &str, size: usize) -> Paragraph {
    Paragraph::new().style(style).fonts(look.fonts(east_asia)).size(size)
}

/// A body paragraph with a first-line indent of two characters.
fn body(look: &Look) -> Paragraph {
    styled("PizhuBody", look, look.body, look.body_size).line_spacing(look.spacing()).indent(
        None,
        Some(SpecialIndentType::FirstLine(look.indent())),
        None,
        None,
    )
}

fn heading(look: &Look, level: u8, text: &str) -> Paragraph {
    let (style, font) = if level == 1 { ("PizhuHeading1", look.h1) } else { ("PizhuHeading2", look.h2) };
    styled(style, look, font, look.heading_size)
        .line_spacing(look.spacing())
        .indent(None, Some(SpecialIndentType::FirstLine(look.indent())), None, None)
        .outline_lvl(usize::from(level - 1))
        .keep_next(true)
        .add_run(run(look, font, look.heading_size).add_text(text))
}

/// Text as XML 1.0 allows it: control characters (other than tab) and
/// non-characters dropped, line ends left to the caller. Escaping of `<`, `&`
/// and quotes is the DOCX writer's job.
fn clean(s: &str) -> String {
    s.chars().filter(|&c| c == '\t' || !(c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_lines_know_lists_and_quotes() {
        assert_eq!(NoteLine::of("- 学习计划"), NoteLine::Item("•".into(), "学习计划"));
        assert_eq!(NoteLine::of("  * 专题研讨"), NoteLine::Item("•".into(), "专题研讨"));
        assert_eq!(NoteLine::of("2. 第二点"), NoteLine::Item("2.".into(), "第二点"));
        assert_eq!(NoteLine::of("3、第三点"), NoteLine::Item("3.".into(), "第三点"));
        assert_eq!(NoteLine::of("> 以史为鉴"), NoteLine::Quote("以史为鉴"));
        assert_eq!(NoteLine::of("2021年是建党百年"), NoteLine::Text("2021年是建党百年"));
        assert_eq!(NoteLine::of("-号不是列表"), NoteLine::Text("-号不是列表"));
    }
    use pizhu_model::{default_colors, Annotation, Document};
    use std::io::Read;

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
        };
        let options =
            NotesOptions { reader: Some("张三".into()), date: "2024年5月1日".into(), ..Default::default() };
        let bytes = to_docx(&[DocNotes { doc: &doc, annotations: &[a] }], &default_colors(), &options, DocxStyle::Gbt)
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
        assert_eq!(mm(37.0), 2098);
    }
}
