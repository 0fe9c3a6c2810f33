//! A saved web page: its article, without the page around it.
//!
//! The bytes are decoded by their byte order mark, else the charset their
//! `<meta charset>` (or `http-equiv` Content-Type, or XML declaration)
//! declares — UTF-8, GBK, GB18030, Big5 … through `encoding_rs` — else
//! UTF-8 when they are valid UTF-8 and GB18030 otherwise. An HTML5 parser
//! (`html5ever`, through `dom_query`) builds the tree, as a browser would.
//!
//! The article is found with a small readability heuristic: the page's
//! `<article>` (the one with most text), else `<main>`, else the element
//! whose paragraphs (`<p>`) hold the most text (a paragraph counts fully
//! for its parent, half for its grandparent). Navigation, page headers and
//! footers, sidebars, forms, scripts, styles, comments, hidden elements and
//! blocks whose class or id says ad, share, comment, related … are left out.
//! Then every block element (`p`, `li`, `td`, `blockquote` …, or a `<br>`)
//! ends a paragraph; `h1`–`h6` are headings of their level. The title is the
//! article's opening `h1` (kept as its first paragraph), else `<title>`.
//!
//! [`lines`] is shared with [`crate::epub`], whose chapters are XHTML.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::{wide, ImportError, Line, RichKind, MAX_HTML_BYTES};

/// Imports a saved web page's article as a document. The title is `title`
/// if given, else the article's `h1`, else the page's `<title>`, else the
/// file's stem.
pub fn import(
    id: &str,
    file_name: &str,
    title: Option<&str>,
    bytes: &[u8],
) -> Result<pizhu_model::Document, ImportError> {
    let (found, lines) = read(bytes)?;
    crate::document(RichKind::Html, id, file_name, title, found, &lines)
}

/// Reads the article of a web page: its title and its paragraphs.
pub fn read(bytes: &[u8]) -> Result<(Option<String>, Vec<Line>), ImportError> {
    if bytes.len() as u64 > MAX_HTML_BYTES {
        return Err(ImportError::TooLarge { kind: RichKind::Html, size: bytes.len() as u64, limit: MAX_HTML_BYTES });
    }
    let text = decode(bytes);
    if !looks_like_html(&text) {
        return Err(ImportError::NotThisFormat(RichKind::Html));
    }
    if nesting(&text) > MAX_NESTING {
        return Err(ImportError::Damaged(RichKind::Html));
    }
    let doc = Document::from(text.as_str());
    let page_title = doc.select("title").nodes().first().map(|t| squash(&t.text())).filter(|t| !t.is_empty());
    let root = article(&doc);
    let mut lines = root.map(|r| lines(&r, false)).unwrap_or_default();
    if lines.is_empty() {
        return Err(ImportError::Empty(RichKind::Html));
    }
    // An opening h1 that is the only one is the title, kept as the first paragraph.
    let h1s = lines.iter().filter(|l| l.heading == Some(1)).count();
    let mut found = page_title;
    if lines[0].heading == Some(1) && h1s == 1 {
        found = Some(lines[0].text.clone());
        lines[0].heading = None;
    }
    Ok((found, lines))
}

/// Decodes a page by its byte order mark or declared charset (see the module docs).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let declared = declared_charset(&bytes[..bytes.len().min(4096)]).map(|e| {
        // A page decoded as bytes cannot be UTF-16 (it would have had a BOM).
        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            e
        }
    });
    let enc = declared.unwrap_or(if std::str::from_utf8(bytes).is_ok() { UTF_8 } else { GB18030 });
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset a page's head declares: `<meta charset="gbk">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`,
/// or `<?xml version="1.0" encoding="GBK"?>`.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let value_after = |from: usize| -> Option<&'static Encoding> {
        let rest = &lower[from..];
        let rest = rest.strip_prefix(b"=").map(|r| r.trim_ascii_start()).unwrap_or(rest);
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let end = rest
            .iter()
            .position(|c| matches!(c, b'"' | b'\'' | b';' | b'>' | b' ' | b'/' | b'?'))
            .unwrap_or(rest.len());
        Encoding::for_label(&rest[..end])
    };
    if lower.starts_with(b"<?xml") {
        let end = lower.iter().position(|&c| c == b'>').unwrap_or(lower.len());
        if let Some(at) = find(&lower[..end], b"encoding") {
            let rest = lower[at + 8..end].trim_ascii_start();
            let from = end - rest.len();
            if let Some(e) = value_after(from) {
                return Some(e);
            }
        }
    }
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i;
        let end = lower[start..].iter().position(|&c| c == b'>').map_or(lower.len(), |e| start + e);
        if let Some(c) = find(&lower[start..end], b"charset") {
            let from = start + c + 7;
            let skip = lower[from..end].iter().take_while(|c| c.is_ascii_whitespace()).count();
            if let Some(e) = value_after(from + skip) {
                return Some(e);
            }
        }
        at = end;
    }
    None
}

