//! Word `.docx`: paragraphs and their heading styles.
//!
//! A `.docx` is a zip of XML parts. Only `word/document.xml` (the text) and
//! `word/styles.xml` (which style is a heading) are inflated, each refused
//! when its declared or its actual size passes a cap. Every paragraph with
//! text becomes one line, in document order: table cells paragraph by
//! paragraph, text in hyperlinks and fields with the rest, a tab as a space,
//! a soft line break joined into the paragraph. Deleted text (tracked
//! changes), field codes, pictures, footnotes and comments are left out.

use std::collections::HashMap;
use std::io::Cursor;

use pizhu_model::Document;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use crate::{ImportError, RichKind, MAX_DOCX_BYTES};

/// Largest `word/document.xml` inflated: 64 MiB of XML (a long book is a
/// few MiB); larger, declared or actual, is refused as a zip bomb.
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// Largest `word/styles.xml` inflated.
const MAX_STYLES_XML: u64 = 8 * 1024 * 1024;

/// The header of an OLE compound file: an old `.doc`, or an encrypted `.docx`.
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub use crate::Line;

/// What a `.docx` holds: its paragraphs and the text of its `Title` paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Docx {
    /// The first paragraph in the `Title` style, if any.
    pub title: Option<String>,
    /// Every paragraph with text, in order (the title too).
    pub lines: Vec<Line>,
}

/// Reads the paragraphs of a `.docx` file's bytes.
pub fn read(bytes: &[u8]) -> Result<Docx, ImportError> {
    read_with(bytes, MAX_DOCUMENT_XML)
}

/// Imports a `.docx` as a document. The title is `title` if given, else the
/// `Title` paragraph, else a title line that opens the text (as for a
/// `.txt`), else the file's stem.
pub fn import(id: &str, file_name: &str, title: Option<&str>, bytes: &[u8]) -> Result<Document, ImportError> {
    let docx = read(bytes)?;
    crate::document(RichKind::Docx, id, file_name, title, docx.title, &docx.lines)
}

fn read_with(bytes: &[u8], cap: u64) -> Result<Docx, ImportError> {
    if bytes.len() as u64 > MAX_DOCX_BYTES {
        return Err(ImportError::TooLarge { kind: RichKind::Docx, size: bytes.len() as u64, limit: MAX_DOCX_BYTES });
    }
    if bytes.starts_with(&OLE) {
        return Err(ImportError::Encrypted(RichKind::Docx));
    }
    let mut zip = crate::zipped::open(bytes, RichKind::Docx)?;
    let document = part(&mut zip, "word/document.xml", cap)?.ok_or(ImportError::NotThisFormat(RichKind::Docx))?;
    let styles = match part(&mut zip, "word/styles.xml", MAX_STYLES_XML.min(cap))? {
        Some(xml) => styles(&xml)?,
        None => HashMap::new(),
    };
    let docx = body(&document, &styles)?;
    if docx.lines.is_empty() {
        return Err(ImportError::Empty(RichKind::Docx));
    }
    Ok(docx)
}

/// Inflates one part, at most `cap` bytes; `None` when the zip has no such part.
fn part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str, cap: u64) -> Result<Option<String>, ImportError> {
    crate::zipped::text(zip, name, cap, RichKind::Docx)
}

/// What a paragraph style makes of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Heading(u8),
    Title,
}

/// A paragraph style as `styles.xml` declares it.
#[derive(Debug, Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The heading depth or title a style name (or id) means: `heading 1`,
/// `Heading1`, `标题 1`, `Title`, `标题`.
fn role_of_name(name: &str) -> Option<Role> {
    let n: String = name.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    if n == "title" || n == "标题" {
        return Some(Role::Title);
    }
    let digits = n.strip_prefix("heading").or_else(|| n.strip_prefix("标题"))?;
    digits.parse::<u8>().ok().filter(|d| (1..=9).contains(d)).map(Role::Heading)
}

