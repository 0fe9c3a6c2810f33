//! Users' files of rich formats, turned into Pizhu documents.
//!
//! One job: read a file a reader brings (today a Word `.docx`) into lines of
//! text, each with the heading depth the file itself declares, and build a
//! [`pizhu_model::Document`] from them with the model's own rules (the
//! numbering of Chinese texts — 第X章, 一、, （一） … — is still detected
//! from the text when a file has no heading styles).
//!
//! * [`docx`]: paragraphs in order (tables cell by cell, text in hyperlinks,
//!   tabs as spaces, soft line breaks joined), headings from the paragraph
//!   styles (`Heading 1`–`6`, Chinese Word's `标题 1`–`6` or ids `1`, `2` named
//!   `heading 1`, …, or an outline level), `Title` for the document's title.
//!
//! The zip is read with the `zip` crate and only `word/document.xml` and
//! `word/styles.xml` are inflated, each with a cap on both the declared and
//! the actual size (no zip bomb is ever inflated unbounded); the XML is read
//! with `quick-xml`. Bad files are refused with one [`ImportError`] sentence.
//! No I/O: the caller reads the bytes.

#![warn(missing_docs)]

pub mod docx;
mod error;

pub use error::ImportError;

/// Largest `.docx` file Pizhu imports: 32 MiB (pictures make Word files
/// much larger than their text; a `.txt` stays limited to
/// [`pizhu_model::import::MAX_IMPORT_BYTES`]).
pub const MAX_DOCX_BYTES: u64 = 32 * 1024 * 1024;

/// The rich formats this crate reads, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RichKind {
    /// Word 2007 and later (`.docx`).
    Docx,
}

impl RichKind {
    /// The kind of a file name, by its extension; `None` for anything else.
    pub fn from_name(name: &str) -> Option<RichKind> {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        (ext == "docx").then_some(RichKind::Docx)
    }

    /// The largest file of this kind Pizhu imports, in bytes.
    pub fn max_bytes(self) -> u64 {
        match self {
            RichKind::Docx => MAX_DOCX_BYTES,
        }
    }
}
