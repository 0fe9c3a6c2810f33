//! From glyphs on pages to paragraphs: the geometry of a PDF's text.
//!
//! A PDF has no paragraphs, only glyphs at positions. [`LineBuilder`] puts
//! glyphs that continue one another on a baseline into [`TextLine`]s (a
//! space where a gap between words shows one, none between Chinese
//! characters). [`paragraphs`] then drops running headers, footers and page
//! numbers ([`strip_running`]: lines at the top or bottom edge of a page
//! that repeat on most pages, or that are only a page number like `3`,
//! `- 3 -`, `— 3 —`, `第 3 页`) and joins wrapped lines into paragraphs
//! ([`crate::join_wrapped`]). A paragraph ends where a line stops short of
//! the right margin (the next line's first word would have fit), at a
//! larger vertical gap than the text's line spacing, where the type size
//! changes, and at sentence-final punctuation followed by an indented line.
//! Across a page break a paragraph goes on when the page's last line is full.
//!
//! Coordinates are PDF points with `y` growing down the page (the baseline).

use std::collections::HashMap;

use crate::{join_wrapped, wide};

/// One line of text on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// The text, spaces between words.
    pub text: String,
    /// Left edge of the first glyph.
    pub x0: f32,
    /// Right edge of the last glyph.
    pub x1: f32,
    /// The baseline, from the top of the page.
    pub y: f32,
    /// The type size (of the line's first glyph).
    pub size: f32,
}

/// The lines of one page, in the order the page draws them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The lines.
    pub lines: Vec<TextLine>,
}

/// Puts glyphs on lines, page by page.
#[derive(Debug, Default)]
pub struct LineBuilder {
    pages: Vec<Page>,
    page: Page,
    line: Option<TextLine>,
    space: bool,
    chars: usize,
}

impl LineBuilder {
    /// Starts a new page (ending the current one).
    pub fn begin_page(&mut self) {
        self.end_page();
    }

    /// Ends the current page, if it has lines.
    pub fn end_page(&mut self) {
        self.flush();
        if !self.page.lines.is_empty() {
            self.pages.push(std::mem::take(&mut self.page));
        }
    }

    /// How many characters have been placed so far.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Places a glyph: its text, left edge `x`, baseline `y`, type size and advance width.
    pub fn glyph(&mut self, text: &str, x: f32, y: f32, size: f32, advance: f32) {
        if !(x.is_finite() && y.is_finite() && size.is_finite() && advance.is_finite()) || size <= 0.0 {
            return;
        }
        let text = clean(text);
        if text.is_empty() {
            return;
        }
        if text.chars().all(|c| c.is_whitespace() && c != '\u{3000}') {
            // A space glyph: a space, if a word follows on this line.
            if let Some(l) = self.line.as_mut() {
                self.space = true;
                l.x1 = l.x1.max(x + advance);
            }
            return;
        }
        let continues = self.line.as_ref().is_some_and(|l| {
            let h = l.size.max(size);
            (y - l.y).abs() < 0.5 * h && x > l.x0 - 0.5 * h && x >= l.x1 - 0.7 * h && x <= l.x1 + 4.0 * h
        });
        if !continues {
            self.flush();
            self.line = Some(TextLine { text: String::new(), x0: x, x1: x, y, size });
        }
        let Some(l) = self.line.as_mut() else { return };
        if let (Some(a), Some(b)) = (l.text.chars().next_back(), text.chars().next()) {
            let gap = x - l.x1;
            let both_wide = wide(a) && wide(b);
            if (std::mem::take(&mut self.space) || gap > 0.2 * size.max(l.size)) && !both_wide && a != ' ' {
                l.text.push(' ');
            }
        }
        self.space = false;
        self.chars += text.chars().count();
        l.text.push_str(&text);
        l.x1 = l.x1.max(x + advance);
    }

    fn flush(&mut self) {
        self.space = false;
        if let Some(mut l) = self.line.take() {
            let t = l.text.trim_end().len();
            l.text.truncate(t);
            if !l.text.trim().is_empty() {
                self.page.lines.push(l);
            }
        }
    }

