//! Study notes as Markdown, readable in Obsidian and Typora.
//!
//! `# title`, a short list with reader, date and counts, then per section
//! (`## heading`; with several documents `## 《document》` and `### heading`)
//! each highlight as a `>` quote, a line with the colour meaning in bold and
//! the tags as `#tag` (spaces become `_`), and the note's Markdown source
//! as written.

use std::fmt::Write;

use pizhu_model::Color;

use crate::notes::{DocNotes, NotesExport, NotesOptions};

/// The notes of `docs` as Markdown.
pub fn to_markdown(docs: &[DocNotes<'_>], colors: &[Color], options: &NotesOptions) -> String {
    render(&NotesExport::new(docs, colors, options))
}

/// Renders placed notes as Markdown.
pub fn render(notes: &NotesExport<'_>) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail; the results are ignored below.
    let _ = writeln!(out, "# {}\n", inline(&notes.title));
    if let Some(reader) = notes.reader {
        let _ = writeln!(out, "- 学习人：{}", inline(reader));
    }
    if !notes.date.trim().is_empty() {
        let _ = writeln!(out, "- 日期：{}", inline(notes.date.trim()));
    }
    let _ = writeln!(out, "- {}\n", notes.summary());
    let section_level = if notes.several() { "###" } else { "##" };
    for (i, (_, entries)) in notes.docs.iter().enumerate() {
        if notes.several() {
            let _ = writeln!(out, "## {}\n", inline(&notes.doc_heading(i)));
        }
        if entries.is_empty() {
            let _ = writeln!(out, "（没有划线）\n");
        }
        let mut section: Option<&str> = None;
        for e in entries {
            if e.section.is_some() && e.section != section {
                let _ = writeln!(out, "{section_level} {}\n", inline(e.section.unwrap_or_default()));
            }
            section = e.section;
            let a = e.annotation;
            for line in a.exact.lines() {
                let line = line.trim();
                if line.is_empty() {
                    out.push_str(">\n");
                } else {
                    let _ = writeln!(out, "> {}", inline(line));
                }
            }
            out.push('\n');
            let _ = write!(out, "**{}**", inline(e.color_label));
            for t in &a.tags {
                let _ = write!(out, " {}", tag(t));
            }
            out.push_str("\n\n");
            let note = a.note.trim();
            if !note.is_empty() {
                for line in note.lines() {
                    let _ = writeln!(out, "{}", line.trim_end());
                }
                out.push('\n');
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A tag as Obsidian reads it: `#tag`, white space replaced by `_`.
pub fn tag(t: &str) -> String {
    let body: String = t.trim().trim_start_matches(['#', '＃']).split_whitespace().collect::<Vec<_>>().join("_");
    format!("#{body}")
}

/// Text from the document (a title, a quoted passage) as literal Markdown:
/// the characters Markdown would read as markup are escaped.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~')
            || (i == 0 && matches!(c, '#' | '-' | '+'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pizhu_model::{default_colors, Annotation, CpText, Document, NewAnnotation};

    fn ann(id: &str, start: u32, end: u32, doc: &Document, color: &str, note: &str, tags: &[&str]) -> Annotation {
        let tags = tags.iter().map(|t| t.to_string()).collect();
        let input = NewAnnotation { doc_id: doc.id.clone(), start, end, color: color.into(), note: note.into(), tags };
        let text = doc.text();
        Annotation::quoting(id.into(), &input, &CpText::new(&text), "2024-05-01T10:00:00.000Z").expect("range")
    }

    #[test]
    fn snapshot() {
        let doc = Document::from_text(
            "d1",
            "学习体会",
            "开篇一句。\n一、学习党史\n第一,要学*好*党史。\n二、联系实际\n做到学用结合。",
        );
        let mut gone = ann("z", 0, 2, &doc, "red", "删掉的", &[]);
        gone.deleted = Some("2024-05-02T00:00:00Z".into());
        let notes = vec![
            ann("b", 27, 31, &doc, "blue", "学以致用。\n\n第二段 <b>&amp; 😀𠀀", &["实践 经验"]),
            ann("a", 13, 20, &doc, "yellow", "", &["党史", "重点"]),
            ann("c", 0, 5, &doc, "green", "开头", &[]),
            gone,
        ];
        let colors = default_colors();
        let options = NotesOptions { title: None, reader: Some("张三".into()), date: "2024年5月1日".into() };
        let md = to_markdown(&[DocNotes { doc: &doc, annotations: &notes, by: None }], &colors, &options);
        let expected = "# 《学习体会》学习笔记

- 学习人：张三
- 日期：2024年5月1日
- 共划线 3 处，批注 10 字

> 开篇一句。

**金句**

开头

## 一、学习党史

> 第一,要学\\*好

**重点** #党史 #重点

## 二、联系实际

> 联系实际

**联系实际** #实践_经验

学以致用。

第二段 <b>&amp; 😀𠀀
";
        assert_eq!(md, expected);
    }

    #[test]
    fn several_documents_get_document_headings() {
        let d1 = Document::from_text("d1", "甲", "一、标题\n正文");
        let d2 = Document::from_text("d2", "乙", "正文");
        let n1 = vec![ann("a", 5, 7, &d1, "yellow", "", &[])];
        let md = to_markdown(
            &[DocNotes { doc: &d1, annotations: &n1, by: None }, DocNotes { doc: &d2, annotations: &[], by: None }],
            &default_colors(),
            &NotesOptions::default(),
        );
        assert!(md.starts_with("# 学习笔记\n"), "{md}");
        assert!(md.contains("## 《甲》\n\n### 一、标题\n\n> 正文\n"), "{md}");
        assert!(md.contains("## 《乙》\n\n（没有划线）"), "{md}");
        assert_eq!(tag("#a b\tc"), "#a_b_c");
    }
}
