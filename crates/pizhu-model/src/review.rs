//! Review cards: a highlight becomes a cloze — the sentence around it with
//! the highlighted words (or words the reader chose) hidden.
//!
//! Scheduling (FSRS) lives in `pizhu-core`; here are the records that cross
//! IPC and the pure rules: where a card's sentence begins and ends, what is
//! hidden, and whether a typed answer is right.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::anchor::fold_width;
use crate::Document;

/// How well the reader recalled a card (FSRS's four grades).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 重来: forgotten.
    Again,
    /// 困难: recalled with effort.
    Hard,
    /// 良好: recalled.
    Good,
    /// 简单: recalled at once.
    Easy,
}

impl Rating {
    /// All four, in key order (1–4).
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The grade as stored and as FSRS numbers it (1–4).
    pub fn number(self) -> u8 {
        match self {
            Rating::Again => 1,
            Rating::Hard => 2,
            Rating::Good => 3,
            Rating::Easy => 4,
        }
    }

    /// The grade numbered 1–4.
    pub fn from_number(n: u8) -> Option<Rating> {
        Rating::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// Parses `again`, `hard`, `good`, `easy` (or 1–4, or the Chinese words).
    pub fn parse(s: &str) -> Option<Rating> {
        match s.trim().to_lowercase().as_str() {
            "again" | "1" | "重来" => Some(Rating::Again),
            "hard" | "2" | "困难" => Some(Rating::Hard),
            "good" | "3" | "良好" => Some(Rating::Good),
            "easy" | "4" | "简单" => Some(Rating::Easy),
            _ => None,
        }
    }

    /// The word for the grade.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CardState {
    /// Never reviewed.
    New,
    /// Forgotten at its last review; due again within minutes.
    Relearning,
    /// Reviewed and scheduled days ahead.
    Review,
}

/// A card as the reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReviewCard {
    /// The card's id: the id of its annotation (one card per highlight).
    pub card: String,
    /// The highlight it was made from.
    pub annotation_id: String,
    /// Its document.
    pub doc_id: String,
    /// The document's title.
    pub doc_title: String,
    /// Heading of the section the sentence is in.
    pub section: Option<String>,
    /// Colour key of the highlight.
    pub color: String,
    /// The sentence with each hidden part shown as `＿` per character.
    pub prompt: String,
    /// The hidden parts, in order, joined by ` / `.
    pub answer: String,
    /// The whole sentence.
    pub sentence: String,
    /// Document code point where the sentence starts.
    pub sentence_start: u32,
    /// Hidden ranges, code points relative to the sentence, in order.
    pub blanks: Vec<Blank>,
    /// Whether the reader chose what to hide (else the highlight is hidden).
    pub custom: bool,
    /// New, relearning or review.
    pub state: CardState,
    /// When it is due (RFC 3339 UTC); `None` for a new card.
    pub due: Option<String>,
    /// Times reviewed.
    pub reps: u32,
    /// Times forgotten after being learnt.
    pub lapses: u32,
    /// FSRS memory stability in days (0 for a new card).
    pub stability: f32,
    /// FSRS difficulty, 1–10 (0 for a new card).
    pub difficulty: f32,
    /// When the card would be due after each grade (for the buttons).
    pub intervals: Vec<RatingPreview>,
}

/// One hidden range of a cloze, code points relative to its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Blank {
    /// Start.
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
}

/// Today's review: what is due, and the first cards to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReviewQueue {
    /// Cards due now that have been reviewed before.
    pub due: u32,
    /// New cards offered today (within the daily limit).
    pub new: u32,
    /// All cards (switched on, on live highlights).
    pub total: u32,
    /// Cards reviewed today.
    pub done_today: u32,
    /// The next cards, due ones first (oldest due first), then new ones in
    /// reading order.
    pub cards: Vec<ReviewCard>,
}

/// What a rating did: the card as now scheduled, and the queue after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReviewOutcome {
    /// The rated card, with its next `due`.
    pub card: ReviewCard,
    /// The queue after the rating.
    pub queue: ReviewQueue,
}

