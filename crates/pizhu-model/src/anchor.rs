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
pub fn anchor(text: &CpText<'_>, quote: &Quote, start: u32, end: u32) -> Option<(u32, u32)> {
    let context = |s: u32, e: u32| {
        let before = text.slice(s.saturating_sub(QUOTE_CONTEXT), s);
        let after = text.slice(e, e.saturating_add(QUOTE_CONTEXT));
        common_suffix(before, &quote.prefix) + common_prefix(after, &quote.suffix)
    };
    let full = quote.prefix.chars().count() + quote.suffix.chars().count();
    // Fast path: same text, same surroundings, same place.
    if start < end && end <= text.len() && text.slice(start, end) == quote.exact && context(start, end) == full {
        return Some((start, end));
    }
    text.find_all(&quote.exact).into_iter().max_by_key(|&(s, e)| (context(s, e), std::cmp::Reverse(s.abs_diff(start))))
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
}
