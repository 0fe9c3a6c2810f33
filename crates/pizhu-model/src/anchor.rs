//! Anchoring: W3C selectors and finding them again.
//!
//! An annotation remembers its passage twice, as the W3C Web Annotation
//! model recommends: by position (`TextPositionSelector`, code points) and by
//! quote (`TextQuoteSelector`: exact text with a little context either side).
//! When the text is unchanged the position is enough; when it changed (a
//! restored backup of an edited document) the quote finds the passage again.

use serde::{Deserialize, Serialize};

use crate::{CpText, ModelError};

/// Code points of context kept either side of a quote.
pub const QUOTE_CONTEXT: u32 = 32;

/// A `TextQuoteSelector`: the exact text and its surroundings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The selected text.
    pub exact: String,
    /// Up to [`QUOTE_CONTEXT`] code points before it.
    pub prefix: String,
    /// Up to [`QUOTE_CONTEXT`] code points after it.
    pub suffix: String,
}

impl Quote {
    /// The quote of `start..end` in `text`.
    pub fn at(text: &CpText<'_>, start: u32, end: u32) -> Result<Quote, ModelError> {
        text.check_range(start, end)?;
        Ok(Quote {
            exact: text.slice(start, end).to_owned(),
            prefix: text.slice(start.saturating_sub(QUOTE_CONTEXT), start).to_owned(),
            suffix: text.slice(end, end.saturating_add(QUOTE_CONTEXT)).to_owned(),
        })
    }
}

/// The `n`-th (1-based) occurrence of `needle` in `text`.
pub fn find_nth(text: &CpText<'_>, needle: &str, n: usize) -> Result<(u32, u32), ModelError> {
    text.find_all(needle)
        .into_iter()
        .nth(n.saturating_sub(1))
        .ok_or_else(|| ModelError::QuoteNotFound(needle.to_owned()))
}

/// Finds the passage a selector describes: the position if the text there
/// is still the quote, otherwise the occurrence of the quote whose context
/// matches best (ties broken by nearness to the old position).
///
/// Full-width and half-width forms count as the same text (`，` and `,`,
/// `Ａ` and `A`): typesetting a document's punctuation moves no passage.
/// The fold is one code point for one, so positions carry over.
pub fn anchor(text: &CpText<'_>, quote: &Quote, start: u32, end: u32) -> Option<(u32, u32)> {
    anchor_exactly(text, &quote.exact, &quote.prefix, &quote.suffix, start, end).or_else(|| {
        // Only when the text as it is has no match: folding copies the text.
        let folded = fold_width(text.as_str());
        let (exact, prefix, suffix) = (fold_width(&quote.exact), fold_width(&quote.prefix), fold_width(&quote.suffix));
        anchor_exactly(&CpText::new(&folded), &exact, &prefix, &suffix, start, end)
    })
}

fn anchor_exactly(
    text: &CpText<'_>,
    exact: &str,
    prefix: &str,
    suffix: &str,
    start: u32,
    end: u32,
) -> Option<(u32, u32)> {
    let context = |s: u32, e: u32| {
        let before = text.slice(s.saturating_sub(QUOTE_CONTEXT), s);
        let after = text.slice(e, e.saturating_add(QUOTE_CONTEXT));
        common_suffix(before, prefix) + common_prefix(after, suffix)
    };
    let full = prefix.chars().count() + suffix.chars().count();
    // Fast path: same text, same surroundings, same place.
    if start < end && end <= text.len() && text.slice(start, end) == exact && context(start, end) == full {
        return Some((start, end));
    }
    text.find_all(exact).into_iter().max_by_key(|&(s, e)| (context(s, e), std::cmp::Reverse(s.abs_diff(start))))
}

/// Full-width ASCII forms (U+FF01–FF5E) and the ideographic space as their
/// half-width selves, one code point for one (what NFKC does to them).
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_keeps_context_in_code_points() {
        let t = CpText::new("😀𠀀党史学习教育𠀀😀");
        let q = Quote::at(&t, 2, 4).expect("range is valid");
        assert_eq!(q.exact, "党史");
        assert_eq!(q.prefix, "😀𠀀");
        assert_eq!(q.suffix, "学习教育𠀀😀");
        assert!(Quote::at(&t, 4, 2).is_err());
    }

    #[test]
    fn nth_occurrence() {
        let t = CpText::new("党史,党史,党史");
        assert_eq!(find_nth(&t, "党史", 2), Ok((3, 5)));
        assert!(find_nth(&t, "党史", 4).is_err());
        assert!(find_nth(&t, "政法", 1).is_err());
    }

    #[test]
    fn reanchors_by_context_when_text_moved() {
        let old = CpText::new("甲学习乙。丙学习丁。");
        let q = Quote::at(&old, 6, 8).expect("valid");
        let new = CpText::new("新增一句。甲学习乙。丙学习丁。");
        assert_eq!(anchor(&new, &q, 6, 8), Some((11, 13)));
        assert_eq!(anchor(&old, &q, 6, 8), Some((6, 8)));
        let gone = CpText::new("全部改写了");
        assert_eq!(anchor(&gone, &q, 6, 8), None);
    }

    #[test]
    fn typesetting_punctuation_moves_no_passage() {
        let old = CpText::new("第一,深入学习党史;第二,学习党史。");
        let q = Quote::at(&old, 3, 9).expect("valid");
        assert_eq!(q.exact, "深入学习党史");
        let new = CpText::new("第一，深入学习党史；第二，学习党史。");
        assert_eq!(anchor(&new, &q, 3, 9), Some((3, 9)), "same place, context folded");
        let across = Quote::at(&old, 1, 4).expect("valid"); // "一,深"
        assert_eq!(anchor(&new, &across, 1, 4), Some((1, 4)), "a quote that holds the punctuation");
    }
}
