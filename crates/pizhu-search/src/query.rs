//! The query language: whitespace-separated terms, ANDed; `"quoted
//! phrases"` match literally, spaces included. Chinese quotation marks
//! (`“…”`, `「…」`, `『…』`) quote as ASCII `"` does, and a quote left open
//! runs to the end of the query, so typing `"政法队伍` already finds the
//! phrase. Nothing else is syntax, so no input is ever an error: `*`, `:`,
//! `(`, `AND`, a stray closing mark — all are searched as the literal text
//! they are.

use tantivy::query::{BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::normalize::normalize_into;

/// A parsed query: normalised terms, each to be found literally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Normalised terms (never empty ones), deduplicated, in input order.
    pub terms: Vec<Vec<char>>,
}

impl ParsedQuery {
    /// Parses user input.
    pub fn parse(input: &str) -> ParsedQuery {
        let mut raw: Vec<&str> = Vec::new();
        let mut rest = input;
        while !rest.is_empty() {
            match rest.char_indices().find(|&(_, c)| closer_of(c).is_some()) {
                Some((at, open)) => {
                    raw.extend(rest[..at].split_whitespace());
                    let inner = &rest[at + open.len_utf8()..];
                    let closes = |c: char| c == '"' || Some(c) == closer_of(open);
                    match inner.char_indices().find(|&(_, c)| closes(c)) {
                        Some((end, close)) => {
                            raw.push(&inner[..end]);
                            rest = &inner[end + close.len_utf8()..];
                        }
                        // Still being typed: the phrase runs to the end.
                        None => {
                            raw.push(inner);
                            rest = "";
                        }
                    }
                }
                None => {
                    raw.extend(rest.split_whitespace());
                    rest = "";
                }
            }
        }
        let mut terms: Vec<Vec<char>> = Vec::new();
        let mut buf = Vec::new();
        for r in raw {
            normalize_into(r, &mut buf);
            let term: Vec<char> = buf.iter().map(|n| n.ch).collect();
            if !term.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
        }
        ParsedQuery { terms }
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The Tantivy query over the n-gram field.
    pub fn to_query(&self, field: Field) -> Box<dyn Query> {
        let clauses: Vec<(Occur, Box<dyn Query>)> =
            self.terms.iter().map(|t| (Occur::Must, term_query(field, t))).collect();
        match clauses.len() {
            0 => Box::new(EmptyQuery),
            1 => clauses.into_iter().next().map(|(_, q)| q).unwrap_or_else(|| Box::new(EmptyQuery)),
            _ => Box::new(BooleanQuery::new(clauses)),
        }
    }
}

/// The mark that closes a phrase opened by `c`, if `c` opens one.
fn closer_of(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

fn gram(field: Field, chars: &[char]) -> Term {
    Term::from_field_text(field, &chars.iter().collect::<String>())
}

/// One literal term: its unigram, its bigram, or a phrase of bigrams.
fn term_query(field: Field, t: &[char]) -> Box<dyn Query> {
    match t.len() {
        1 | 2 => Box::new(TermQuery::new(gram(field, t), IndexRecordOption::WithFreqs)),
        n => {
            // Non-overlapping bigrams at even offsets, plus the final one,
            // cover every character at fixed offsets: an exact substring
            // test with about half the postings of all bigrams.
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if offsets.last() != Some(&(n - 2)) {
                offsets.push(n - 2);
            }
            Box::new(PhraseQuery::new_with_offset(
                offsets.into_iter().map(|o| (o, gram(field, &t[o..o + 2]))).collect(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> Vec<String> {
        ParsedQuery::parse(q).terms.iter().map(|t| t.iter().collect()).collect()
    }

    #[test]
    fn whitespace_and_quotes() {
        assert_eq!(terms("党史  学习"), vec!["党史", "学习"]);
        assert_eq!(terms("\"中国 共产党\" 百年"), vec!["中国 共产党", "百年"]);
        assert_eq!(terms("党史 党史"), vec!["党史"]);
    }

    #[test]
    fn unclosed_quote_runs_to_the_end() {
        assert_eq!(terms("\"政法队伍"), vec!["政法队伍"]);
        assert_eq!(terms("党史 \"政法 队伍"), vec!["党史", "政法 队伍"]);
    }

    #[test]
    fn chinese_quotation_marks_quote() {
        assert_eq!(terms("“政法队伍教育”"), vec!["政法队伍教育"]);
        assert_eq!(terms("「中国 共产党」 百年"), vec!["中国 共产党", "百年"]);
        assert_eq!(terms("『党史』"), vec!["党史"]);
        assert_eq!(terms("“政法 队伍"), vec!["政法 队伍"]);
        // ASCII " closes any opening mark (IMEs mix them).
        assert_eq!(terms("“政法 队伍\" 学习"), vec!["政法 队伍", "学习"]);
    }

    #[test]
    fn broken_syntax_is_literal() {
        assert_eq!(terms("党史”"), vec!["党史”"]);
        assert_eq!(terms("a:b (c * AND"), vec!["a:b", "(c", "*", "and"]);
        assert_eq!(terms("第一，"), vec!["第一,"]);
        assert!(ParsedQuery::parse("  \u{200b} ").is_empty());
        assert!(ParsedQuery::parse("\"\"").is_empty());
    }
}