/// The role of every paragraph style that is a heading or the title, by style id.
fn styles(xml: &str) -> Result<HashMap<String, Role>, ImportError> {
    let mut raw: HashMap<String, Style> = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(|_| ImportError::Damaged(RichKind::Docx))? {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:style" => {
                    let paragraph = attr(&e, "type").is_none_or(|t| t == "paragraph");
                    current = attr(&e, "styleId").filter(|_| paragraph).map(|id| (id, Style::default()));
                }
                "w:name" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.name = attr(&e, "val");
                    }
                }
                "w:basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = attr(&e, "val");
                    }
                }
                "w:outlineLvl" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.outline = attr(&e, "val").and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "w:style" => {
                if let Some((id, s)) = current.take() {
                    raw.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let role = |id: &str| {
        // The name says it; else the outline level, the id, or the style it is based on.
        let mut id = id.to_owned();
        for step in 0..10 {
            let Some(s) = raw.get(&id) else { break };
            if let Some(r) = s.name.as_deref().and_then(role_of_name) {
                return (step == 0 || r != Role::Title).then_some(r);
            }
            match s.outline {
                Some(o) if o < 9 => return Some(Role::Heading(o + 1)),
                Some(_) => return None,
                None => {}
            }
            if s.name.is_none() {
                if let Some(r) = role_of_name(&id) {
                    return (step == 0 || r != Role::Title).then_some(r);
                }
            }
            match &s.based_on {
                Some(b) => id = b.clone(),
                None => break,
            }
        }
        None
    };
    Ok(raw.keys().filter_map(|id| role(id).map(|r| (id.clone(), r))).collect())
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    line_break: bool,
}

impl Para {
    fn push(&mut self, s: &str) {
        let s: String = s.chars().map(|c| if c == '\t' { ' ' } else { c }).filter(|c| !c.is_control()).collect();
        if s.is_empty() {
            return;
        }
        if std::mem::take(&mut self.line_break) {
            // Joined: nothing between Chinese characters, a space between words.
            let wide = |c: char| c >= '\u{2E80}';
            if self.text.chars().next_back().is_some_and(|a| !a.is_whitespace() && !wide(a))
                && s.chars().next().is_some_and(|b| !b.is_whitespace() && !wide(b))
            {
                self.text.push(' ');
            }
        }
        self.text.push_str(&s);
    }
}

/// The lines of `document.xml`.
fn body(xml: &str, styles: &HashMap<String, Role>) -> Result<Docx, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Para> = Vec::new();
    let mut out = Docx { title: None, lines: Vec::new() };
    let (mut in_text, mut runs, mut props, mut skip) = (false, 0usize, 0usize, 0usize);
    loop {
        let event = reader.read_event().map_err(|_| ImportError::Damaged(RichKind::Docx))?;
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => return Err(ImportError::Damaged(RichKind::Docx)),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) => match e.name().as_ref() {
                // The fallback repeats what the choice holds; a change records old properties.
                "mc:Fallback" | "w:pPrChange" | "w:rPrChange" | "w:del" | "w:moveFrom" => skip = 1,
                "w:p" => stack.push(Para::default()),
                "w:pPr" => props += 1,
                "w:r" => runs += 1,
                "w:t" => in_text = runs > 0,
                _ => empty(&e, &mut stack, runs, props),
            },
            Event::Empty(e) => empty(&e, &mut stack, runs, props),
            Event::Text(t) if in_text => {
                if let Some(p) = stack.last_mut() {
                    p.push(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text => {
                if let Some(p) = stack.last_mut() {
                    p.push(&t);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(|_| ImportError::Damaged(RichKind::Docx))?
                } else {
                    match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                if let (Some(c), Some(p)) = (c, stack.last_mut()) {
                    p.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:r" => runs = runs.saturating_sub(1),
                "w:pPr" => props = props.saturating_sub(1),
                "w:p" => {
                    let Some(p) = stack.pop() else { continue };
                    let text = p.text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    let role = match p.outline {
                        Some(o) if o < 9 => Some(Role::Heading(o + 1)),
                        Some(_) => None,
                        None => p.style.as_deref().and_then(|s| styles.get(s).copied()),
                    };
                    if role == Some(Role::Title) && out.title.is_none() {
                        out.title = Some(text.to_owned());
                    }
                    let heading = match role {
                        Some(Role::Heading(d)) => Some(d),
                        _ => None,
                    };
                    out.lines.push(Line { text: text.to_owned(), heading });
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(ImportError::Damaged(RichKind::Docx));
    }
    Ok(out)
}

/// An element without content (or whose content does not matter) inside a paragraph.
fn empty(e: &BytesStart<'_>, stack: &mut [Para], runs: usize, props: usize) {
    let Some(p) = stack.last_mut() else { return };
    match e.name().as_ref() {
        "w:pStyle" if props > 0 => p.style = attr(e, "val"),
        "w:outlineLvl" if props > 0 => p.outline = attr(e, "val").and_then(|v| v.parse().ok()),
        "w:tab" | "w:ptab" if runs > 0 && props == 0 => p.push(" "),
        "w:br" | "w:cr" if runs > 0 => p.line_break = true,
        "w:noBreakHyphen" if runs > 0 => p.push("-"),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
