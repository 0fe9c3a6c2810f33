//! Users' files of rich formats, turned into Pizhu documents.
//!
//! One job: read a file a reader brings into lines of text, each with the
//! heading depth the file itself declares, and build a
//! [`pizhu_model::Document`] from them with the model's own rules (the
//! numbering of Chinese texts — 第X章, 一、, （一） … — is still detected
//! from the text when a file has no heading styles).
//!
//! * [`docx`]: Word `.docx` paragraphs in order (tables cell by cell, text in
//!   hyperlinks, tabs as spaces, soft line breaks joined), headings from the
//!   paragraph styles, `Title` for the document's title; `zip` + `quick-xml`.
//! * [`pdf`]: the text layer of a PDF (`pdf-extract` on `lopdf`, which maps
//!   CID fonts through their ToUnicode tables), glyphs placed on lines, lines
//!   joined into paragraphs by their positions ([`pdf::layout`]), running
//!   headers, footers and page numbers dropped, larger type as headings.
//! * [`epub`]: an EPUB book's chapters in spine order, each a section under
//!   its title; `zip` + `quick-xml` for the package, [`html`] for chapters.
//! * [`html`]: a saved web page's article (an HTML5 parser, `dom_query`,
//!   and a small readability heuristic), `h1`–`h6` as headings, the
//!   charset of `<meta charset>` (UTF-8, GBK, GB18030, …).
//!
//! Zips are read with a cap on every inflated part (no zip bomb is ever
//! inflated unbounded); every file has a size cap ([`RichKind::max_bytes`]);
//! a parser that panics on a hostile file is caught ([`guarded`]) and the
//! file refused as damaged. Bad files are refused with one [`ImportError`]
//! sentence. No I/O: the caller reads the bytes.

#![warn(missing_docs)]

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use pizhu_model::import::title_line;
use pizhu_model::{BlockKind, Document};

pub mod docx;
pub mod epub;
mod error;
pub mod html;
pub mod pdf;
mod zipped;

pub use error::ImportError;

/// Largest `.docx` file Pizhu imports: 32 MiB (pictures make Word files
/// much larger than their text; a `.txt` stays limited to
/// [`pizhu_model::import::MAX_IMPORT_BYTES`]).
pub const MAX_DOCX_BYTES: u64 = 32 * 1024 * 1024;

/// Largest PDF Pizhu imports: 64 MiB (fonts and pictures dwarf the text).
pub const MAX_PDF_BYTES: u64 = 64 * 1024 * 1024;

/// Largest EPUB Pizhu imports: 64 MiB (each part is capped again when inflated).
pub const MAX_EPUB_BYTES: u64 = 64 * 1024 * 1024;

/// Largest saved web page Pizhu imports: 16 MiB of HTML.
pub const MAX_HTML_BYTES: u64 = 16 * 1024 * 1024;

/// The rich formats this crate reads, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RichKind {
    /// Word 2007 and later (`.docx`).
    Docx,
    /// A PDF's text layer (`.pdf`).
    Pdf,
    /// An EPUB e-book, version 2 or 3 (`.epub`).
    Epub,
    /// A web page saved from a browser (`.html`, `.htm`, `.xhtml`).
    Html,
}

impl RichKind {
    /// Every kind, in the order the open dialog lists them.
    pub const ALL: [RichKind; 4] = [RichKind::Docx, RichKind::Pdf, RichKind::Epub, RichKind::Html];

    /// The file extensions (lower case, no dot) of this kind.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            RichKind::Docx => &["docx"],
            RichKind::Pdf => &["pdf"],
            RichKind::Epub => &["epub"],
            RichKind::Html => &["html", "htm", "xhtml"],
        }
    }

    /// The kind of a file name, by its extension; `None` for anything else.
    pub fn from_name(name: &str) -> Option<RichKind> {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        RichKind::ALL.into_iter().find(|k| k.extensions().contains(&ext.as_str()))
    }

    /// The largest file of this kind Pizhu imports, in bytes.
    pub fn max_bytes(self) -> u64 {
        match self {
            RichKind::Docx => MAX_DOCX_BYTES,
            RichKind::Pdf => MAX_PDF_BYTES,
            RichKind::Epub => MAX_EPUB_BYTES,
            RichKind::Html => MAX_HTML_BYTES,
        }
    }

    /// What a file of this kind is called in a sentence: `Word document`, `PDF`, ….
    pub fn name(self) -> &'static str {
        match self {
            RichKind::Docx => "Word document",
            RichKind::Pdf => "PDF",
            RichKind::Epub => "EPUB book",
            RichKind::Html => "web page",
        }
    }

    fn a_name(self) -> &'static str {
        match self {
            RichKind::Docx => "a Word document (.docx)",
            RichKind::Pdf => "a PDF",
            RichKind::Epub => "an EPUB book",
            RichKind::Html => "a web page (.html)",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            RichKind::Docx => "Word documents",
            RichKind::Pdf => "PDFs",
            RichKind::Epub => "EPUB books",
            RichKind::Html => "web pages",
        }
    }

    /// The Chinese name: `Word 文档`, `PDF 文件`, `EPUB 电子书`, `网页`.
    pub fn zh_name(self) -> &'static str {
        match self {
            RichKind::Docx => "Word 文档",
            RichKind::Pdf => "PDF 文件",
            RichKind::Epub => "EPUB 电子书",
            RichKind::Html => "网页",
        }
    }

    fn zh_name_full(self) -> &'static str {
        match self {
            RichKind::Docx => " Word 文档（.docx）",
            RichKind::Pdf => " PDF 文件",
            RichKind::Epub => " EPUB 电子书",
            RichKind::Html => "网页文件（.html）",
        }
    }
}

