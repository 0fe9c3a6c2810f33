//! The one normalisation that text and queries share.
//!
//! Each source character is normalised on its own (NFKC, then lower case),
//! so literal containment survives: if a text contains a query, the
//! normalised text contains the normalised query. Invisible format
//! characters (zero-width space, BOM, soft hyphen, bidi marks) vanish; runs
//! of white space become one space. Every output character remembers the
//! code point it came from, so matches map back to the original text.

use unicode_normalization::UnicodeNormalization;

/// One normalised character and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormChar {
    /// The normalised character (`' '` for any white space).
    pub ch: char,
    /// Code-point index of the source character.
    pub cp: u32,
    /// Byte offset of the source character.
    pub byte: u32,
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// Normalises `text` into `out` (cleared first).
pub fn normalize_into(text: &str, out: &mut Vec<NormChar>) {
    out.clear();
    let push = |ch: char, cp: u32, byte: u32, out: &mut Vec<NormChar>| {
        if ch.is_whitespace() {
            if out.last().is_some_and(|l| l.ch != ' ') {
                out.push(NormChar { ch: ' ', cp, byte });
            }
        } else {
            out.push(NormChar { ch, cp, byte });
        }
    };
    for (cp, (byte, c)) in text.char_indices().enumerate() {
        let (cp, byte) = (cp as u32, byte as u32);
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), cp, byte, out);
        } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            // CJK Unified Ideographs are NFKC-stable and caseless.
            push(c, cp, byte, out);
        } else if !is_invisible(c) {
            for n in std::iter::once(c).nfkc() {
                for l in n.to_lowercase() {
                    push(l, cp, byte, out);
                }
            }
        }
    }
    if out.last().is_some_and(|l| l.ch == ' ') {
        out.pop();
    }
}

/// Normalises `text` to a plain string (for tests and query display).
pub fn normalize(text: &str) -> String {
    let mut v = Vec::new();
    normalize_into(text, &mut v);
    v.iter().map(|n| n.ch).collect()
}

/// Code-point ranges in `text` of every occurrence of the normalised
/// `needle` (overlapping ones included).
pub fn find_normalized(haystack: &[NormChar], needle: &[char], text_len: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > haystack.len() {
        return out;
    }
    for i in 0..=haystack.len() - needle.len() {
        if haystack[i..i + needle.len()].iter().zip(needle).all(|(h, n)| h.ch == *n) {
            let start = haystack[i].cp;
            let last = i + needle.len() - 1;
            // End after the last source character (one source char may yield several).
            let end = haystack.get(last + 1).map_or(text_len, |n| n.cp).max(haystack[last].cp + 1);
            out.push((start, end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_fold() {
        assert_eq!(normalize("第一，ＡＢＣ１２３"), "第一,abc123");
        assert_eq!(normalize("Tantivy"), "tantivy");
        assert_eq!(normalize("党\u{200b}史\u{feff}"), "党史");
        assert_eq!(normalize(" a \u{3000}\t b "), "a b");
        assert_eq!(normalize("😀𠀀"), "😀𠀀");
    }

    #[test]
    fn matches_map_back_to_source_code_points() {
        let text = "😀Ａ\u{200b}Ｂ党史";
        let mut v = Vec::new();
        normalize_into(text, &mut v);
        let found = find_normalized(&v, &['a', 'b', '党'], 6);
        assert_eq!(found, vec![(1, 5)]);
        let found = find_normalized(&v, &['史'], 6);
        assert_eq!(found, vec![(5, 6)]);
    }

    #[test]
    fn expanding_characters_keep_their_source() {
        // U+337F (㍿) expands to four characters under NFKC.
        let mut v = Vec::new();
        normalize_into("a㍿b", &mut v);
        assert_eq!(v.iter().map(|n| n.ch).collect::<String>(), "a株式会社b");
        assert_eq!(find_normalized(&v, &['式', '会'], 3), vec![(1, 2)]);
    }
}
