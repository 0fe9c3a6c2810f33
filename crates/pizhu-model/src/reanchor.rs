//! Re-anchoring annotations on a new version of their document's text,
//! with a confidence threshold: a note is placed where it was, or where the
//! text moved it, or where its quote and context are found again — and
//! otherwise it is *orphaned*, never put on a passage that merely looks
//! alike.
//!
//! Three stages, in order:
//! 1. the same place still holds the same quote and context (stayed);
//! 2. the place mapped through a character diff of old against new, kept
//!    when the passage there still reads like the quote (a character changed
//!    inside a highlight, punctuation made full width);
//! 3. a search for the quote (width-folded) whose prefix and suffix agree
//!    with the note's context, clearly better than any other occurrence.
//!    Short quotes need their context to agree almost exactly.
//!
//! The diff is taken line by line first (the document's blocks), then
//! character by character inside changed runs of lines, so that a revision
//! of a whole book costs what changed, not the square of its length.

use std::time::{Duration, Instant};

use similar::{capture_diff_slices_deadline, Algorithm, DiffOp, TextDiff};

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::anchor::fold_width;
use crate::{Annotation, Document, DocumentInfo, Quote};

/// Where a note lands on the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The same words in the same surroundings, at `start..end` of the new
    /// text (the same numbers unless text before it changed).
    Stayed {
        /// Start, code points.
        start: u32,
        /// End (exclusive).
        end: u32,
    },
    /// Placed at `start..end` of the new text (found by the diff or by its quote).
    Moved {
        /// Start, code points.
        start: u32,
        /// End (exclusive).
        end: u32,
    },
    /// Cannot be placed with confidence (待确认).
    Orphaned,
}

/// How alike the passage found by the diff must be to the quote.
const MIN_QUOTE_SIMILARITY: f32 = 0.8;
/// How much of the context around a quote found by search must agree.
const MIN_CONTEXT: f32 = 0.5;
/// Quotes shorter than this need their context to agree this much.
const SHORT_QUOTE: usize = 6;
const MIN_CONTEXT_SHORT: f32 = 0.8;
/// The best occurrence must lead the next by this share of the context.
const MARGIN: f32 = 0.2;
/// Longest the character diff of one changed run may take.
const DIFF_DEADLINE: Duration = Duration::from_millis(300);

/// An old text against a new one, ready to place many notes.
pub struct Revision {
    old: Vec<char>,
    new: Vec<char>,
    new_folded: Vec<char>,
    /// Equal runs `(old_start, new_start, len)`, sorted by `old_start`.
    equal: Vec<(u32, u32, u32)>,
}

impl Revision {
    /// Diffs `old` against `new` (documents' texts: blocks joined by `\n`).
    pub fn new(old: &str, new: &str) -> Revision {
        let old_chars: Vec<char> = old.chars().collect();
        let new_chars: Vec<char> = new.chars().collect();
        let (old_lines, old_starts) = lines(old);
        let (new_lines, new_starts) = lines(new);
        let mut equal = Vec::new();
        let line_ops = capture_diff_slices_deadline(Algorithm::Patience, &old_lines, &new_lines, None);
        // Line `i` spans old_starts[i]..old_starts[i + 1] (with its "\n").
        let span = |starts: &[u32], i: usize, n: usize| (starts[i], starts[i + n]);
        for op in line_ops {
            match op {
                DiffOp::Equal { old_index, new_index, len } => {
                    let (os, oe) = span(&old_starts, old_index, len);
                    let (ns, _) = span(&new_starts, new_index, len);
                    equal.push((os, ns, oe - os));
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    let (os, oe) = span(&old_starts, old_index, old_len);
                    let (ns, ne) = span(&new_starts, new_index, new_len);
                    let a = &old_chars[os as usize..(oe as usize).min(old_chars.len())];
                    let b = &new_chars[ns as usize..(ne as usize).min(new_chars.len())];
                    let deadline = Some(Instant::now() + DIFF_DEADLINE);
                    for op in capture_diff_slices_deadline(Algorithm::Myers, a, b, deadline) {
                        if let DiffOp::Equal { old_index, new_index, len } = op {
                            equal.push((os + old_index as u32, ns + new_index as u32, len as u32));
                        }
                    }
                }
                DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
            }
        }
        equal.sort_unstable();
        let new_folded = fold_width(new).chars().collect();
        Revision { old: old_chars, new: new_chars, new_folded, equal }
    }