/// How deep elements may nest (by [`nesting`]): a browser shows a few
/// hundred levels; the HTML parser slows down with the square of the depth.
pub const MAX_NESTING: usize = 4096;

/// An upper bound on how deep a page's elements nest: opening tags less
/// closing ones, elements without content and those a parser closes by
/// itself (`p`, `li`, `td` …) not counted.
pub(crate) fn nesting(text: &str) -> usize {
    const SELF_CLOSING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
        "li", "dt", "dd", "tr", "td", "th", "option", "!doctype", "!--",
    ];
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + at + 1;
        let closing = b.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let len =
            b[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'!' || **c == b'-').count();
        let name = text[name_start..name_start + len].to_ascii_lowercase();
        let end = b[name_start..].iter().position(|&c| c == b'>').map_or(b.len(), |e| name_start + e);
        let self_closed = end > 0 && b.get(end - 1) == Some(&b'/');
        if !name.is_empty() && !SELF_CLOSING.contains(&name.as_str()) && name.as_bytes()[0].is_ascii_alphabetic() {
            if closing {
                depth = depth.saturating_sub(1);
            } else if !self_closed {
                depth += 1;
                max = max.max(depth);
            }
        }
        i = start.max(end.min(b.len()));
        if i >= b.len() {
            break;
        }
    }
    max
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether decoded text reads as HTML: no NUL bytes, and a tag of a page near its start.
fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(8192).collect::<String>().to_ascii_lowercase();
    if head.contains('\0') {
        return false;
    }
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<p>",
        "<p ",
        "<div",
        "<article",
        "<h1",
        "<h2",
        "<br",
    ]
    .iter()
    .any(|t| head.contains(t))
}

/// Elements that never hold the article's text.
const JUNK: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "button", "select", "input",
    "textarea", "menu", "dialog", "object", "embed", "canvas", "head", "title", "link", "meta",
];

/// Words in a class or id that mark page furniture, not the article.
const FURNITURE: &[&str] = &[
    "advert",
    "sponsor",
    "share",
    "social",
    "comment",
    "related",
    "recommend",
    "sidebar",
    "breadcrumb",
    "cookie",
    "popup",
    "promo",
    "banner",
    "toolbar",
    "copyright",
    "footer",
    "navbar",
    "menu",
    "subscribe",
    "newsletter",
];

/// Whether an element is furniture: a junk element, hidden, a navigation
/// role, or a class or id naming an ad, a share bar ….
fn is_furniture(node: &NodeRef<'_>, in_article: bool) -> bool {
    let Some(name) = node.node_name() else { return false };
    let name = name.to_ascii_lowercase();
    if JUNK.contains(&name.as_str()) {
        return true;
    }
    // A page's header and footer; an article's own header holds its title.
    if (name == "header" || name == "footer") && !(in_article && name == "header") {
        return true;
    }
    if node.has_attr("hidden") || node.attr("aria-hidden").is_some_and(|v| v.as_ref() == "true") {
        return true;
    }
    if let Some(role) = node.attr("role") {
        if ["navigation", "banner", "contentinfo", "complementary", "search", "menu"].contains(&role.as_ref()) {
            return true;
        }
    }
    if node.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    }) {
        return true;
    }
    if matches!(name.as_str(), "body" | "html" | "article" | "main") {
        return false;
    }
    let marks = format!(
        "{} {}",
        node.attr("class").map(|c| c.to_ascii_lowercase()).unwrap_or_default(),
        node.attr("id").map(|c| c.to_ascii_lowercase()).unwrap_or_default()
    );
    marks.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        w == "ad"
            || w == "ads"
            || FURNITURE.iter().any(|f| w.starts_with(f) || (w.len() > f.len() + 1 && w.ends_with(f)))
    })
}

