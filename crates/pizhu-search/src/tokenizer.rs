//! The index-side tokenizer: normalised character unigrams and bigrams,
//! with real positions.
//!
//! For the normalised text `c0 c1 c2 …` the token at position `i` is the
//! unigram `ci` (not for spaces) and the bigram `ci ci+1`. A query for a
//! string of length ≥ 2 is then a phrase of bigrams at consecutive
//! positions, which matches exactly where the string occurs.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::normalize::{normalize_into, NormChar};

/// Name under which the tokenizer is registered with the index.
pub const NAME: &str = "pizhu_ngram";

/// Unigram + bigram tokenizer over [`crate::normalize`]d text.
#[derive(Clone, Default)]
pub struct NgramTokenizer {
    chars: Vec<NormChar>,
}

/// The token stream of [`NgramTokenizer`].
pub struct NgramStream<'a> {
    chars: &'a [NormChar],
    text_len: usize,
    /// Next character position.
    pos: usize,
    /// Whether the unigram at `pos` was already emitted.
    unigram_done: bool,
    token: Token,
}

impl Tokenizer for NgramTokenizer {
    type TokenStream<'a> = NgramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NgramStream<'a> {
        normalize_into(text, &mut self.chars);
        NgramStream { chars: &self.chars, text_len: text.len(), pos: 0, unigram_done: false, token: Token::default() }
    }
}

impl NgramStream<'_> {
    fn end_byte(&self, i: usize) -> usize {
        // End of source character i: start of the next different source char.
        let cp = self.chars[i].cp;
        self.chars[i + 1..].iter().find(|n| n.cp != cp).map_or(self.text_len, |n| n.byte as usize)
    }
}

impl TokenStream for NgramStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some(c) = self.chars.get(self.pos).copied() else { return false };
            if !self.unigram_done {
                self.unigram_done = true;
                if c.ch != ' ' {
                    self.token.text.clear();
                    self.token.text.push(c.ch);
                    self.token.position = self.pos;
                    self.token.offset_from = c.byte as usize;
                    self.token.offset_to = self.end_byte(self.pos);
                    return true;
                }
            }
            let i = self.pos;
            self.pos += 1;
            self.unigram_done = false;
            if let Some(next) = self.chars.get(i + 1) {
                self.token.text.clear();
                self.token.text.push(c.ch);
                self.token.text.push(next.ch);
                self.token.position = i;
                self.token.offset_from = c.byte as usize;
                self.token.offset_to = self.end_byte(i + 1);
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize)> {
        let mut t = NgramTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    #[test]
    fn unigrams_and_bigrams_with_positions() {
        assert_eq!(
            tokens("党史学"),
            vec![("党".into(), 0), ("党史".into(), 0), ("史".into(), 1), ("史学".into(), 1), ("学".into(), 2)]
        );
    }

    #[test]
    fn spaces_get_bigrams_but_no_unigram() {
        let t = tokens("a b");
        assert_eq!(t, vec![("a".into(), 0), ("a ".into(), 0), (" b".into(), 1), ("b".into(), 2)]);
        assert!(tokens("").is_empty());
        assert!(tokens("\u{200b}").is_empty());
    }
}