/// Imports a file of a rich kind as a document (the kind decides the reader).
pub fn import(
    kind: RichKind,
    id: &str,
    file_name: &str,
    title: Option<&str>,
    bytes: &[u8],
) -> Result<Document, ImportError> {
    match kind {
        RichKind::Docx => docx::import(id, file_name, title, bytes),
        RichKind::Pdf => pdf::import(id, file_name, title, bytes),
        RichKind::Epub => epub::import(id, file_name, title, bytes),
        RichKind::Html => html::import(id, file_name, title, bytes),
    }
}

/// One paragraph of text and the heading depth its file declares for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The paragraph's text, on one line.
    pub text: String,
    /// Its heading depth (1 = the outermost) when the file marks it as a heading.
    pub heading: Option<u8>,
}

/// Builds the document from a file's lines. The title is `title` if given,
/// else `found` (the file's own title), else a title line that opens the
/// text (as for a `.txt`), else the file's stem.
pub(crate) fn document(
    kind: RichKind,
    id: &str,
    file_name: &str,
    title: Option<&str>,
    found: Option<String>,
    lines: &[Line],
) -> Result<Document, ImportError> {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let doc = Document::from_styled_lines(id, stem, lines.iter().map(|l| (l.text.as_str(), l.heading)));
    if doc.is_empty() {
        return Err(ImportError::Empty(kind));
    }
    let first_line = doc
        .blocks
        .first()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .and_then(|b| title_line(&b.text))
        .map(str::to_owned);
    let found = found.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty());
    let title = title.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).or(found).or(first_line);
    let title = title.unwrap_or_else(|| stem.to_owned());
    Ok(Document { title, ..doc })
}

/// A character of a script written without spaces between words (Chinese,
/// Japanese, Korean syllables, and their full-width punctuation).
pub(crate) fn wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{2014}' | '\u{2026}' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}')
}

/// Appends `next` to `text` as a wrapped line of the same paragraph:
/// nothing between Chinese characters, a space between words, a word broken
/// by a hyphen at the line end joined again (`inter-` + `national`).
pub(crate) fn join_wrapped(text: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let t = text.trim_end();
    text.truncate(t.len());
    let (Some(a), Some(b)) = (text.chars().next_back(), next.chars().next()) else {
        text.push_str(next);
        return;
    };
    if a == '-' || a == '\u{00AD}' {
        let before = text[..text.len() - a.len_utf8()].chars().next_back();
        if before.is_some_and(char::is_alphabetic) && b.is_lowercase() {
            // A word hyphenated at the line end; a soft hyphen always goes.
            text.truncate(text.len() - a.len_utf8());
        }
        text.push_str(next);
        return;
    }
    if !wide(a) && !wide(b) {
        text.push(' ');
    }
    text.push_str(next);
}

thread_local! {
    /// Set while a parser runs under [`guarded`]: its panics are expected.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs a third-party parser on a user's file: a panic (the PDF reader
/// panics on many malformed files) is caught and the file refused as
/// damaged, without the panic's message on stderr. The process's panic hook
/// is wrapped once so that it stays silent only for the guarded thread
/// while the parser runs; every other panic is reported as before.
pub fn guarded<T>(kind: RichKind, f: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.unwrap_or(Err(ImportError::Damaged(kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(RichKind::from_name("书.EPUB"), Some(RichKind::Epub));
        assert_eq!(RichKind::from_name("a.b.pdf"), Some(RichKind::Pdf));
        assert_eq!(RichKind::from_name("页面.htm"), Some(RichKind::Html));
        assert_eq!(RichKind::from_name("x.docx"), Some(RichKind::Docx));
        assert_eq!(RichKind::from_name("x.txt"), None);
        assert_eq!(RichKind::from_name("pdf"), None);
    }

    #[test]
    fn wrapped_lines_join_by_script() {
        let mut t = "中国共产党的".to_owned();
        join_wrapped(&mut t, "百年历史");
        assert_eq!(t, "中国共产党的百年历史");
        let mut t = "The party's".to_owned();
        join_wrapped(&mut t, "history");
        assert_eq!(t, "The party's history");
        let mut t = "an inter-".to_owned();
        join_wrapped(&mut t, "national view");
        assert_eq!(t, "an international view");
        let mut t = "the Sino-".to_owned();
        join_wrapped(&mut t, "Japanese war");
        assert_eq!(t, "the Sino-Japanese war");
        let mut t = "学习 PDF".to_owned();
        join_wrapped(&mut t, "文件");
        assert_eq!(t, "学习 PDF文件");
        let mut t = "一是，".to_owned();
        join_wrapped(&mut t, "Xi said");
        assert_eq!(t, "一是，Xi said");
    }

    #[test]
    fn a_panicking_parser_is_a_damaged_file() {
        let r: Result<(), ImportError> = guarded(RichKind::Pdf, || panic!("hostile"));
        assert_eq!(r, Err(ImportError::Damaged(RichKind::Pdf)));
        assert_eq!(guarded(RichKind::Pdf, || Ok(3)), Ok(3));
    }
}
