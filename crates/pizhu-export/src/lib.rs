//! Exports and backups of a Pizhu library.
//!
//! * [`markdown`]: study notes as Markdown (Obsidian, Typora).
//! * [`docx`]: study notes (学习笔记) as a Word document, styled after GB/T 9704 or plain.
//! * [`essay`]: a 心得体会 (essay) as a Word document on the same page as the
//!   notes ([`essay_docx`]) or as Markdown ([`essay_markdown`]), ending with
//!   its date and length (`（全文共 N 字）`).
//! * [`w3c`]: the annotations as a W3C Web Annotation `AnnotationCollection` (JSON-LD).
//! * [`backup`]: one-file backups (a zip of the SQLite database and a manifest),
//!   restoring by merging, and rolling daily backups.
//!
//! The formatting functions are pure: they take plain data ([`NotesExport`],
//! [`pizhu_model::Essay`]) and return bytes or strings. Only [`backup`]
//! touches files. In Word, Markdown written by the reader (notes, essays)
//! becomes formatting, never literal `**` or `>`.

#![warn(missing_docs)]

pub mod backup;
pub mod docx;
mod error;
pub mod essay;
pub mod markdown;
mod notes;
mod richtext;
pub mod w3c;
mod word;

pub use error::ExportError;
pub use essay::{essay_docx, essay_markdown, EssayOptions};
pub use notes::{chinese_date, cjk_ideographs, today_chinese, DocNotes, Entry, NotesExport, NotesOptions};
