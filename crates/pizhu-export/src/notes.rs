//! The content every notes export shares: which highlights, in what order,
//! under which section heading, with which colour meaning; and the counts
//! shown in the title block.

use pizhu_model::{Annotation, Color, Document};

/// One document and its annotations, as the caller read them from the library.
#[derive(Debug, Clone, Copy)]
pub struct DocNotes<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its annotations, in any order; those in the trash are left out.
    pub annotations: &'a [Annotation],
    /// Whose notes these are, when an export collects a study group's
    /// notes by member (`None`: the reader's own, in an export of theirs alone).
    pub by: Option<&'a str>,
}

/// What the title block of a notes export says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesOptions {
    /// Title; by default the document's title (or `学习笔记` for several documents).
    pub title: Option<String>,
    /// The reader's name, if given.
    pub reader: Option<String>,
    /// The date to print (the caller's choice of format, e.g. `2024年5月1日`).
    pub date: String,
}

/// The heading under which notes that a new version of the text left
/// without a certain place (待确认) are handed in, after all the others.
pub const ORPHANS_HEADING: &str = "待确认的批注（原文已修订，尚未重新定位）";

/// One highlight, placed.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The annotation.
    pub annotation: &'a Annotation,
    /// Text of the heading of the section it lies in, if any.
    pub section: Option<&'a str>,
    /// What its colour means (the colour key if the colour is unknown).
    pub color_label: &'a str,
}

/// The content of a notes export: documents with their highlights in
/// document order, and the counts for the title block.
#[derive(Debug, Clone)]
pub struct NotesExport<'a> {
    /// Title of the export.
    pub title: String,
    /// Reader's name, if given.
    pub reader: Option<&'a str>,
    /// Date as given.
    pub date: &'a str,
    /// Documents, in the order given, each with its live highlights in
    /// document order (and whose they are, in an export by member).
    pub docs: Vec<(&'a Document, Vec<Entry<'a>>)>,
    /// Whose each of `docs` is, in the same order.
    pub by: Vec<Option<&'a str>>,
    /// Number of highlights.
    pub highlights: usize,
    /// Number of Chinese characters (CJK ideographs) written in notes.
    pub note_chars: usize,
}

impl<'a> NotesExport<'a> {
    /// Places the live annotations of `docs` under their sections, in document order.
    pub fn new(docs: &[DocNotes<'a>], colors: &'a [Color], options: &'a NotesOptions) -> NotesExport<'a> {
        let mut out: Vec<(&'a Document, Vec<Entry<'a>>)> = Vec::with_capacity(docs.len());
        for d in docs {
            let mut live: Vec<&'a Annotation> = d.annotations.iter().filter(|a| a.deleted.is_none()).collect();
            // Orphans last: their positions are in an older text.
            live.sort_by(|a, b| {
                (a.orphaned, a.start, a.end, &a.created, &a.id).cmp(&(b.orphaned, b.start, b.end, &b.created, &b.id))
            });
            let entries: Vec<Entry<'a>> = live
                .into_iter()
                .map(|a| Entry {
                    annotation: a,
                    section: if a.orphaned {
                        Some(ORPHANS_HEADING)
                    } else {
                        d.doc.block_at(a.start).and_then(|b| d.doc.section_of(b.index)).map(|h| h.text.as_str())
                    },
                    color_label: colors
                        .iter()
                        .find(|c| c.key == a.color)
                        .map_or(a.color.as_str(), |c| c.label.as_str()),
                })
                .collect();
            out.push((d.doc, entries));
        }
        let by = docs.iter().map(|d| d.by).collect();
        let highlights = out.iter().map(|(_, e)| e.len()).sum();
        let note_chars = out.iter().flat_map(|(_, e)| e).map(|e| cjk_ideographs(&e.annotation.note)).sum();
        let title = match (&options.title, docs) {
            (Some(t), _) if !t.trim().is_empty() => t.trim().to_owned(),
            (_, [one]) => format!("《{}》学习笔记", one.doc.title),
            _ => "学习笔记".to_owned(),
        };
        NotesExport {
            title,
            reader: options.reader.as_deref().map(str::trim).filter(|r| !r.is_empty()),
            date: &options.date,
            docs: out,
            by,
            highlights,
            note_chars,
        }
    }

    /// Whether the export covers more than one document (or one document's
    /// notes by several members).
    pub fn several(&self) -> bool {
        self.docs.len() > 1
    }

    /// The heading of the `i`th document: `《title》`, with whose notes
    /// they are in an export by member (`张三的批注 ·《title》`).
    pub fn doc_heading(&self, i: usize) -> String {
        let title = self.docs.get(i).map_or("", |(d, _)| d.title.as_str());
        match self.by.get(i).copied().flatten() {
            Some(name) => format!("{name}的批注 ·《{title}》"),
            None => format!("《{title}》"),
        }
    }

    /// The one-line summary for the title block: `共划线 3 处，批注 120 字`.
    pub fn summary(&self) -> String {
        format!("共划线 {} 处，批注 {} 字", self.highlights, self.note_chars)
    }
}

/// A date as Chinese documents write it: `2024年5月1日`.
pub fn chinese_date(date: time::Date) -> String {
    format!("{}年{}月{}日", date.year(), u8::from(date.month()), date.day())
}

/// Today's date (UTC+8, China Standard Time) as [`chinese_date`] writes it.
pub fn today_chinese() -> String {
    let cst = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    chinese_date(time::OffsetDateTime::now_utc().to_offset(cst).date())
}

/// Number of CJK ideographs in `text` (the unified blocks, extensions A–H and
/// the compatibility ideographs; not punctuation, kana or hangul).
pub fn cjk_ideographs(text: &str) -> usize {
    text.chars()
        .filter(|&c| {
            matches!(c as u32,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
                | 0x2EBF0..=0x2EE5F | 0x2F800..=0x2FA1F | 0x30000..=0x323AF)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_chinese() {
        assert_eq!(chinese_date(time::macros::date!(2024 - 05 - 01)), "2024年5月1日");
        assert!(today_chinese().ends_with('日'));
    }

    #[test]
    fn counts_ideographs_only() {
        assert_eq!(cjk_ideographs("学习，abc 😀 𠀀 かな 한"), 3);
        assert_eq!(cjk_ideographs(""), 0);
    }
}