    /// For each block of `old` (the old text's document), the block of `new`
    /// that begins where its first character went, if it survived: what was
    /// read in a paragraph stays read when the paragraph moves or a word in
    /// it changes.
    pub fn block_map(&self, old: &Document, new: &Document) -> Vec<Option<u32>> {
        old.blocks
            .iter()
            .map(|b| {
                let p = self.map(b.start)?;
                new.block_at(p).filter(|n| n.start == p).map(|n| n.index)
            })
            .collect()
    }

    /// Where old position `pos` (a character) is in the new text, if it survived.
    fn map(&self, pos: u32) -> Option<u32> {
        let i = self.equal.partition_point(|&(os, _, _)| os <= pos).checked_sub(1)?;
        let (os, ns, len) = self.equal[i];
        (pos < os + len).then_some(ns + pos - os)
    }

    /// The new range of old `start..end` through the diff: the first and last
    /// surviving characters of the range, widened by what was lost at its ends.
    fn map_range(&self, start: u32, end: u32) -> Option<(u32, u32)> {
        let first = (start..end).find_map(|p| self.map(p).map(|n| (p, n)))?;
        let last = (start..end).rev().find_map(|p| self.map(p).map(|n| (p, n)))?;
        let s = first.1.saturating_sub(first.0 - start);
        let e = (last.1 + 1 + (end - 1 - last.0)).min(self.new.len() as u32);
        (s < e).then_some((s, e))
    }

    fn new_slice(&self, s: u32, e: u32) -> String {
        self.new[s as usize..e as usize].iter().collect()
    }

    /// Places a note that was at `start..end` of the old text with `quote`.
    pub fn place(&self, start: u32, end: u32, quote: &Quote) -> Placement {
        let exact = fold_width(&quote.exact);
        let exact_len = exact.chars().count();
        if exact_len == 0 || end as usize > self.old.len() || start >= end {
            return self.search(quote, &exact);
        }
        // 1. Same place, same words and context.
        if (end as usize) <= self.new.len()
            && self.map(start) == Some(start)
            && self.map(end - 1) == Some(end - 1)
            && self.new_slice(start, end) == quote.exact
            && self.context(start, end, quote) >= 1.0
        {
            return Placement::Stayed { start, end };
        }
        // 2. Through the diff.
        if let Some((s, e)) = self.map_range(start, end) {
            let found = fold_width(&self.new_slice(s, e));
            // Coincidentally equal characters in a rewritten passage are no
            // anchor: the surroundings must agree too.
            let alike = if exact_len < SHORT_QUOTE {
                found == exact && self.context(s, e, quote) >= MIN_CONTEXT_SHORT
            } else {
                TextDiff::from_chars(exact.as_str(), found.as_str()).ratio() >= MIN_QUOTE_SIMILARITY
                    && self.context(s, e, quote) >= MIN_CONTEXT
            };
            if alike {
                if self.new_slice(s, e) == quote.exact && self.context(s, e, quote) >= 1.0 {
                    return Placement::Stayed { start: s, end: e };
                }
                return Placement::Moved { start: s, end: e };
            }
        }
        // 3. By the quote and its context.
        self.search(quote, &exact)
    }

    /// How much of the note's prefix and suffix within its own paragraph
    /// agree with the text around `s..e` of the new text (0–1, width folded;
    /// 1 when there is no context). Neighbouring paragraphs do not count: a
    /// paragraph may move with its notes.
    fn context(&self, s: u32, e: u32, quote: &Quote) -> f32 {
        let prefix = quote.prefix.rsplit('\n').next().unwrap_or_default();
        let suffix = quote.suffix.split('\n').next().unwrap_or_default();
        let prefix: Vec<char> = fold_width(prefix).chars().collect();
        let suffix: Vec<char> = fold_width(suffix).chars().collect();
        let total = prefix.len() + suffix.len();
        if total == 0 {
            return 1.0;
        }
        let before = &self.new_folded[..s as usize];
        let after = &self.new_folded[e as usize..];
        let back = before.iter().rev().zip(prefix.iter().rev()).take_while(|(a, b)| a == b).count();
        let ahead = after.iter().zip(suffix.iter()).take_while(|(a, b)| a == b).count();
        (back + ahead) as f32 / total as f32
    }

