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
    /// The file has an extension other than `.txt` or `.md`.
    #[error("unsupported file type {0:?}: Pizhu imports .txt and .md files")]
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
