//! EPUB (2 and 3): the book's chapters, in reading order, as sections.
//!
//! An EPUB is a zip: `META-INF/container.xml` names the package (`.opf`),
//! whose manifest lists the files and whose spine gives the reading order.
//! Each chapter of the spine (XHTML, parsed like a web page by
//! [`crate::html::lines`]) becomes a section: its opening `h1`–`h6`, else
//! its title in the table of contents (the EPUB 3 `nav` document or the
//! EPUB 2 NCX), is a depth-1 heading, and the chapter's own headings nest
//! under it. The table of contents itself and chapters marked non-linear
//! (notes, pop-ups) are left out. The title is the package's `dc:title`.
//!
//! The `epub` crate was not used: it is GPL-licensed and inflates parts
//! without a cap. Here the zip is read with the `zip` crate; every part is
//! inflated with a cap ([`MAX_PART_BYTES`]) and all of them together with
//! another ([`MAX_BOOK_BYTES`]), so a zip bomb is refused. A book whose
//! chapters `META-INF/encryption.xml` lists as encrypted (DRM) is refused;
//! obfuscated fonts alone are fine.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::zipped::{self, Zip};
use crate::{ImportError, Line, RichKind, MAX_EPUB_BYTES};

/// Largest part (a chapter, the package) inflated: 16 MiB.
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// Most bytes all parts of a book together may inflate to: 256 MiB.
pub const MAX_BOOK_BYTES: u64 = 256 * 1024 * 1024;

/// Imports an EPUB book as a document. The title is `title` if given, else
/// the book's `dc:title`, else a title line that opens the text, else the
/// file's stem.
pub fn import(
    id: &str,
    file_name: &str,
    title: Option<&str>,
    bytes: &[u8],
) -> Result<pizhu_model::Document, ImportError> {
    let (found, lines) = read(bytes)?;
    crate::document(RichKind::Epub, id, file_name, title, found, &lines)
}

/// A file the package lists.
#[derive(Debug, Clone, Default)]
struct Item {
    href: String,
    media: String,
    properties: String,
}

/// What the package says: title, files by id, reading order, NCX id.
#[derive(Debug, Default)]
struct Package {
    title: Option<String>,
    items: HashMap<String, Item>,
    spine: Vec<(String, bool)>,
    toc: Option<String>,
}

/// Inflates parts within the caps, counting what all of them cost.
struct Parts<'a> {
    zip: Zip<'a>,
    total: u64,
}

impl Parts<'_> {
    fn get(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let data = zipped::bytes(&mut self.zip, name, MAX_PART_BYTES, RichKind::Epub)?;
        self.total += data.as_ref().map_or(0, |d| d.len() as u64);
        if self.total > MAX_BOOK_BYTES {
            return Err(ImportError::Unpacks { kind: RichKind::Epub, limit: MAX_BOOK_BYTES });
        }
        Ok(data)
    }

    fn text(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        Ok(self.get(name)?.map(|d| crate::html::decode(&d)))
    }
}