    fn search(&self, quote: &Quote, exact: &str) -> Placement {
        let needle: Vec<char> = exact.chars().collect();
        if needle.is_empty() || needle.len() > self.new_folded.len() {
            return Placement::Orphaned;
        }
        let mut scores: Vec<(f32, u32)> = self
            .new_folded
            .windows(needle.len())
            .enumerate()
            .filter(|(_, w)| *w == needle.as_slice())
            .map(|(i, _)| (self.context(i as u32, (i + needle.len()) as u32, quote), i as u32))
            .collect();
        scores.sort_by(|a, b| b.0.total_cmp(&a.0));
        let Some(&(best, at)) = scores.first() else { return Placement::Orphaned };
        let floor = if needle.len() < SHORT_QUOTE { MIN_CONTEXT_SHORT } else { MIN_CONTEXT };
        let runner_up = scores.get(1).map_or(0.0, |s| s.0);
        if best < floor || best - runner_up < MARGIN {
            return Placement::Orphaned;
        }
        Placement::Moved { start: at, end: at + needle.len() as u32 }
    }
}

/// The lines of `text` (without "\n") and each line's start in code points,
/// with one more entry: the end (past a final "\n" that is not there).
fn lines(text: &str) -> (Vec<&str>, Vec<u32>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut at = 0u32;
    for line in text.split('\n') {
        out.push(line);
        starts.push(at);
        at += line.chars().count() as u32 + 1;
    }
    starts.push(at);
    (out, starts)
}

/// One version of a document's text, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DocumentVersion {
    /// 1 for the text first imported, then one more per new version.
    pub version: u32,
    /// When this text came, RFC 3339 UTC.
    pub created: String,
    /// When a newer version replaced it; `None` for the current text.
    pub replaced: Option<String>,
    /// Number of blocks.
    pub blocks: u32,
    /// Number of visible characters.
    pub chars: u32,
}

/// What importing a new version of a document did to its notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct VersionReport {
    /// The document as it is now (same id, version one more).
    pub document: DocumentInfo,
    /// Notes on the same words in the same surroundings.
    pub stayed: u32,
    /// Notes placed elsewhere (the text around them changed or moved).
    pub moved: u32,
    /// Notes that could not be placed with confidence (待确认).
    pub orphaned: u32,
}

/// A note waiting to be re-attached (待确认), with the text it was made on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Orphan {
    /// The note; its selectors describe `version`, not the current text.
    pub annotation: Annotation,
    /// The version of the text the note was made on.
    pub version: u32,
    /// The old text before the passage, within its paragraph (at most
    /// [`ORPHAN_CONTEXT`] code points).
    pub before: String,
    /// The old text after the passage, within its paragraph.
    pub after: String,
    /// Where the passage was in the old text (`第二章 第一节`), if known.
    pub section: Option<String>,
}

/// How much old text an [`Orphan`] shows on each side of its passage.
pub const ORPHAN_CONTEXT: usize = 120;

