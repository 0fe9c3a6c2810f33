//! Annotations and the values that create, change, list and count them.
//!
//! These are the records that cross every boundary (SQLite rows, search
//! documents, IPC, exports), so their field names are part of the contract:
//! TypeScript types are generated from them with `specta`.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{CpText, ModelError, Quote};

/// A highlight with its note: one passage of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
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
    /// 待确认: a new version of the document's text came and no place for
    /// the passage was certain. Its selectors still describe the version it
    /// was made on; it is not painted until the reader re-attaches it.
    #[serde(default)]
    pub orphaned: bool,
    /// Who wrote it: `None` for this reader's own notes; a study-group
    /// member's otherwise (read-only here, replaced by their next share).
    #[serde(default)]
    pub author: Option<Author>,
}

/// A study-group member who wrote a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Author {
    /// Their id in the group (their device id on the group target).
    pub id: String,
    /// Their reader name, as they gave it.
    pub name: String,
}

/// A member of a study group this reader has joined, as their last share
/// gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Member {
    /// Their id (their device id on the group target).
    pub id: String,
    /// Their reader name.
    pub name: String,
    /// The group's address.
    pub group: String,
    /// When their notes last came (RFC 3339).
    pub seen: String,
    /// How many of their notes are here.
    pub notes: u32,
}

/// What [`NoteFilter::author`] takes for this reader's own notes.
pub const MINE: &str = "local";

impl Annotation {
    /// Whether this reader wrote it (not a group member).
    pub fn is_mine(&self) -> bool {
        self.author.is_none()
    }

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
            orphaned: false,
            author: None,
        })
    }
}

/// What the user gives to create an annotation; the store fills in the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AnnotationPatch {
    /// New note.
    pub note: Option<String>,
    /// New colour key.
    pub color: Option<String>,
    /// New set of tags (replaces the old one).
    pub tags: Option<Vec<String>>,
}

/// Which annotations to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
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
    /// Only this author's: [`MINE`] for this reader's own, else a member's
    /// id; `None` for everyone's.
    #[serde(default)]
    pub author: Option<String>,
}

/// A highlight colour and what it means to the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Color {
    /// Stable key, also the CSS name used by the UI.
    pub key: String,
    /// Meaning, in Chinese (renamable).
    pub label: String,
    /// Meaning, in English (renamable).
    pub label_en: String,
    /// The colour itself, `#rrggbb`; the UI derives fills and swatches from it.
    pub rgb: String,
}

impl Color {
    /// The colour a key gets when nothing says otherwise (a colour restored
    /// from an old backup, which did not carry one): a default's own colour,
    /// else one of a palette chosen by the key, so that two unknown colours
    /// rarely look alike and a key always looks the same.
    pub fn fallback_rgb(key: &str) -> String {
        if let Some(c) = DEFAULTS.iter().find(|c| c.0 == key) {
            return c.3.to_owned();
        }
        const PALETTE: [&str; 8] =
            ["#e36b9c", "#2bb3a8", "#f2994a", "#6f7bd9", "#8d6e63", "#56ccf2", "#a3b33d", "#c77dff"];
        // FNV-1a: stable across versions and platforms, unlike std's hasher.
        let h = key.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        PALETTE[h as usize % PALETTE.len()].to_owned()
    }

    /// Whether `rgb` is a colour this app writes: `#` and six hex digits.
    pub fn is_rgb(rgb: &str) -> bool {
        rgb.len() == 7 && rgb.starts_with('#') && rgb[1..].bytes().all(|b| b.is_ascii_hexdigit())
    }
}

/// Key, meaning (zh, en) and colour of the colours a new library starts with.
const DEFAULTS: [(&str, &str, &str, &str); 5] = [
    ("yellow", "重点", "Key point", "#f2c94c"),
    ("red", "存疑", "Question", "#eb5757"),
    ("green", "金句", "Quotable", "#27ae60"),
    ("blue", "联系实际", "In practice", "#2f80ed"),
    ("purple", "其他", "Other", "#9b51e0"),
];

/// The colours a new library starts with.
pub fn default_colors() -> Vec<Color> {
    DEFAULTS
        .into_iter()
        .map(|(key, label, label_en, rgb)| Color {
            key: key.into(),
            label: label.into(),
            label_en: label_en.into(),
            rgb: rgb.into(),
        })
        .collect()
}

/// A tag and how many live annotations carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TagCount {
    /// The tag.
    pub name: String,
    /// Number of live annotations with it.
    pub count: u32,
}

/// A document as listed (without its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
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
    /// Which version of its text this is: 1 as first imported, one more
    /// for each new version imported over it.
    pub version: u32,
}