/// How long until a card is due again, for each grade (shown on the buttons).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RatingPreview {
    /// The grade.
    pub rating: Rating,
    /// Minutes until due after this grade.
    pub minutes: u32,
}

/// One answered question of a self-test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TestAnswer {
    /// The card asked.
    pub card: String,
    /// What the reader typed for each blank, in order.
    pub answers: Vec<String>,
}

/// A self-test marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TestResult {
    /// Blanks right.
    pub right: u32,
    /// Blanks asked.
    pub total: u32,
    /// Per question, per blank: right or not, and the expected words.
    pub items: Vec<TestItem>,
}

/// One question of a marked self-test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TestItem {
    /// The card.
    pub card: String,
    /// Whether each blank was right.
    pub right: Vec<bool>,
    /// The hidden words of each blank.
    pub expected: Vec<String>,
}

/// A cloze built from a document: its sentence and what is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cloze {
    /// The sentence (or sentences) around the hidden parts.
    pub sentence: String,
    /// Document code point where it starts.
    pub start: u32,
    /// Hidden ranges relative to `sentence`.
    pub blanks: Vec<Blank>,
}

/// Characters that end a sentence.
const ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';', '…'];
/// Closing marks that belong to the sentence they follow.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '》', '"', '\''];

impl Cloze {
    /// The cloze for a highlight `start..end` of `doc`, hiding `hide`
    /// (document code points) or, when that is empty or no longer inside the
    /// sentence, the highlight itself. `None` when the range is not in the
    /// document.
    pub fn build(doc: &Document, start: u32, end: u32, hide: &[(u32, u32)]) -> Option<Cloze> {
        let block = doc.block_at(start)?;
        let chars: Vec<char> = block.text.chars().collect();
        let len = chars.len() as u32;
        let rel_start = start.checked_sub(block.start)?.min(len);
        let rel_end = end.saturating_sub(block.start).clamp(rel_start, len);
        let mut s = sentence_start(&chars, rel_start);
        let e = sentence_end(&chars, rel_end.max(rel_start + 1).min(len));
        let inside = |&(a, b): &(u32, u32)| a < b && a >= block.start + s && b <= block.start + e;
        let mut ranges: Vec<(u32, u32)> = if !hide.is_empty() && hide.iter().all(inside) {
            hide.iter().map(|&(a, b)| (a - block.start, b - block.start)).collect()
        } else {
            vec![(rel_start, rel_end.max(rel_start))]
        };
        ranges.sort_unstable();
        ranges.dedup();
        // A sentence that is all blank asks nothing: show the one before it.
        let hidden: u32 = ranges.iter().map(|(a, b)| b - a).sum();
        let visible = (s..e).filter(|&i| !is_mark(chars[i as usize])).count() as u32;
        if hidden >= visible && s > 0 {
            s = sentence_start(&chars, s - 1);
        }
        let sentence: String = chars[s as usize..e as usize].iter().collect();
        let blanks =
            ranges.into_iter().filter(|(a, b)| b > a).map(|(a, b)| Blank { start: a - s, end: b - s }).collect();
        Some(Cloze { sentence, start: block.start + s, blanks })
    }

    /// The sentence with each blank as one `＿` per hidden character.
    pub fn prompt(&self) -> String {
        let mut out = String::new();
        let mut blank = self.blanks.iter().peekable();
        for (i, c) in self.sentence.chars().enumerate() {
            let i = i as u32;
            while blank.peek().is_some_and(|b| b.end <= i) {
                blank.next();
            }
            if blank.peek().is_some_and(|b| b.start <= i && i < b.end) {
                out.push('＿');
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The hidden words of each blank.
    pub fn answers(&self) -> Vec<String> {
        let chars: Vec<char> = self.sentence.chars().collect();
        self.blanks.iter().map(|b| chars[b.start as usize..b.end as usize].iter().collect()).collect()
    }
}

fn sentence_start(chars: &[char], from: u32) -> u32 {
    let mut i = from as usize;
    while i > 0 {
        let c = chars[i - 1];
        if ENDS.contains(&c) {
            break;
        }
        if CLOSERS.contains(&c) && i >= 2 && ENDS.contains(&chars[i - 2]) {
            break;
        }
        i -= 1;
    }
    i as u32
}

fn sentence_end(chars: &[char], from: u32) -> u32 {
    let mut i = from as usize;
    // A highlight that ends on a full stop ends its sentence there.
    if i > 0 && ENDS.contains(&chars[i - 1]) {
        while i < chars.len() && CLOSERS.contains(&chars[i]) {
            i += 1;
        }
        return i as u32;
    }
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if ENDS.contains(&c) {
            while i < chars.len() && (ENDS.contains(&chars[i]) || CLOSERS.contains(&chars[i])) {
                i += 1;
            }
            break;
        }
    }
    i as u32
}

fn is_mark(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || is_cjk_punctuation(c)
}

pub(crate) fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}'
        | '\u{ff5b}'..='\u{ff65}' | '\u{2010}'..='\u{2027}' | '\u{fe10}'..='\u{fe1f}' | '\u{fe30}'..='\u{fe4f}')
}