impl Orphan {
    /// The orphan of `annotation`, with its surroundings taken from `old`
    /// (the version it was made on) when the passage is found there at its
    /// position; otherwise from the note's own prefix and suffix.
    pub fn new(annotation: Annotation, version: u32, old: Option<&Document>) -> Orphan {
        let from_old = old.and_then(|doc| {
            let block = doc.block_at(annotation.start)?;
            let chars: Vec<char> = block.text.chars().collect();
            let s = annotation.start.checked_sub(block.start)? as usize;
            let e = s + annotation.exact.chars().count();
            if e > chars.len() || chars[s..e].iter().collect::<String>() != annotation.exact {
                return None;
            }
            let before: String = chars[s.saturating_sub(ORPHAN_CONTEXT)..s].iter().collect();
            let after: String = chars[e..(e + ORPHAN_CONTEXT).min(chars.len())].iter().collect();
            Some((before, after, doc.section_label(block.index)))
        });
        let (before, after, section) = from_old.unwrap_or_else(|| {
            let before = annotation.prefix.rsplit('\n').next().unwrap_or_default().to_owned();
            let after = annotation.suffix.split('\n').next().unwrap_or_default().to_owned();
            (before, after, None)
        });
        Orphan { annotation, version, before, after, section }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CpText;

    /// Places the `nth` (0-based) occurrence of `quote` in `old` on `new`.
    fn place(old: &str, new: &str, quote: &str, nth: usize) -> (Placement, String) {
        let cp = CpText::new(old);
        let (s, e) = cp.find_all(quote)[nth];
        let q = Quote::at(&cp, s, e).unwrap();
        let r = Revision::new(old, new);
        let p = r.place(s, e, &q);
        let text = match p {
            Placement::Stayed { start, end } | Placement::Moved { start, end } => {
                new.chars().skip(start as usize).take((end - start) as usize).collect()
            }
            Placement::Orphaned => String::new(),
        };
        (p, text)
    }

    const OLD: &str = "一、加强学习\n我们要深入学习党史,做到学史明理、学史增信。\n二、强化实践\n要把学习成果转化为推动工作的强大动力。\n总之,要久久为功。";

    #[test]
    fn an_unchanged_text_keeps_every_note() {
        let (s, e) = CpText::new(OLD).find_all("学史明理")[0];
        assert_eq!(place(OLD, OLD, "学史明理", 0).0, Placement::Stayed { start: s, end: e });
    }

    #[test]
    fn punctuation_made_full_width_moves_nothing_away() {
        let new = OLD.replace(',', "，");
        let (p, text) = place(OLD, &new, "深入学习党史,做到", 0);
        assert!(matches!(p, Placement::Moved { .. }), "{p:?}");
        assert_eq!(text, "深入学习党史，做到");
        assert_eq!(place(OLD, &new, "学史增信", 0).1, "学史增信");
    }

    #[test]
    fn a_repeated_phrase_in_an_inserted_paragraph_does_not_take_the_note() {
        // A paragraph before the highlight repeats its words: the note follows
        // its own sentence, not the first occurrence.
        let new = OLD.replace("我们要深入学习党史", "学史明理是第一位的。\n我们要深入学习党史");
        let cp = CpText::new(&new);
        let all = cp.find_all("学史明理");
        assert_eq!(all.len(), 2);
        let (p, _) = place(OLD, &new, "学史明理", 0);
        assert_eq!(p, Placement::Stayed { start: all[1].0, end: all[1].1 }, "same words, same sentence");
    }

    #[test]
    fn one_character_changed_inside_a_highlight_follows_it() {
        let new = OLD.replace("推动工作的强大动力", "推动工作的强劲动力");
        let (p, text) = place(OLD, &new, "转化为推动工作的强大动力", 0);
        assert!(matches!(p, Placement::Moved { .. }), "{p:?}");
        assert_eq!(text, "转化为推动工作的强劲动力");
    }

    #[test]
    fn a_deleted_paragraph_is_orphaned_not_moved_to_its_look_alike() {
        let old = "一、甲\n要把学习成果转化为推动工作的强大动力。\n二、乙\n要把学习成果转化为推动发展的强大动力。";
        let new = "一、甲\n二、乙\n要把学习成果转化为推动发展的强大动力。";
        assert_eq!(place(old, new, "推动工作的强大动力", 0).0, Placement::Orphaned);
        // The same words in a paragraph that stays keep their note.
        assert!(matches!(place(old, new, "推动发展的强大动力", 0).0, Placement::Stayed { .. }));
    }

    #[test]
    fn a_phrase_reworded_away_is_orphaned() {
        let new = OLD.replace("做到学史明理、学史增信", "切实提高思想认识");
        assert_eq!(place(OLD, &new, "学史明理、学史增信", 0).0, Placement::Orphaned);
    }

    #[test]
    fn a_short_quote_needs_its_context() {
        // "党史" moved into a sentence with other words around it: not placed.
        let new = "一、加强学习\n党史是最好的教科书。";
        assert_eq!(place(OLD, new, "党史", 0).0, Placement::Orphaned);
    }

    #[test]
    fn a_moved_paragraph_is_found_by_its_quote() {
        let new = "二、强化实践\n要把学习成果转化为推动工作的强大动力。\n一、加强学习\n我们要深入学习党史，做到学史明理、学史增信。\n总之，要久久为功。";
        let (p, text) = place(OLD, new, "学史明理", 0);
        assert!(matches!(p, Placement::Moved { .. }), "{p:?}");
        assert_eq!(text, "学史明理");
    }
}
