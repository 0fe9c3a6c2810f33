//! Structured documents: a title plus ordered, typed blocks.
//!
//! Each non-empty line of a source text is one block, numbered from 0. The
//! document's text is its blocks joined by `\n`, and every position in Pizhu
//! is a code point into that text.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::text::cp_len;

/// The stable id of the speech that ships inside the app.
pub const SPEECH_ID: &str = "speech";

/// Title under which the bundled speech is listed.
pub const SPEECH_TITLE: &str = "党史学习教育和政法队伍教育整顿专题讲话";

/// The bundled speech, exactly as given.
const SPEECH_TEXT: &str = include_str!("data/speech.txt");

/// What a block is, for the outline and for typesetting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A line beginning with a dash (`——…`), under the title.
    Subtitle,
    /// A section heading: `一、…` at line start, or a Markdown `#` heading.
    Heading,
    /// Any other line.
    Paragraph,
}

/// The lead phrase of a paragraph (`第一,…。`, `一是…。`, `总之,`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Lead {
    /// The enumerating marker: `第一`, `一是`, `总之`.
    pub marker: String,
    /// The lead sentence as it starts the block (a prefix of the block text).
    pub phrase: String,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Block {
    /// 0-based position of the block in the document.
    pub index: u32,
    /// Kind of the block.
    pub kind: BlockKind,
    /// The block's text (one source line, trimmed).
    pub text: String,
    /// Code-point offset of the block in the document text.
    pub start: u32,
    /// Length of the block in code points.
    pub len: u32,
    /// Lead phrase, for paragraphs that have one.
    pub lead: Option<Lead>,
}

/// A structured document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Document {
    /// Stable id (`speech` for the bundled speech).
    pub id: String,
    /// Title shown in lists and exports.
    pub title: String,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// Builds a document from plain text: one block per non-empty line.
    pub fn from_text(id: impl Into<String>, title: impl Into<String>, text: &str) -> Document {
        Self::from_lines(id, title, text.lines().map(|l| (l, false)))
    }

    /// Builds a document from lines, each flagged when the caller already
    /// knows it is a heading (Markdown `#`).
    pub(crate) fn from_lines<'a>(
        id: impl Into<String>,
        title: impl Into<String>,
        lines: impl Iterator<Item = (&'a str, bool)>,
    ) -> Document {
        let mut blocks = Vec::new();
        let mut start = 0u32;
        for (line, heading) in lines {
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            let index = blocks.len() as u32;
            let kind = if heading || is_section_heading(text) {
                BlockKind::Heading
            } else if index == 0 && (text.starts_with('—') || text.starts_with("--")) {
                BlockKind::Subtitle
            } else {
                BlockKind::Paragraph
            };
            let lead = (kind == BlockKind::Paragraph).then(|| lead_of(text)).flatten();
            let len = cp_len(text);
            blocks.push(Block { index, kind, text: text.to_owned(), start, len, lead });
            start += len + 1; // the joining "\n"
        }
        Document { id: id.into(), title: title.into(), blocks }
    }

    /// The bundled speech, with the stable id [`SPEECH_ID`].
    pub fn speech() -> Document {
        // The text starts with its dash subtitle and has no title line of its
        // own; this editorial title says what the speech is about, so the
        // reader does not show the subtitle twice.
        Document::from_text(SPEECH_ID, SPEECH_TITLE, SPEECH_TEXT)
    }

    /// The document's text: its blocks joined by `\n`.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.blocks.iter().map(|b| b.text.len() + 1).sum());
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&b.text);
        }
        out
    }

    /// Length of the text in code points.
    pub fn len(&self) -> u32 {
        self.blocks.last().map_or(0, |b| b.start + b.len)
    }

    /// Whether the document has no text.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Number of characters that are not white space.
    pub fn visible_chars(&self) -> u32 {
        self.blocks.iter().map(|b| b.text.chars().filter(|c| !c.is_whitespace()).count() as u32).sum()
    }

    /// Index of the block containing code point `pos` (a position on a
    /// joining newline belongs to the block before it).
    pub fn block_at(&self, pos: u32) -> Option<&Block> {
        let i = self.blocks.partition_point(|b| b.start + b.len < pos);
        self.blocks.get(i).or_else(|| self.blocks.last())
    }

    /// The heading of the section that block `index` lies in (the block
    /// itself if it is a heading).
    pub fn section_of(&self, index: u32) -> Option<&Block> {
        self.blocks.iter().take(index as usize + 1).rev().find(|b| b.kind == BlockKind::Heading)
    }
}

