//! 心得体会 (an essay the reader wrote) as a Word document or as Markdown.
//!
//! The Word document is laid out on the same page as the study notes
//! (A4, GB/T 9704 margins, fonts and `— N —` page numbers; see
//! [`crate::docx`]): the title centred in 小标宋 22 pt, a centred
//! subtitle naming the document the essay is about and a centred line
//! with 单位 and 姓名 in 楷体 when given, then the body in 仿宋 16 pt at a
//! fixed 28 pt line spacing with a first-line indent of two characters.
//! The body's Markdown becomes formatting (bold, italic, lists); a
//! quotation (`>`) is set in 楷体, indented, with its `——《…》` citation
//! line flush right. Every line of running text is its own paragraph, as
//! Chinese prose is typed (one line end, one paragraph). At the end: the
//! date flush right, and under it the length, `（全文共 N 字）`, in small
//! 楷体, counted as Word counts 字数 ([`pizhu_model::count_chars`]) so
//! that it matches what Word shows for the same text.

use std::fmt::Write;

use docx_rs::AlignmentType;
use pizhu_model::{count_chars, Essay};

use crate::docx::DocxStyle;
use crate::markdown::inline;
use crate::richtext::{self, Flavor};
use crate::word::{body, centred, clean, plain, run, title, Word};
use crate::ExportError;

/// What is printed around an essay's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EssayOptions {
    /// The writer's name (姓名), if given.
    pub author: Option<String>,
    /// The writer's unit (单位), if given.
    pub unit: Option<String>,
    /// The date to print, e.g. `2026年11月28日` (see [`crate::today_chinese`]).
    pub date: String,
    /// Title of the document the essay is about, if any: printed as the
    /// subtitle `——学习《…》心得体会`, or used for the title when the essay
    /// has none.
    pub doc_title: Option<String>,
}

/// The essay as the bytes of a `.docx` file.
pub fn essay_docx(essay: &Essay, options: &EssayOptions, style: DocxStyle) -> Result<Vec<u8>, ExportError> {
    let head = Head::of(essay, options);
    let mut word = Word::new(style);
    let look = word.look;
    word.push(title(&look, &head.title));
    for line in head.subtitle.iter().chain(&head.byline) {
        word.push(centred(&look, line));
    }
    word.push(body(&look));
    richtext::render(&mut word, &essay.body, Flavor::Essay, None);
    word.push(body(&look));
    if let Some(date) = &head.date {
        word.push(
            plain(&look, look.body)
                .align(AlignmentType::Right)
                .add_run(run(&look, look.body, look.body_size).add_text(clean(date))),
        );
    }
    word.push(
        plain(&look, look.h2)
            .align(AlignmentType::Right)
            .add_run(run(&look, look.h2, look.small_size).add_text(length(essay))),
    );
    word.finish()
}

/// The essay as Markdown: `# title`, the subtitle and the unit and author
/// line, the body as written, the date and `（全文共 N 字）`.
pub fn essay_markdown(essay: &Essay, options: &EssayOptions) -> String {
    let head = Head::of(essay, options);
    let mut out = String::new();
    // Writing into a String cannot fail; the results are ignored below.
    let _ = writeln!(out, "# {}\n", inline(&head.title));
    for line in head.subtitle.iter().chain(&head.byline) {
        let _ = writeln!(out, "{}\n", inline(line));
    }
    let text = essay.body.trim_start_matches(['\n', '\r']).trim_end();
    if !text.is_empty() {
        let _ = writeln!(out, "{text}\n");
    }
    if let Some(date) = &head.date {
        let _ = writeln!(out, "{}\n", inline(date));
    }
    let _ = writeln!(out, "{}", length(essay));
    out
}

/// `（全文共 N 字）`, N counted from the body as Word counts 字数.
fn length(essay: &Essay) -> String {
    format!("（全文共 {} 字）", count_chars(&essay.body))
}

/// The lines around the body, worked out once for both formats.
struct Head {
    title: String,
    /// `——学习《…》心得体会`.
    subtitle: Option<String>,
    /// `单位　姓名`.
    byline: Option<String>,
    date: Option<String>,
}

