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
    /// A heading: `一、…`, `（一）…`, `1. …`, `（1）…`, `第X编/章/节`, a
    /// novel's `第X回` / `卷X`, or a Markdown `#` heading (see [`Block::level`]).
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
    /// Depth of a heading in the document's outline, from 1 (outermost);
    /// 0 for other blocks. Levels are dense: a text numbered only `一、` and
    /// `（一）` has levels 1 and 2, a law's `第X章` and `第X节` too.
    #[serde(default)]
    pub level: u8,
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
        Self::from_lines(id, title, text.lines().map(|l| (l, None)))
    }

    /// Builds a document from lines, each with its Markdown heading depth
    /// when the caller already knows it is a heading (`#`, `##`, …). Such
    /// depths rank inside every numbering pattern found in the text.
    pub fn from_lines<'a>(
        id: impl Into<String>,
        title: impl Into<String>,
        lines: impl Iterator<Item = (&'a str, Option<u8>)>,
    ) -> Document {
        Self::build(id, title, lines, false)
    }

    /// Builds a document from a word processor's paragraphs, each with the
    /// heading depth (1–9) its style declares. Unlike [`Document::from_lines`],
    /// styled headings rank outside the numbering found in unstyled lines: a
    /// `Heading 1` chapter holds the 一、 items of its body text.
    pub fn from_styled_lines<'a>(
        id: impl Into<String>,
        title: impl Into<String>,
        lines: impl Iterator<Item = (&'a str, Option<u8>)>,
    ) -> Document {
        Self::build(id, title, lines, true)
    }

    fn build<'a>(
        id: impl Into<String>,
        title: impl Into<String>,
        lines: impl Iterator<Item = (&'a str, Option<u8>)>,
        styles_first: bool,
    ) -> Document {
        let mut blocks = Vec::new();
        let mut ranks = Vec::new();
        let mut start = 0u32;
        for (line, markdown) in lines {
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            let index = blocks.len() as u32;
            // Markdown depths rank after every numbering pattern; style depths before.
            let rank = if styles_first {
                markdown.map(|d| d.min(STYLE_DEPTHS)).or_else(|| heading_rank(text).map(|r| STYLE_DEPTHS + 1 + r))
            } else {
                markdown.map(|d| Numbering::ALL.len() as u8 + d).or_else(|| heading_rank(text))
            };
            let kind = if rank.is_some() {
                BlockKind::Heading
            } else if index == 0 && (text.starts_with('—') || text.starts_with("--")) {
                BlockKind::Subtitle
            } else {
                BlockKind::Paragraph
            };
            let lead = (kind == BlockKind::Paragraph).then(|| lead_of(text)).flatten();
            let len = cp_len(text);
            ranks.push(rank);
            blocks.push(Block { index, kind, text: text.to_owned(), start, len, lead, level: 0 });
            start += len + 1; // the joining "\n"
        }
        // Dense levels: the outermost pattern present is level 1.
        let mut present: Vec<u8> = ranks.iter().flatten().copied().collect();
        present.sort_unstable();
        present.dedup();
        for (b, rank) in blocks.iter_mut().zip(ranks) {
            if let Some(r) = rank {
                b.level = present.iter().position(|&p| p == r).map_or(1, |i| i as u8 + 1);
            }
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

    /// Where block `index` lies, as search results and citations name it:
    /// `第二章 第一节 第十三条` in a law (chapter-style headings by their
    /// number, an article by its own), else the innermost heading's text
    /// (`一、提高政治站位…`, `（一）指导思想`). `None` before any heading.
    pub fn section_label(&self, index: u32) -> Option<String> {
        let block = self.blocks.get(index as usize)?;
        let mut parts: Vec<String> = Vec::new();
        let mut innermost: Option<&Block> = None;
        let mut depth = u8::MAX;
        for b in self.blocks[..=index as usize].iter().rev() {
            if b.kind != BlockKind::Heading || b.level.max(1) >= depth {
                continue;
            }
            depth = b.level.max(1);
            match chapter_marker(&b.text) {
                Some(marker) => parts.push(marker),
                None if innermost.is_none() && parts.is_empty() => innermost = Some(b),
                None => {}
            }
            if depth == 1 {
                break;
            }
        }
        parts.reverse();
        if let Some(h) = innermost {
            parts.push(h.text.clone());
        }
        if let Some(lead) = block.lead.as_ref().filter(|l| l.marker.ends_with('条')) {
            parts.push(lead.marker.clone());
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// The heading of the section that block `index` lies in (the block
    /// itself if it is a heading).
    pub fn section_of(&self, index: u32) -> Option<&Block> {
        self.blocks.iter().take(index as usize + 1).rev().find(|b| b.kind == BlockKind::Heading)
    }
}

const CN_DIGITS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '零', '〇'];

/// The numbering patterns of headings, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    /// 第X编 (a code's parts).
    Part,
    /// 第X章, 第X回, 卷X, 第X卷, 第X部, 第X篇: chapters of books, laws and novels.
    Chapter,
    /// 第X节.
    Section,
    /// 一、
    CnComma,
    /// （一）
    CnParen,
    /// 1. 1、 1．
    Arabic,
    /// （1）
    ArabicParen,
}

impl Numbering {
    const ALL: [Numbering; 7] = [
        Numbering::Part,
        Numbering::Chapter,
        Numbering::Section,
        Numbering::CnComma,
        Numbering::CnParen,
        Numbering::Arabic,
        Numbering::ArabicParen,
    ];
}

/// Longest line that a `第X章`, `（一）`, `1.` or `（1）` pattern makes a
/// heading; a longer one is a paragraph that happens to be numbered.
const MAX_HEADING_CHARS: usize = 40;
/// `1.` and `（1）` are list items as often as headings: shorter, and not a sentence.
const MAX_ITEM_HEADING_CHARS: usize = 30;

fn cn_digits(chars: &[char]) -> usize {
    chars.iter().take_while(|c| CN_DIGITS.contains(c)).count()
}

fn numerals(chars: &[char]) -> usize {
    let cn = cn_digits(chars);
    if cn > 0 {
        cn
    } else {
        chars.iter().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count()
    }
}

/// Which numbering makes `text` a heading, if any, as a rank (outermost 0).
/// The deepest heading depth a style gives (Word's `Heading 9`).
const STYLE_DEPTHS: u8 = 9;

fn heading_rank(text: &str) -> Option<u8> {
    numbering(text).and_then(|n| Numbering::ALL.iter().position(|&x| x == n)).map(|i| i as u8)
}

fn numbering(text: &str) -> Option<Numbering> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let short = len <= MAX_HEADING_CHARS;
    let item =
        len <= MAX_ITEM_HEADING_CHARS && !chars.last().is_some_and(|c| matches!(c, '。' | '；' | ';' | '，' | ','));
    // 一、 … 十二、: always a heading (the speech's sections are long lines).
    let cn = cn_digits(&chars);
    if cn > 0 && cn <= 3 && chars.get(cn) == Some(&'、') {
        return Some(Numbering::CnComma);
    }
    // 第X编/章/节/回/卷/部/篇, 卷X
    if chars.first() == Some(&'第') {
        let n = numerals(&chars[1..]);
        if n > 0 && short {
            let after = chars.get(1 + n + 1);
            let spaced = after.is_none_or(|c| c.is_whitespace() || *c == '\u{3000}' || !CLAUSE_PUNCT.contains(c));
            return match chars.get(1 + n) {
                Some('编') if spaced => Some(Numbering::Part),
                Some('章' | '回' | '卷' | '部' | '篇') if spaced => Some(Numbering::Chapter),
                Some('节') if spaced => Some(Numbering::Section),
                _ => None,
            };
        }
        return None;
    }
    if chars.first() == Some(&'卷') && short {
        let n = cn_digits(&chars[1..]);
        if n > 0 && chars.get(1 + n).is_none_or(|c| c.is_whitespace()) {
            return Some(Numbering::Chapter);
        }
    }
    // （一） (一) / （1） (1)
    if matches!(chars.first(), Some('（' | '(')) {
        let n = numerals(&chars[1..]);
        if n > 0 && matches!(chars.get(1 + n), Some('）' | ')')) {
            let cn = cn_digits(&chars[1..]) > 0;
            return match (cn, short, item) {
                (true, true, _) => Some(Numbering::CnParen),
                (false, _, true) => Some(Numbering::ArabicParen),
                _ => None,
            };
        }
        return None;
    }
    // 1. 1、 1．
    let n = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if n > 0
        && n <= 2
        && item
        && matches!(chars.get(n), Some('.' | '、' | '．'))
        && chars.get(n + 1).is_some_and(|c| !c.is_ascii_digit())
    {
        return Some(Numbering::Arabic);
    }
    None
}