    /// The pages with their lines.
    pub fn finish(mut self) -> Vec<Page> {
        self.end_page();
        self.pages
    }
}

/// A glyph's text without control characters, with the compatibility forms
/// some fonts map Chinese to (Kangxi radicals for 一 二 …, compatibility
/// ideographs, ligatures like `ﬁ`) made ordinary characters.
fn clean(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2F00}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{FB00}'..='\u{FB06}' => out.extend(c.nfkc()),
            '\u{00A0}' | '\t' => out.push(' '),
            '\u{FFFD}' | '\u{00AD}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether a line says nothing but a page number: `3`, `- 3 -`, `— 3 —`,
/// `[3]`, `iv`, `第 3 页`, `第3页 共10页`, `3 / 10`, `Page 3 of 10`.
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let deco = |c: char| {
        matches!(c, '-' | '–' | '—' | '−' | '·' | '•' | '(' | ')' | '[' | ']' | '（' | '）' | '|' | '~' | '〜')
    };
    let t = t.trim_matches(deco);
    if t.is_empty() {
        return false;
    }
    if t.len() <= 5 && t.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if t.len() <= 7 && t.chars().all(|c| "ivxlc".contains(c)) {
        return true;
    }
    let has_digit = t.chars().any(|c| c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c));
    let words = t.replace("page", "").replace("of", "");
    let rest: String = words
        .chars()
        .filter(|c| !(c.is_ascii_digit() || "第页頁共/,，、.".contains(*c)))
        .filter(|c| !(t.contains('页') && "一二三四五六七八九十百零〇".contains(*c)))
        .collect();
    has_digit && rest.is_empty() && t.chars().count() <= 20
}

/// The shape of a running line: digits as `#`, no spaces (`第 3 页` and
/// `第 12 页` are one header).
fn shape(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

/// Drops running headers and footers and page numbers: of the lines
/// nearest the top and the bottom of each page, those that are only a page
/// number, and those whose shape repeats at an edge of at least half the
/// pages (and two). Twice, so that a header of two lines goes too.
pub fn strip_running(pages: &mut [Page]) {
    for _ in 0..2 {
        strip_edges(pages);
    }
}

fn strip_edges(pages: &mut [Page]) {
    let edges = |p: &Page| -> Vec<usize> {
        let top = (0..p.lines.len()).min_by(|&a, &b| p.lines[a].y.total_cmp(&p.lines[b].y));
        let bottom = (0..p.lines.len()).max_by(|&a, &b| p.lines[a].y.total_cmp(&p.lines[b].y));
        let mut e: Vec<usize> = top.into_iter().chain(bottom).collect();
        e.dedup();
        e
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        let mut shapes: Vec<String> = edges(p)
            .into_iter()
            .filter(|&i| p.lines[i].text.chars().count() <= 80)
            .map(|i| shape(&p.lines[i].text))
            .collect();
        shapes.sort();
        shapes.dedup();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let n = pages.len();
    for p in pages.iter_mut() {
        let mut drop: Vec<usize> = edges(p)
            .into_iter()
            .filter(|&i| {
                let t = &p.lines[i].text;
                let repeats = seen.get(&shape(t)).copied().unwrap_or(0);
                is_page_number(t) || (t.chars().count() <= 80 && repeats >= 2 && repeats * 2 >= n)
            })
            .collect();
        drop.sort_unstable();
        for i in drop.into_iter().rev() {
            p.lines.remove(i);
        }
    }
}

/// One paragraph of a PDF: its text and type size.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The lines joined.
    pub text: String,
    /// The type size of its first line.
    pub size: f32,
}

/// The most common value, weighted, of numbers rounded to half points.
fn mode(values: impl Iterator<Item = (f32, usize)>) -> Option<f32> {
    let mut count: HashMap<i32, usize> = HashMap::new();
    for (v, w) in values {
        *count.entry((v * 2.0).round() as i32).or_default() += w;
    }
    count.into_iter().max_by_key(|&(k, n)| (n, -k)).map(|(k, _)| k as f32 / 2.0)
}

fn percentile(mut v: Vec<f32>, p: f32) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    let i = ((v.len() - 1) as f32 * p).round() as usize;
    v.get(i).copied()
}

