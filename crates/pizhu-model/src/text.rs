//! Code-point addressing of a text.
//!
//! Rust strings are indexed by UTF-8 bytes and JavaScript strings by UTF-16
//! units; Pizhu stores and exchanges positions as Unicode code points (the
//! W3C Web Annotation convention), so an offset can never fall inside a
//! character, whether it is 中, 😀 or 𠀀.

use crate::ModelError;

/// A text with a table from code-point index to byte offset.
#[derive(Debug, Clone)]
pub struct CpText<'a> {
    text: &'a str,
    /// `bytes[i]` is the byte offset of code point `i`; the last entry is `text.len()`.
    bytes: Vec<u32>,
}

impl<'a> CpText<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut bytes: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        bytes.push(text.len() as u32);
        CpText { text, bytes }
    }

    /// The whole text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Length in code points.
    pub fn len(&self) -> u32 {
        (self.bytes.len() - 1) as u32
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Byte offset of code point `cp`, clamped to the end of the text.
    pub fn byte(&self, cp: u32) -> usize {
        let i = (cp as usize).min(self.bytes.len() - 1);
        self.bytes[i] as usize
    }

    /// Code-point index of byte offset `byte` (which must be a char boundary;
    /// otherwise the next boundary is used).
    pub fn cp(&self, byte: usize) -> u32 {
        match self.bytes.binary_search(&(byte as u32)) {
            Ok(i) | Err(i) => i as u32,
        }
    }

    /// The text between two code-point positions, clamped to the text.
    pub fn slice(&self, start: u32, end: u32) -> &'a str {
        let (s, e) = (self.byte(start), self.byte(end.max(start)));
        &self.text[s..e]
    }

    /// Checks that `start..end` is a non-empty range inside the text.
    pub fn check_range(&self, start: u32, end: u32) -> Result<(), ModelError> {
        if start < end && end <= self.len() {
            Ok(())
        } else {
            Err(ModelError::BadRange { start, end, len: self.len() })
        }
    }

    /// Code-point ranges of every occurrence of `needle`, overlapping ones included.
    pub fn find_all(&self, needle: &str) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        let n = needle.chars().count() as u32;
        let mut from = 0;
        while let Some(pos) = self.text[from..].find(needle) {
            let b = from + pos;
            let s = self.cp(b);
            out.push((s, s + n));
            // Step one character, not one match, so overlapping matches count.
            from = b + self.text[b..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }
}

/// Number of code points in `s`.
pub fn cp_len(s: &str) -> u32 {
    s.chars().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astral_characters_are_one_position_each() {
        let t = CpText::new("a😀𠀀中b");
        assert_eq!(t.len(), 5);
        assert_eq!(t.slice(1, 3), "😀𠀀");
        assert_eq!(t.slice(3, 4), "中");
        assert_eq!(t.byte(2), 5);
        assert_eq!(t.cp(5), 2);
        assert_eq!(t.find_all("𠀀中"), vec![(2, 4)]);
    }

    #[test]
    fn ranges_are_checked() {
        let t = CpText::new("党史");
        assert!(t.check_range(0, 2).is_ok());
        assert!(t.check_range(1, 1).is_err());
        assert!(t.check_range(1, 3).is_err());
        assert_eq!(t.slice(1, 99), "史");
    }

    #[test]
    fn overlapping_matches_are_all_found() {
        let t = CpText::new("哈哈哈");
        assert_eq!(t.find_all("哈哈"), vec![(0, 2), (1, 3)]);
        assert!(t.find_all("").is_empty());
    }
}
