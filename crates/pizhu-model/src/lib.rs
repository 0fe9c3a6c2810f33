//! The document model of Pizhu.
//!
//! Everything here is pure data and pure functions: no files, no database, no
//! clock, no Tauri. The store, the index and the shell all speak these types.
//!
//! * [`document`]: a document is a title and an ordered list of typed blocks;
//!   its text is the blocks joined by `\n`.
//! * [`text`]: code-point addressing of a text (all positions in Pizhu are
//!   Unicode code points, as in the W3C Web Annotation model).
//! * [`anchor`]: W3C selectors (quote with prefix/suffix, and position) and
//!   finding them again in a text.
//! * [`import`]: turning the bytes of a user's `.txt`/`.md` file into a
//!   document (UTF-8 or GB18030, BOM or not, CRLF or LF); `.docx` is read by
//!   the `pizhu-import` crate into [`Document::from_styled_lines`].
//! * [`annotation`]: the annotation record and the values that create,
//!   change and filter annotations.
//! * [`reanchor`]: placing notes on a new version of a text, or orphaning them.
//! * [`review`]: review cards (clozes made from highlights) and their grades.
//! * [`coverage`]: reading progress per section (学习进度).
//! * [`essay`]: 心得体会 and how their length is counted (字数).
//! * [`sync`]: sync records, their hybrid-logical-clock stamps and how they
//!   merge (a join), with the conflict rule for concurrent text edits.

#![warn(missing_docs)]

pub mod anchor;
pub mod annotation;
pub mod coverage;
pub mod document;
mod error;
pub mod essay;
pub mod import;
pub mod reanchor;
pub mod review;
pub mod sync;
pub mod text;

pub use anchor::{Quote, QUOTE_CONTEXT};
pub use annotation::{
    default_colors, Annotation, AnnotationPatch, Author, Color, DocumentInfo, Member, NewAnnotation, NoteFilter,
    TagCount,
};
pub use coverage::{Coverage, ReadingSpan, SectionCoverage};
pub use document::{Block, BlockKind, Document, Lead, SPEECH_ID};
pub use error::ModelError;
pub use essay::{count_chars, Essay, EssayPatch};
pub use reanchor::{DocumentVersion, Orphan, Placement, Revision, VersionReport};
pub use review::{
    Blank, CardState, Cloze, Rating, RatingPreview, ReviewCard, ReviewOutcome, ReviewQueue, TestAnswer, TestItem,
    TestResult,
};
pub use text::CpText;