/// Ends a sentence (or a clause that closes a paragraph).
fn ends_sentence(t: &str) -> bool {
    t.trim_end()
        .ends_with(['。', '！', '？', '；', '：', '”', '」', '』', '）', '…', '.', '!', '?', ':', ';', '"', ')'])
}

/// The width the first word of `text` needs, in points at `size`.
fn first_word(text: &str, size: f32) -> f32 {
    let mut w = 0.0;
    for c in text.trim_start().chars() {
        if wide(c) {
            return if w == 0.0 { size } else { w };
        }
        if c.is_whitespace() {
            break;
        }
        w += 0.55 * size;
    }
    w
}

/// Joins the lines of all pages into paragraphs (after [`strip_running`]).
pub fn paragraphs(pages: &[Page]) -> Vec<Para> {
    let all = || pages.iter().flat_map(|p| p.lines.iter());
    let Some(body) = mode(all().map(|l| (l.size, l.text.chars().count()))) else {
        return Vec::new();
    };
    let is_body = |l: &TextLine| (l.size - body).abs() <= 0.6;
    let left = percentile(all().filter(|l| is_body(l)).map(|l| l.x0).collect(), 0.1).unwrap_or(0.0);
    let right = percentile(all().filter(|l| is_body(l)).map(|l| l.x1).collect(), 0.9).unwrap_or(f32::MAX);
    // The line spacing of the body text: the common step between its lines.
    let steps = pages.iter().flat_map(|p| {
        p.lines.windows(2).filter(|w| is_body(&w[0]) && is_body(&w[1])).map(|w| w[1].y - w[0].y).filter(|d| *d > 0.0)
    });
    let leading = mode(steps.map(|d| (d, 1))).unwrap_or(body * 1.2).max(body);

    let mut out: Vec<Para> = Vec::new();
    let mut prev: Option<&TextLine> = None;
    let mut same_page = false;
    for p in pages {
        for l in &p.lines {
            let join = prev.is_some_and(|a| {
                let size_same = (a.size - l.size).abs() <= 0.1 * a.size.max(l.size);
                let full = right - a.x1 <= first_word(&l.text, l.size) + 0.5 * l.size;
                let gap = l.y - a.y;
                let near = !same_page || (gap > 0.0 && gap <= leading + 0.3 * body);
                let indented = l.x0 > left + 1.2 * l.size && l.x0 > a.x0 + 0.8 * l.size;
                let new_para = indented && ends_sentence(&a.text);
                size_same && full && near && !new_para
            });
            match out.last_mut() {
                Some(para) if join => join_wrapped(&mut para.text, &l.text),
                _ => out.push(Para { text: l.text.trim().to_owned(), size: l.size }),
            }
            prev = Some(l);
            same_page = true;
        }
        same_page = false;
    }
    out
}

/// Heading depths from type sizes: a short paragraph in type clearly larger
/// than the body's is a heading, the largest size depth 1.
pub fn heading_depths(paras: &[Para]) -> Vec<Option<u8>> {
    let Some(body) = mode(paras.iter().map(|p| (p.size, p.text.chars().count()))) else {
        return Vec::new();
    };
    let is_heading = |p: &Para| p.size >= body * 1.12 && p.text.chars().count() <= 60;
    let mut sizes: Vec<i32> = paras.iter().filter(|p| is_heading(p)).map(|p| (p.size * 2.0).round() as i32).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    paras
        .iter()
        .map(|p| {
            let k = (p.size * 2.0).round() as i32;
            is_heading(p).then(|| sizes.iter().position(|&s| s == k).map_or(1, |d| (d + 1).min(6) as u8))
        })
        .collect()
}

#[cfg(test)]
mod tests;