const CN_DIGITS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '零', '〇'];

/// `一、` … `十二、` at line start.
fn is_section_heading(text: &str) -> bool {
    let digits = text.chars().take_while(|c| CN_DIGITS.contains(c)).count();
    digits > 0 && digits <= 3 && text.chars().nth(digits) == Some('、')
}

/// Longest lead phrase shown as such; longer first sentences show only the marker.
const MAX_LEAD_CHARS: usize = 40;

fn lead_of(text: &str) -> Option<Lead> {
    let chars: Vec<char> = text.chars().collect();
    let digits_from = |i: usize| chars[i..].iter().take_while(|c| CN_DIGITS.contains(c)).count();
    let marker_len = if chars.first() == Some(&'第') && digits_from(1) > 0 {
        let n = 1 + digits_from(1);
        // 第一, 第一， 第一、 — a bare 第一 inside a sentence is not a lead.
        matches!(chars.get(n), Some(',' | '，' | '、' | ':' | '：')).then_some(n)?
    } else if digits_from(0) > 0 && chars.get(digits_from(0)) == Some(&'是') {
        digits_from(0) + 1
    } else if text.starts_with("总之") || text.starts_with("综上") {
        2
    } else if text.starts_with("总而言之") {
        4
    } else {
        return None;
    };
    let marker: String = chars[..marker_len].iter().collect();
    let sentence_end = chars.iter().position(|c| matches!(c, '。' | '！' | '!' | '？' | '?' | '；' | ';'));
    let phrase_len = match sentence_end {
        Some(e) if e < MAX_LEAD_CHARS => e + 1,
        // Marker plus its punctuation only.
        _ => marker_len + usize::from(matches!(chars.get(marker_len), Some(',' | '，' | '、'))),
    };
    Some(Lead { marker, phrase: chars[..phrase_len].iter().collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_has_twenty_typed_blocks() {
        let d = Document::speech();
        assert_eq!(d.id, SPEECH_ID);
        assert_eq!(d.blocks.len(), 20);
        assert_eq!(d.blocks[0].kind, BlockKind::Subtitle);
        assert_eq!(d.title, SPEECH_TITLE);
        assert!(d.blocks[0].text.starts_with("——深入开展党史学习教育"));
        let headings: Vec<u32> = d.blocks.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| b.index).collect();
        assert_eq!(headings, vec![2, 8, 13]);
        let lead = d.blocks[3].lead.as_ref().map(|l| (l.marker.as_str(), l.phrase.as_str()));
        assert_eq!(lead, Some(("第一", "第一，深入学习党史是关键节点所需。")));
        let lead = d.blocks[9].lead.as_ref().map(|l| (l.marker.as_str(), l.phrase.as_str()));
        assert_eq!(lead, Some(("一是", "一是要突出学习主题。")));
        assert_eq!(d.blocks[19].lead.as_ref().map(|l| l.marker.as_str()), Some("总之"));
        assert!(d.blocks[1].lead.is_none());
        // Typeset for Chinese print: full-width commas and semicolons.
        assert!(!d.text().contains([',', ';']) && d.text().contains('，') && d.text().contains('；'));
    }

    #[test]
    fn text_and_offsets_agree() {
        let d = Document::speech();
        let text = d.text();
        let t = crate::CpText::new(&text);
        assert_eq!(t.len(), d.len());
        for b in &d.blocks {
            assert_eq!(t.slice(b.start, b.start + b.len), b.text);
        }
        assert_eq!(d.block_at(d.blocks[5].start + 3).map(|b| b.index), Some(5));
        assert_eq!(d.section_of(6).map(|b| b.index), Some(2));
        assert_eq!(d.section_of(1), None);
    }

    #[test]
    fn blank_lines_crlf_and_indentation_are_not_blocks() {
        let d = Document::from_text("x", "t", "\u{3000}\u{3000}第一,甲。\r\n\r\n  \n二、乙\r\n😀𠀀丙");
        assert_eq!(d.blocks.len(), 3);
        assert_eq!(d.blocks[0].text, "第一,甲。");
        assert_eq!(d.blocks[1].kind, BlockKind::Heading);
        assert_eq!(d.blocks[2].start, 10);
        assert_eq!(d.blocks[2].len, 3);
        assert_eq!(d.text(), "第一,甲。\n二、乙\n😀𠀀丙");
    }
}
