//! Exact Chinese full-text search for Pizhu.
//!
//! Chinese has no spaces, and word segmentation misses substrings that cross
//! word boundaries (`史学` in 党史学习). Pizhu's promise is stronger: a query
//! without spaces finds every passage or note that contains it literally,
//! and nothing else. So text is indexed as character unigrams and bigrams
//! with positions ([`tokenizer`]), and a query term becomes a phrase of
//! bigrams (a single character, its unigram) ([`query`]). Text and queries
//! go through the same [`normalize`] step (NFKC, case folding), so `，`
//! matches `,` and `Ａ` matches `a`.
//!
//! The index ([`index::SearchIndex`]) is derived data: the store is the
//! truth, and the index records the store generation it reflects so that a
//! stale or damaged index is rebuilt rather than trusted.

#![warn(missing_docs)]

mod error;
pub mod index;
pub mod normalize;
pub mod query;
pub mod snippet;
pub mod tokenizer;

pub use error::SearchError;
pub use index::{EssayEntry, IndexEntry, NoteEntry, PassageEntry, SearchIndex, INDEX_SCHEMA};
pub use query::ParsedQuery;

use serde::{Deserialize, Serialize};
use specta::Type;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// A block of a document (原文).
    Passage,
    /// One of the reader's notes (我的批注).
    Note,
    /// One of the reader's essays (我的心得).
    Essay,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchHit {
    /// Passage or note.
    pub kind: HitKind,
    /// Document id.
    pub doc: String,
    /// 0-based index of the block the hit lies in.
    pub block: u32,
    /// Passage: first match in the document text; note: the annotation's start (code points).
    pub start: u32,
    /// End of that range (code points, exclusive).
    pub end: u32,
    /// The annotation, for note hits.
    pub note_id: Option<String>,
    /// The essay, for essay hits (`doc` is then its document, or empty).
    pub essay_id: Option<String>,
    /// Text to show.
    pub snippet: String,
    /// Matches inside `snippet`, as code-point ranges.
    pub highlights: Vec<(u32, u32)>,
    /// Heading of the section the hit lies in.
    pub section: Option<String>,
    /// Relevance (BM25).
    pub score: f32,
}

/// The hits of one query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many entries match in all.
    pub total: u32,
    /// The best `limit` hits, best first; ties in document order.
    pub hits: Vec<SearchHit>,
}