/// `第二章` of a `第二章 审判组织` heading (编, 章, 节, 回, 卷…), if it is one.
fn chapter_marker(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.first() != Some(&'第') {
        return None;
    }
    let n = numerals(&chars[1..]);
    (n > 0).then(|| chars[..n + 2].iter().collect())
}

/// Punctuation after `第X章` that shows it is a clause inside a sentence, not a heading.
const CLAUSE_PUNCT: &[char] = &['，', ',', '、', '的', '中', '和', '规', '所', '之'];

/// Longest lead phrase shown as such; longer first sentences show only the marker.
const MAX_LEAD_CHARS: usize = 40;

fn lead_of(text: &str) -> Option<Lead> {
    let chars: Vec<char> = text.chars().collect();
    // A law's article, 第十三条: its number is the lead (the outline lists articles).
    if chars.first() == Some(&'第') {
        let n = numerals(&chars[1..]);
        if n > 0 && chars.get(1 + n) == Some(&'条') {
            let marker: String = chars[..n + 2].iter().collect();
            return Some(Lead { phrase: marker.clone(), marker });
        }
    }
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

    fn levels(text: &str) -> Vec<(u8, String)> {
        Document::from_text("x", "t", text)
            .blocks
            .into_iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .map(|b| (b.level, b.text))
            .collect()
    }

    #[test]
    fn chinese_numbering_makes_outline_levels() {
        let text = "一、总体要求\n（一）指导思想\n正文。\n1.学习原文\n（1）读原著\n二、主要任务\n（二）重点\n1. 这是一个很长的编号段落，它说了很多话，超过了标题应有的长度，所以是正文。";
        let got = levels(text);
        let want = [
            (1, "一、总体要求"),
            (2, "（一）指导思想"),
            (3, "1.学习原文"),
            (4, "（1）读原著"),
            (1, "二、主要任务"),
            (2, "（二）重点"),
        ];
        assert_eq!(got, want.iter().map(|(l, t)| (*l, t.to_string())).collect::<Vec<_>>());
    }

    #[test]
    fn a_law_has_chapters_sections_and_articles() {
        let d = Document::from_text(
            "law",
            "法",
            "第一章　总则\n第一条　为了规范……，制定本法。\n第二章 审判组织\n第一节 一般规定\n第十三条 人民法院依法审判。\n依照第二章规定的程序办理。",
        );
        let heads: Vec<(u8, &str)> =
            d.blocks.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| (b.level, b.text.as_str())).collect();
        assert_eq!(heads, [(1, "第一章　总则"), (1, "第二章 审判组织"), (2, "第一节 一般规定")]);
        let article = d.blocks[4].lead.as_ref().map(|l| l.marker.as_str());
        assert_eq!((d.blocks[4].kind, article), (BlockKind::Paragraph, Some("第十三条")));
        assert_eq!(d.blocks[5].kind, BlockKind::Paragraph, "a chapter named inside a sentence");
    }

    #[test]
    fn sections_are_named_as_a_law_is_cited() {
        let d = Document::from_text(
            "law",
            "法",
            "第二章 审判组织\n第一节 一般规定\n第十三条 人民法院依法审判。\n第三章 附则\n说明。",
        );
        assert_eq!(d.section_label(2).as_deref(), Some("第二章 第一节 第十三条"));
        assert_eq!(d.section_label(4).as_deref(), Some("第三章"));
        let d = Document::from_text("x", "t", "前言。\n一、总体要求\n（一）指导思想\n正文。");
        assert_eq!(d.section_label(3).as_deref(), Some("（一）指导思想"));
        assert_eq!(d.section_label(0), None);
        let speech = Document::speech();
        assert_eq!(speech.section_label(6), speech.section_of(6).map(|h| h.text.clone()));
    }

    #[test]
    fn novels_have_chapters() {
        let got = levels("卷一\n第一回　宴桃园豪杰三结义\n话说天下大势。\n第二回 张翼德怒鞭督邮\n第3章 归来");
        assert_eq!(got.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [1, 1, 1, 1]);
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn speech_levels_are_unchanged() {
        let d = Document::speech();
        assert!(d.blocks.iter().filter(|b| b.kind == BlockKind::Heading).all(|b| b.level == 1));
        assert!(d.blocks.iter().filter(|b| b.kind != BlockKind::Heading).all(|b| b.level == 0));
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