impl Head {
    fn of(essay: &Essay, options: &EssayOptions) -> Head {
        let given = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let doc =
            given(&options.doc_title).map(|t| t.trim_start_matches('《').trim_end_matches('》').trim().to_owned());
        let own = essay.title.trim();
        let (title, subtitle) = match doc {
            Some(doc) if own.is_empty() => (format!("学习《{doc}》心得体会"), None),
            // A title that already names the document needs no subtitle.
            Some(doc) if !own.contains(doc.as_str()) => (own.to_owned(), Some(format!("——学习《{doc}》心得体会"))),
            _ if own.is_empty() => ("心得体会".to_owned(), None),
            _ => (own.to_owned(), None),
        };
        let parts: Vec<String> = [given(&options.unit), given(&options.author)].into_iter().flatten().collect();
        Head {
            title,
            subtitle,
            byline: (!parts.is_empty()).then(|| parts.join("\u{3000}")),
            date: Some(options.date.trim().to_owned()).filter(|d| !d.is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn essay(title: &str, body: &str) -> Essay {
        Essay {
            id: "e".into(),
            doc_id: None,
            title: title.into(),
            body: body.into(),
            target: 0,
            chars: count_chars(body),
            created: "2026-11-28T00:00:00Z".into(),
            updated: "2026-11-28T00:00:00Z".into(),
            deleted: None,
        }
    }

    fn options() -> EssayOptions {
        EssayOptions {
            author: Some("张三".into()),
            unit: Some(" 某某区人民法院 ".into()),
            date: "2026年11月28日".into(),
            doc_title: Some("《讲话》".into()),
        }
    }

    fn document_xml(bytes: Vec<u8>) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).expect("utf-8");
        xml
    }

    const BODY: &str =
        "我们要做**政法铁军**。\n第二段。\n\n> 我们要建设一支忠诚干净担当的政法铁军。\n>\n> ——《讲话》·三、队伍建设";

    #[test]
    fn markdown_has_title_byline_body_date_and_length() {
        let md = essay_markdown(&essay("忠诚*担当*", BODY), &options());
        let expected = format!(
            "# 忠诚\\*担当\\*\n\n——学习《讲话》心得体会\n\n某某区人民法院\u{3000}张三\n\n{BODY}\n\n2026年11月28日\n\n（全文共 {} 字）\n",
            count_chars(BODY)
        );
        assert_eq!(md, expected);
        let bare = essay_markdown(&essay("  ", "\n正文\n\n"), &EssayOptions::default());
        assert_eq!(bare, "# 心得体会\n\n正文\n\n（全文共 2 字）\n");
    }

    #[test]
    fn titles_and_subtitles() {
        let head = Head::of(&essay("", ""), &options());
        assert_eq!((head.title.as_str(), head.subtitle), ("学习《讲话》心得体会", None));
        let head = Head::of(&essay("学习《讲话》的体会", ""), &options());
        assert_eq!(head.subtitle, None, "the title already names the document");
        let head = Head::of(&essay("做忠诚卫士", ""), &EssayOptions { author: Some("李四".into()), ..options() });
        assert_eq!(head.byline.as_deref(), Some("某某区人民法院\u{3000}李四"));
        let head = Head::of(&essay("t", ""), &EssayOptions { unit: None, ..options() });
        assert_eq!(head.byline.as_deref(), Some("张三"));
    }

    #[test]
    fn docx_in_both_styles() {
        for (style, face) in [(DocxStyle::Gbt, "仿宋"), (DocxStyle::Plain, "宋体")] {
            let xml = document_xml(essay_docx(&essay("忠诚担当", BODY), &options(), style).expect("docx"));
            assert!(xml.contains("政法铁军") && !xml.contains("**"), "{xml}");
            assert!(xml.contains(&format!("（全文共 {} 字）", count_chars(BODY))));
            assert!(xml.contains("——学习《讲话》心得体会") && xml.contains("某某区人民法院\u{3000}张三"));
            assert!(xml.contains(&format!(r#"w:eastAsia="{face}""#)));
            // The citation is right-aligned, like the date.
            assert!(xml.matches(r#"<w:jc w:val="right""#).count() >= 3, "{xml}");
            // Each line of the body is a paragraph: 第二段 is not after a line break.
            assert!(!xml.contains(r#"<w:br w:type="textWrapping""#), "{xml}");
        }
    }
}
