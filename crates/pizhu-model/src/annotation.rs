//! Annotations and the values that create, change, list and count them.
//!
//! These are the records that cross every boundary (SQLite rows, search
//! documents, IPC, exports), so their field names are part of the contract:
//! TypeScript types are generated from them with `ts-rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CpText, ModelError, Quote};

/// A highlight with its note: one passage of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Annotation {
    /// UUID.
    pub id: String,
    /// Id of the annotated document.
    pub doc_id: String,
    /// Start of the passage, in code points.
    pub start: u32,
    /// End of the passage (exclusive), in code points.
    pub end: u32,
    /// The passage itself (TextQuoteSelector `exact`).
    pub exact: String,
    /// Up to 32 code points before the passage.
    pub prefix: String,
    /// Up to 32 code points after the passage.
    pub suffix: String,
    /// Colour key (`yellow`, `red`, …); its meaning is in [`Color`].
    pub color: String,
    /// The note, as Markdown source; may be empty (a bare highlight).
    pub note: String,
    /// Tags, in the order given.
    pub tags: Vec<String>,
    /// Creation time, RFC 3339 UTC.
    pub created: String,
    /// Last change, RFC 3339 UTC.
    pub updated: String,
    /// When it was moved to the trash, if it was.
    pub deleted: Option<String>,
}

impl Annotation {
    /// A new annotation as `input` describes it on `text` (the document's
    /// text), its quote and context taken from the text, created and updated
    /// at `stamp`.
    pub fn quoting(
        id: String,
        input: &NewAnnotation,
        text: &CpText<'_>,
        stamp: &str,
    ) -> Result<Annotation, ModelError> {
        let quote = Quote::at(text, input.start, input.end)?;
        Ok(Annotation {
            id,
            doc_id: input.doc_id.clone(),
            start: input.start,
            end: input.end,
            exact: quote.exact,
            prefix: quote.prefix,
            suffix: quote.suffix,
            color: input.color.clone(),
            note: input.note.clone(),
            tags: input.tags.clone(),
            created: stamp.to_owned(),
            updated: stamp.to_owned(),
            deleted: None,
        })
    }
}

/// What the user gives to create an annotation; the store fills in the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewAnnotation {
    /// Id of the document.
    pub doc_id: String,
    /// Start, in code points.
    pub start: u32,
    /// End (exclusive), in code points.
    pub end: u32,
    /// Colour key.
    pub color: String,
    /// Note (Markdown source), possibly empty.
    pub note: String,
    /// Tags.
    pub tags: Vec<String>,
}

/// A change to an annotation; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnnotationPatch {
    /// New note.
    pub note: Option<String>,
    /// New colour key.
    pub color: Option<String>,
    /// New set of tags (replaces the old one).
    pub tags: Option<Vec<String>>,
}

/// Which annotations to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoteFilter {
    /// Only this document.
    pub doc_id: Option<String>,
    /// Only annotations with this tag.
    pub tag: Option<String>,
    /// Only this colour.
    pub color: Option<String>,
    /// Only annotations whose note, passage or tags contain this text.
    pub text: Option<String>,
    /// List the trash instead of the live annotations.
    pub trash: bool,
}

/// A highlight colour and what it means to the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Color {
    /// Stable key, also the CSS name used by the UI.
    pub key: String,
    /// Meaning, in Chinese (renamable).
    pub label: String,
    /// Meaning, in English (renamable).
    pub label_en: String,
}

/// The colours a new library starts with.
pub fn default_colors() -> Vec<Color> {
    [
        ("yellow", "重点", "Key point"),
        ("red", "存疑", "Question"),
        ("green", "金句", "Quotable"),
        ("blue", "联系实际", "In practice"),
        ("purple", "其他", "Other"),
    ]
    .into_iter()
    .map(|(key, label, label_en)| Color { key: key.into(), label: label.into(), label_en: label_en.into() })
    .collect()
}

/// A tag and how many live annotations carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagCount {
    /// The tag.
    pub name: String,
    /// Number of live annotations with it.
    pub count: u32,
}

/// A document as listed (without its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocumentInfo {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Whether it ships with the app.
    pub builtin: bool,
    /// Number of blocks.
    pub blocks: u32,
    /// Number of visible characters.
    pub chars: u32,
    /// When it was added, RFC 3339 UTC.
    pub created: String,
}
