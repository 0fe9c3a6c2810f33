//! Exports and backups of a Pizhu library.
//!
//! * [`markdown`]: study notes as Markdown (Obsidian, Typora).
//! * [`docx`]: study notes (学习笔记) as a Word document, styled after GB/T 9704 or plain.
//! * [`w3c`]: the annotations as a W3C Web Annotation `AnnotationCollection` (JSON-LD).
//! * [`backup`]: one-file backups (a zip of the SQLite database and a manifest),
//!   restoring by merging, and rolling daily backups.
//!
//! The formatting functions are pure: they take plain data ([`NotesExport`])
//! and return bytes or strings. Only [`backup`] touches files.

#![warn(missing_docs)]

pub mod backup;
pub mod docx;
mod error;
pub mod markdown;
mod notes;
pub mod w3c;

pub use error::ExportError;
pub use notes::{chinese_date, cjk_ideographs, today_chinese, DocNotes, Entry, NotesExport, NotesOptions};