/// Whether a node lies in page furniture (itself or an ancestor).
fn in_furniture(node: &NodeRef<'_>) -> bool {
    std::iter::once(*node).chain(node.ancestors_it(None)).any(|n| n.is_element() && is_furniture(&n, false))
}

/// The element that holds the article (see the module docs).
fn article<'a>(doc: &'a Document) -> Option<NodeRef<'a>> {
    let text_len = |n: &NodeRef<'_>| n.text().chars().filter(|c| !c.is_whitespace()).count();
    for sel in ["article", "main, [role=main]"] {
        let best = doc.select(sel).nodes().iter().filter(|n| !in_furniture(n)).max_by_key(|n| text_len(n)).cloned();
        if let Some(best) = best.filter(|b| text_len(b) > 0) {
            return Some(best);
        }
    }
    let mut score: HashMap<_, (usize, NodeRef<'a>)> = HashMap::new();
    for p in doc.select("p, pre").nodes() {
        let n = text_len(p);
        if n < 10 || in_furniture(p) {
            continue;
        }
        if let Some(parent) = p.parent() {
            score.entry(parent.id).or_insert((0, parent)).0 += 2 * n;
            if let Some(grand) = parent.parent().filter(NodeRef::is_element) {
                score.entry(grand.id).or_insert((0, grand)).0 += n;
            }
        }
    }
    let best = score.into_values().max_by_key(|(s, _)| *s).map(|(_, n)| n);
    best.or_else(|| doc.body())
}

/// Elements that end a paragraph where they start and where they end.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "figure",
    "figcaption",
    "hr",
    "address",
    "center",
    "body",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// The paragraphs of an element, in order: one [`Line`] per block, `h1`–`h6`
/// with their level. `chapter`: an EPUB chapter, whose `nav` and `header`
/// are part of the text (only scripts, styles and hidden parts are skipped).
pub fn lines(root: &NodeRef<'_>, chapter: bool) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut buf = String::new();
    let mut heading: Option<u8> = None;
    let flush = |buf: &mut String, heading: Option<u8>, out: &mut Vec<Line>| {
        let text = squash(buf);
        buf.clear();
        if !text.is_empty() {
            out.push(Line { text, heading });
        }
    };
    // (node, entering): an explicit stack, so a deeply nested page cannot overflow ours.
    let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(*root, true)];
    while let Some((node, entering)) = stack.pop() {
        if node.is_text() {
            if entering {
                buf.push_str(&node.text());
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if entering {
            if node.id != root.id {
                let skip = if chapter {
                    matches!(name.as_str(), "script" | "style" | "head" | "title" | "noscript" | "template")
                        || node.has_attr("hidden")
                } else {
                    is_furniture(&node, true)
                };
                if skip {
                    continue;
                }
            }
            if name == "br" {
                flush(&mut buf, heading, &mut out);
                continue;
            }
            if name == "img" {
                if let Some(alt) = node.attr("alt").filter(|a| !a.trim().is_empty() && wide_text(a)) {
                    buf.push_str(&alt);
                }
                continue;
            }
            if BLOCKS.contains(&name.as_str()) {
                flush(&mut buf, heading, &mut out);
                if let Some(level) = heading_level(&name) {
                    heading = Some(level);
                }
            }
            stack.push((node, false));
            for child in node.children_it(true) {
                stack.push((child, true));
            }
        } else if BLOCKS.contains(&name.as_str()) {
            flush(&mut buf, heading, &mut out);
            if heading_level(&name).is_some() {
                heading = None;
            }
        } else if matches!(name.as_str(), "td" | "th") {
            buf.push(' ');
        }
    }
    flush(&mut buf, heading, &mut out);
    out
}

/// Alternative text worth keeping: a picture of a character (old books set rare ones as images).
fn wide_text(s: &str) -> bool {
    let n = s.chars().count();
    n <= 2 && s.chars().all(wide)
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Text as a browser shows it: runs of white space one space, none left
/// between two Chinese characters (a line break in the source), trimmed.
pub(crate) fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            space = true;
            continue;
        }
        if c.is_control() || c == '\u{200B}' || c == '\u{FEFF}' {
            continue;
        }
        if std::mem::take(&mut space) && !out.is_empty() && !(out.chars().next_back().is_some_and(wide) && wide(c)) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
