//! 学习进度: how much of a document a reader has read and marked, per
//! section, computed from time on screen per block and the reader's notes.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Annotation, BlockKind, Document};

/// Time a block was on screen in one report from the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Type)]
pub struct ReadingSpan {
    /// Block index.
    pub block: u32,
    /// Seconds on screen (window focused, reader active).
    pub seconds: f32,
}

/// Reading progress of one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SectionCoverage {
    /// The heading block (`None`: the text before the first heading).
    pub heading: Option<u32>,
    /// The heading's text.
    pub title: String,
    /// Paragraphs in the section (headings not counted).
    pub paragraphs: u32,
    /// Paragraphs read.
    pub read: u32,
    /// Seconds spent on the section's blocks.
    pub seconds: u32,
    /// Live annotations in the section.
    pub marked: u32,
    /// Paragraphs without any note or highlight yet.
    pub unmarked: Vec<u32>,
}

/// Reading progress of a document for one reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Coverage {
    /// The document.
    pub doc_id: String,
    /// The reader.
    pub reader: String,
    /// Per section, in order.
    pub sections: Vec<SectionCoverage>,
    /// Paragraphs in the document.
    pub paragraphs: u32,
    /// Paragraphs read.
    pub read: u32,
    /// Live annotations.
    pub marked: u32,
    /// Seconds in all.
    pub seconds: u32,
    /// Blocks counted as read, in order (for quiet marks beside the text).
    pub read_blocks: Vec<u32>,
    /// The furthest block read.
    pub furthest: Option<u32>,
}

/// Seconds on screen after which a block of `chars` characters counts as
/// read: a fifth of the time at 8 characters a second (skimming pace, since
/// several blocks share the screen), at least 1.5 s, at most 20 s.
pub fn read_after(chars: u32) -> f32 {
    (chars as f32 / 40.0).clamp(1.5, 20.0)
}

/// Computes coverage from `seconds` per block (indexed by block; missing
/// blocks count 0) and the document's live annotations.
pub fn coverage(doc: &Document, reader: &str, seconds: &[f32], notes: &[Annotation]) -> Coverage {
    let mut marked_blocks = vec![0u32; doc.blocks.len()];
    for a in notes.iter().filter(|a| a.deleted.is_none()) {
        let Some(first) = doc.block_at(a.start) else { continue };
        let last = doc.block_at(a.end.saturating_sub(1).max(a.start)).map_or(first.index, |b| b.index);
        for i in first.index..=last {
            if let Some(m) = marked_blocks.get_mut(i as usize) {
                *m += u32::from(i == first.index);
                if i != first.index {
                    // Spanning notes mark later blocks without counting twice.
                    *m = (*m).max(1);
                }
            }
        }
    }
    let mut out = Coverage {
        doc_id: doc.id.clone(),
        reader: reader.to_owned(),
        sections: Vec::new(),
        paragraphs: 0,
        read: 0,
        marked: 0,
        seconds: 0,
        read_blocks: Vec::new(),
        furthest: None,
    };
    let mut spent = 0f32;
    for b in &doc.blocks {
        let secs = seconds.get(b.index as usize).copied().unwrap_or(0.0).max(0.0);
        if b.kind == BlockKind::Heading || out.sections.is_empty() {
            if let Some(last) = out.sections.last_mut() {
                last.seconds = spent.round() as u32;
            }
            spent = 0.0;
            let heading = b.kind == BlockKind::Heading;
            out.sections.push(SectionCoverage {
                heading: heading.then_some(b.index),
                title: if heading { b.text.clone() } else { doc.title.clone() },
                paragraphs: 0,
                read: 0,
                seconds: 0,
                marked: 0,
                unmarked: Vec::new(),
            });
        }
        spent += secs;
        let read = secs >= read_after(b.len);
        if read {
            out.read_blocks.push(b.index);
            out.furthest = Some(b.index);
        }
        let marks = marked_blocks[b.index as usize];
        let Some(section) = out.sections.last_mut() else { continue };
        section.marked += marks;
        if b.kind != BlockKind::Heading {
            section.paragraphs += 1;
            section.read += u32::from(read);
            if marks == 0 {
                section.unmarked.push(b.index);
            }
        }
    }
    if let Some(last) = out.sections.last_mut() {
        last.seconds = spent.round() as u32;
    }
    out.paragraphs = out.sections.iter().map(|s| s.paragraphs).sum();
    out.read = out.sections.iter().map(|s| s.read).sum();
    out.marked = out.sections.iter().map(|s| s.marked).sum();
    out.seconds = out.sections.iter().map(|s| s.seconds).sum();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_count_reading_and_marks() {
        let doc =
            Document::from_text("d", "题", "开头一段。\n一、第一部分\n甲段落。\n乙段落。\n二、第二部分\n丙段落。");
        let mut secs = vec![0.0; doc.blocks.len()];
        secs[2] = 5.0; // 甲 read
        secs[3] = 0.5; // 乙 glanced at
        let text = doc.text();
        let cp = crate::CpText::new(&text);
        let (s, e) = cp.find_all("甲段")[0];
        let a = Annotation {
            id: "a".into(),
            doc_id: "d".into(),
            start: s,
            end: e,
            exact: "甲段".into(),
            prefix: String::new(),
            suffix: String::new(),
            color: "yellow".into(),
            note: String::new(),
            tags: vec![],
            created: String::new(),
            updated: String::new(),
            deleted: None,
            orphaned: false,
            author: None,
        };
        let c = coverage(&doc, "me", &secs, &[a]);
        assert_eq!(c.sections.len(), 3);
        assert_eq!(c.sections[0].heading, None);
        assert_eq!(c.sections[1].title, "一、第一部分");
        assert_eq!((c.sections[1].paragraphs, c.sections[1].read, c.sections[1].marked), (2, 1, 1));
        assert_eq!(c.sections[1].unmarked, vec![3]);
        assert_eq!(c.sections[1].seconds, 6);
        assert_eq!((c.paragraphs, c.read, c.marked), (4, 1, 1));
        assert_eq!(c.read_blocks, vec![2]);
        assert_eq!(c.furthest, Some(2));
    }
}
