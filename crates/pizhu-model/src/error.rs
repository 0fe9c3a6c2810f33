//! The one error type of the model crate.

use thiserror::Error;

/// Everything that can go wrong in the model. Messages are full sentences
/// because they reach the user as they are (CLI stderr, UI toasts).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The imported file has no visible text.
    #[error("the file is empty: it contains no text to read")]
    Empty,
    /// The imported file exceeds [`crate::import::MAX_IMPORT_BYTES`].
    #[error("the file is too large ({size} bytes); Pizhu imports texts of at most {limit} bytes")]
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The bytes are neither UTF-8 nor GB18030 text.
    #[error("the file is not a text file Pizhu can read (expected UTF-8 or GB18030/GBK text)")]
    NotText,
    /// The file has an extension other than `.txt`, `.md` (or `.docx`, `.pdf`,
    /// `.epub`, `.html`, which pizhu-core hands to pizhu-import).
    #[error("unsupported file type {0:?}: Pizhu imports .txt, .md, .docx, .pdf, .epub and .html files")]
    UnsupportedType(String),
    /// A range is empty, reversed or outside the text.
    #[error("the range {start}..{end} is not a non-empty range inside the text of {len} characters")]
    BadRange {
        /// Start, in code points.
        start: u32,
        /// End, in code points.
        end: u32,
        /// Length of the text, in code points.
        len: u32,
    },
    /// A quote was not found in the text.
    #[error("the text {0:?} does not occur in the document")]
    QuoteNotFound(String),
}

impl ModelError {
    /// The message in Chinese, the app's first language (`Display` is English).
    pub fn zh(&self) -> String {
        match self {
            ModelError::Empty => "文件是空的：里面没有可读的文字".into(),
            ModelError::TooLarge { size, limit } => format!("文件太大（{size} 字节）；批注最多导入 {limit} 字节的文本"),
            ModelError::NotText => "这不是批注能读的文本文件（应为 UTF-8 或 GB18030/GBK 文本）".into(),
            ModelError::UnsupportedType(name) => {
                format!("不支持的文件类型“{name}”：批注导入 .txt、.md、.docx、.pdf、.epub 和 .html 文件")
            }
            ModelError::BadRange { start, end, len } => {
                format!("范围 {start}..{end} 不是长 {len} 字的正文中一段非空的文字")
            }
            ModelError::QuoteNotFound(q) => format!("文档中没有“{q}”这段文字"),
        }
    }
}
