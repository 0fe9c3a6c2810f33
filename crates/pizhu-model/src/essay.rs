//! 心得体会: essays the reader writes about a document, in Markdown, and
//! how their length is counted.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::review::is_cjk_punctuation;

/// An essay (心得体会).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Essay {
    /// UUID.
    pub id: String,
    /// The document it is about, if any.
    pub doc_id: Option<String>,
    /// Title.
    pub title: String,
    /// The text, as Markdown (quotations are `>` blocks).
    pub body: String,
    /// Length asked for, in 字 (0: none).
    pub target: u32,
    /// Length of the body in 字, counted as Word counts them ([`count_chars`]).
    pub chars: u32,
    /// Creation time, RFC 3339 UTC.
    pub created: String,
    /// Last change, RFC 3339 UTC.
    pub updated: String,
    /// When it was moved to the trash, if it was.
    pub deleted: Option<String>,
}

/// A change to an essay; fields left `None` stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EssayPatch {
    /// New title.
    pub title: Option<String>,
    /// New body.
    pub body: Option<String>,
    /// New length target (0: none).
    pub target: Option<u32>,
}

/// The length of a text in 字 as Microsoft Word's 字数 counts it: every
/// Chinese/Japanese/Korean character and full-width punctuation mark is
/// one, every run of other letters or digits (a Latin word, a number) is
/// one, and white space and ASCII punctuation count nothing — so Markdown's
/// `**`, `>` and `#` add nothing.
pub fn count_chars(text: &str) -> u32 {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_east_asian(c) {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                count += 1;
            }
            in_word = true;
        } else if c == '\'' || c == '’' || c == '-' || c == '.' {
            // Inside a word (don't, e-mail, 3.14) these keep the word going.
        } else {
            in_word = false;
        }
    }
    count
}

fn is_east_asian(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}'      // radicals
        | '\u{3040}'..='\u{30ff}'    // kana
        | '\u{3100}'..='\u{31ef}'    // bopomofo, strokes
        | '\u{3400}'..='\u{4dbf}'    // extension A
        | '\u{4e00}'..='\u{9fff}'    // unified ideographs
        | '\u{ac00}'..='\u{d7af}'    // hangul
        | '\u{f900}'..='\u{faff}'    // compatibility ideographs
        | '\u{20000}'..='\u{3134f}'  // extensions B–H
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
        || is_cjk_punctuation(c)
}

#[cfg(test)]
mod tests {
    use super::count_chars;

    #[test]
    fn counts_as_word_does() {
        assert_eq!(count_chars("我们要建设铁军。"), 8);
        assert_eq!(count_chars("**铁军**"), 2);
        assert_eq!(count_chars("> 原文\n\n——《讲话》"), 8);
        assert_eq!(count_chars("学习 Xi Jinping 思想 2021 年"), 8);
        assert_eq!(count_chars("𠀀字"), 2);
        assert_eq!(count_chars("   \n"), 0);
    }
}
