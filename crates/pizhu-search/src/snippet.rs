//! Snippets and highlight ranges, computed from the text itself.
//!
//! Tantivy's `SnippetGenerator` works from token offsets and has panicked on
//! overlapping n-gram tokens; Pizhu instead finds each query term in the
//! normalised text (the same normalisation the index uses) and cuts a window
//! around the first match. All ranges are code points.

use crate::normalize::{find_normalized, normalize_into};
use crate::ParsedQuery;

/// Longest snippet, in code points (without the ellipses).
pub const SNIPPET_CHARS: u32 = 96;

/// A snippet of a text with its highlights.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The text shown.
    pub text: String,
    /// Highlight ranges within `text`, sorted, not overlapping.
    pub highlights: Vec<(u32, u32)>,
    /// First match in the source text, if any term occurs in it.
    pub first: Option<(u32, u32)>,
}

/// All matches of the query's terms in `text`, merged and sorted.
pub fn matches(text: &str, query: &ParsedQuery) -> Vec<(u32, u32)> {
    let mut norm = Vec::new();
    normalize_into(text, &mut norm);
    let len = text.chars().count() as u32;
    let mut all: Vec<(u32, u32)> = query.terms.iter().flat_map(|t| find_normalized(&norm, t, len)).collect();
    all.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(all.len());
    for (s, e) in all {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// A window of at most [`SNIPPET_CHARS`] around the first match of `query` in `text`.
pub fn snippet(text: &str, query: &ParsedQuery) -> Snippet {
    let found = matches(text, query);
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() as u32;
    let first = found.first().copied();
    let (from, to) = if len <= SNIPPET_CHARS {
        (0, len)
    } else {
        let anchor = first.map_or(0, |f| f.0);
        let from = anchor.saturating_sub(SNIPPET_CHARS / 4).min(len - SNIPPET_CHARS);
        (from, from + SNIPPET_CHARS)
    };
    let lead = u32::from(from > 0);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from as usize..to as usize]);
    if to < len {
        out.push('…');
    }
    let highlights = found
        .iter()
        .filter(|&&(s, e)| e > from && s < to)
        .map(|&(s, e)| (s.max(from) - from + lead, e.min(to) - from + lead))
        .collect();
    Snippet { text: out, highlights, first }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_code_points_in_the_snippet() {
        let q = ParsedQuery::parse("史学 😀");
        let s = snippet("𠀀党史学习😀", &q);
        assert_eq!(s.text, "𠀀党史学习😀");
        assert_eq!(s.highlights, vec![(2, 4), (5, 6)]);
        assert_eq!(s.first, Some((2, 4)));
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = format!("{}目标{}", "甲".repeat(300), "乙".repeat(300));
        let s = snippet(&text, &ParsedQuery::parse("目标"));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        let chars: Vec<char> = s.text.chars().collect();
        let (a, b) = s.highlights[0];
        assert_eq!(chars[a as usize..b as usize].iter().collect::<String>(), "目标");
        assert_eq!(s.first, Some((300, 302)));
    }

    #[test]
    fn no_match_gives_the_start() {
        let s = snippet("abc", &ParsedQuery::parse("x"));
        assert_eq!(s.text, "abc");
        assert!(s.highlights.is_empty());
        assert_eq!(s.first, None);
    }
}