/// Reads an EPUB book: its title and its chapters' paragraphs.
pub fn read(bytes: &[u8]) -> Result<(Option<String>, Vec<Line>), ImportError> {
    if bytes.len() as u64 > MAX_EPUB_BYTES {
        return Err(ImportError::TooLarge { kind: RichKind::Epub, size: bytes.len() as u64, limit: MAX_EPUB_BYTES });
    }
    let zip = zipped::open(bytes, RichKind::Epub)?;
    let mut parts = Parts { zip, total: 0 };
    let container = parts.text("META-INF/container.xml")?;
    let opf_path = match container.as_deref().and_then(rootfile) {
        Some(p) => p,
        None => parts
            .zip
            .file_names()
            .find(|n| n.to_ascii_lowercase().ends_with(".opf"))
            .map(str::to_owned)
            .ok_or(ImportError::NotThisFormat(RichKind::Epub))?,
    };
    if let Some(enc) = parts.text("META-INF/encryption.xml")? {
        if encrypts_content(&enc)? {
            return Err(ImportError::Encrypted(RichKind::Epub));
        }
    }
    let opf = parts.text(&opf_path)?.ok_or(ImportError::Damaged(RichKind::Epub))?;
    let package = package(&opf)?;
    let base = dir_of(&opf_path);
    let path_of = |item: &Item| resolve(base, &item.href);

    // Chapter titles by file, from the nav document (EPUB 3) or the NCX (EPUB 2).
    let nav = package.items.values().find(|i| i.properties.split_whitespace().any(|p| p == "nav")).map(path_of);
    let mut titles: HashMap<String, String> = HashMap::new();
    if let Some(nav) = &nav {
        if let Some(html) = parts.text(nav)? {
            titles = nav_titles(&html, dir_of(nav));
        }
    }
    if titles.is_empty() {
        let ncx = package
            .toc
            .as_ref()
            .and_then(|id| package.items.get(id))
            .or_else(|| package.items.values().find(|i| i.media == "application/x-dtbncx+xml"))
            .map(path_of);
        if let Some(ncx) = ncx {
            if let Some(xml) = parts.text(&ncx)? {
                titles = ncx_titles(&xml, dir_of(&ncx));
            }
        }
    }

    let mut lines = Vec::new();
    for (idref, linear) in &package.spine {
        let Some(item) = package.items.get(idref) else { continue };
        let path = path_of(item);
        if !linear || Some(&path) == nav.as_ref() || !(item.media.contains("html") || item.media.is_empty()) {
            continue;
        }
        let Some(html) = parts.text(&path)? else { continue };
        if crate::html::nesting(&html) > crate::html::MAX_NESTING {
            return Err(ImportError::Damaged(RichKind::Epub));
        }
        let doc = dom_query::Document::from(html.as_str());
        let Some(body) = doc.body() else { continue };
        let chapter = crate::html::lines(&body, true);
        lines.extend(section(chapter, titles.get(&path).map(String::as_str)));
    }
    if lines.is_empty() {
        return Err(ImportError::Empty(RichKind::Epub));
    }
    Ok((package.title, lines))
}