/// Whether a typed answer is right: the same words, ignoring width (ａ/a,
/// ，/,), white space and punctuation.
pub fn answer_matches(typed: &str, expected: &str) -> bool {
    let key = |s: &str| fold_width(s).chars().filter(|&c| !is_mark(c)).flat_map(char::to_lowercase).collect::<String>();
    let want = key(expected);
    !want.is_empty() && key(typed) == want
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::from_text("d", "t", "标题\n第一句话。我们要建设铁军！第三句“引号。”结尾")
    }

    fn at(doc: &Document, s: &str) -> (u32, u32) {
        let text = doc.text();
        let cp = crate::CpText::new(&text);
        cp.find_all(s)[0]
    }

    #[test]
    fn cloze_hides_the_highlight_in_its_sentence() {
        let d = doc();
        let (s, e) = at(&d, "铁军");
        let c = Cloze::build(&d, s, e, &[]).unwrap();
        assert_eq!(c.sentence, "我们要建设铁军！");
        assert_eq!(c.prompt(), "我们要建设＿＿！");
        assert_eq!(c.answers(), vec!["铁军".to_string()]);
    }

    #[test]
    fn sentence_keeps_its_closing_quote() {
        let d = doc();
        let (s, e) = at(&d, "引号");
        let c = Cloze::build(&d, s, e, &[]).unwrap();
        assert_eq!(c.sentence, "第三句“引号。”");
    }

    #[test]
    fn a_whole_sentence_highlight_shows_the_sentence_before() {
        let d = doc();
        let (s, e) = at(&d, "我们要建设铁军！");
        let c = Cloze::build(&d, s, e, &[]).unwrap();
        assert_eq!(c.sentence, "第一句话。我们要建设铁军！");
        assert_eq!(c.prompt(), "第一句话。＿＿＿＿＿＿＿＿");
    }

    #[test]
    fn chosen_words_are_hidden_instead() {
        let d = doc();
        let (s, e) = at(&d, "铁军");
        let (hs, he) = at(&d, "建设");
        let c = Cloze::build(&d, s, e, &[(hs, he)]).unwrap();
        assert_eq!(c.prompt(), "我们要＿＿铁军！");
        // A choice outside the sentence (the text changed) falls back.
        let (os, oe) = at(&d, "第一");
        let c = Cloze::build(&d, s, e, &[(os, oe)]).unwrap();
        assert_eq!(c.prompt(), "我们要建设＿＿！");
    }

    #[test]
    fn answers_ignore_width_space_and_punctuation() {
        assert!(answer_matches(" 铁军 ", "铁军"));
        assert!(answer_matches("四个意识，", "四个意识"));
        assert!(answer_matches("ＡＢＣ", "abc"));
        assert!(!answer_matches("铁", "铁军"));
        assert!(!answer_matches("", "，"));
    }

    #[test]
    fn ratings_parse_in_both_languages() {
        assert_eq!(Rating::parse("GOOD"), Some(Rating::Good));
        assert_eq!(Rating::parse("重来"), Some(Rating::Again));
        assert_eq!(Rating::from_number(4), Some(Rating::Easy));
        assert_eq!(Rating::from_number(0), None);
    }
}