/// A chapter as a section: a depth-1 heading (its opening heading, else its
/// title in the table of contents), its own headings nested under it.
fn section(mut chapter: Vec<Line>, toc_title: Option<&str>) -> Vec<Line> {
    let Some(first) = chapter.first() else { return chapter };
    let opening = match first.heading {
        Some(level) => Some(level),
        None if toc_title.is_some_and(|t| crate::html::squash(t) == first.text) => {
            chapter[0].heading = Some(1);
            Some(1)
        }
        None => None,
    };
    let top = match opening {
        Some(level) => level,
        None => {
            let Some(t) = toc_title.map(crate::html::squash).filter(|t| !t.is_empty()) else {
                return chapter;
            };
            chapter.insert(0, Line { text: t, heading: Some(1) });
            // The chapter's own headings go under the inserted one.
            chapter.iter().skip(1).filter_map(|l| l.heading).min().map_or(1, |m| m.saturating_sub(1))
        }
    };
    for (i, l) in chapter.iter_mut().enumerate() {
        if let Some(level) = l.heading {
            let depth = if i == 0 { 1 } else { (i32::from(level) - i32::from(top) + 1).max(1) };
            l.heading = Some(depth.clamp(1, 9) as u8);
        }
    }
    chapter
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn events(xml: &str, mut f: impl FnMut(&Event<'_>)) -> Result<(), ImportError> {
    let mut reader = Reader::from_str(xml);
    loop {
        let event = reader.read_event().map_err(|_| ImportError::Damaged(RichKind::Epub))?;
        if matches!(event, Event::Eof) {
            return Ok(());
        }
        f(&event);
    }
}

/// The package's path, from `container.xml`.
fn rootfile(xml: &str) -> Option<String> {
    let mut found = None;
    events(xml, |e| {
        if let Event::Start(e) | Event::Empty(e) = e {
            if e.local_name().as_ref() == "rootfile" && found.is_none() {
                let media = attr(e, "media-type");
                if media.is_none_or(|m| m == "application/oebps-package+xml") {
                    found = attr(e, "full-path");
                }
            }
        }
    })
    .ok()?;
    found.map(|p| percent_decode(&p))
}

/// Whether `encryption.xml` encrypts anything but fonts (fonts are only
/// obfuscated so they cannot be reused; the text is readable).
fn encrypts_content(xml: &str) -> Result<bool, ImportError> {
    let mut content = false;
    events(xml, |e| {
        if let Event::Start(e) | Event::Empty(e) = e {
            if e.local_name().as_ref() == "CipherReference" {
                let uri = attr(e, "URI").unwrap_or_default().to_ascii_lowercase();
                let font = [".ttf", ".otf", ".woff", ".woff2", ".ttc"].iter().any(|x| uri.ends_with(x));
                content |= !font;
            }
        }
    })?;
    Ok(content)
}

/// Reads the package document.
fn package(xml: &str) -> Result<Package, ImportError> {
    let mut p = Package::default();
    let mut in_title = false;
    let mut title = String::new();
    let mut reader = Reader::from_str(xml);
    let mut seen_package = false;
    loop {
        let event = reader.read_event().map_err(|_| ImportError::Damaged(RichKind::Epub))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "package" => seen_package = true,
                "title" if p.title.is_none() && matches!(event, Event::Start(_)) => in_title = true,
                "item" => {
                    if let Some(id) = attr(e, "id") {
                        let item = Item {
                            href: attr(e, "href").unwrap_or_default(),
                            media: attr(e, "media-type").unwrap_or_default(),
                            properties: attr(e, "properties").unwrap_or_default(),
                        };
                        p.items.insert(id, item);
                    }
                }
                "spine" => p.toc = attr(e, "toc"),
                "itemref" => {
                    if let Some(id) = attr(e, "idref") {
                        p.spine.push((id, attr(e, "linear").is_none_or(|l| l != "no")));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_title => title.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_title => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &**r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                title.extend(c);
            }
            Event::End(e) if in_title && e.local_name().as_ref() == "title" => {
                in_title = false;
                let t = crate::html::squash(&title);
                p.title = (!t.is_empty()).then_some(t);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_package {
        return Err(ImportError::NotThisFormat(RichKind::Epub));
    }
    Ok(p)
}

/// Chapter titles by file, from an EPUB 3 navigation document's table of
/// contents (the first entry that names a file wins).
fn nav_titles(html: &str, base: &str) -> HashMap<String, String> {
    let doc = dom_query::Document::from(html);
    let tocs = doc.select("nav");
    let toc = tocs
        .nodes()
        .iter()
        .find(|n| n.attr("epub:type").is_some_and(|t| t.split_whitespace().any(|w| w == "toc")))
        .or_else(|| tocs.nodes().first())
        .cloned();
    let mut out = HashMap::new();
    let Some(toc) = toc else { return out };
    for a in toc.descendants_it().filter(|n| n.node_name().is_some_and(|n| n.as_ref() == "a")) {
        let Some(href) = a.attr("href") else { continue };
        let file = href.split('#').next().unwrap_or_default();
        let title = crate::html::squash(&a.text());
        if !file.is_empty() && !title.is_empty() {
            out.entry(resolve(base, file)).or_insert(title);
        }
    }
    out
}

/// Chapter titles by file, from an EPUB 2 NCX (`navPoint`s in order).
fn ncx_titles(xml: &str, base: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut label: Option<String> = None;
    let mut in_text = false;
    let _ = events(xml, |e| match e {
        Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
            "navLabel" => label = Some(String::new()),
            "text" => in_text = label.is_some(),
            "content" => {
                if let (Some(src), Some(l)) = (attr(e, "src"), label.take()) {
                    let file = src.split('#').next().unwrap_or_default().to_owned();
                    let l = crate::html::squash(&l);
                    if !file.is_empty() && !l.is_empty() {
                        out.entry(resolve(base, &file)).or_insert(l);
                    }
                }
            }
            _ => {}
        },
        Event::Text(t) if in_text => {
            if let Some(l) = label.as_mut() {
                l.push_str(&t.xml10_content());
            }
        }
        Event::End(e) if e.local_name().as_ref() == "text" => in_text = false,
        _ => {}
    });
    out
}

/// The folder of a path inside the zip (`OEBPS/` of `OEBPS/content.opf`).
fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// A link relative to `base` as a path inside the zip: `%20` decoded, `..` resolved.
fn resolve(base: &str, href: &str) -> String {
    let href = percent_decode(href);
    let joined = if href.starts_with('/') { href.trim_start_matches('/').to_owned() } else { format!("{base}{href}") };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests;
