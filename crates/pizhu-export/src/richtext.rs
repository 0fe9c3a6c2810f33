//! Markdown (a note, an essay's body) as formatted Word paragraphs.
//!
//! Notes and essays are written in Markdown, and a Word document that
//! printed `**铁军**` with its asterisks would show the reader's markup
//! instead of their emphasis. The text is parsed with `pulldown-cmark`
//! (CommonMark) and its structure is carried into Word: strong and
//! emphasis as bold and italic runs, inline code in a monospace Latin
//! face, links as hyperlinks followed by their address (so it survives
//! printing), lists with Word's own numbering, block quotes indented in
//! the quotation face (楷体 in GB/T 9704) with a `——《…》` citation line
//! set flush right, headings as bold paragraphs, hard line breaks. Every
//! run keeps the style's East-Asian face and size.
//!
//! HTML is never interpreted: tags and character references (`&amp;`)
//! print as written, as in the app's own note view.
//!
//! CommonMark does not see `**“两个维护”**是` as bold: a delimiter between
//! full-width punctuation and a Chinese character is not "flanking"
//! (commonmark-spec#650), and pulldown-cmark has no option for the
//! CJK-friendly amendment yet. [`cjk_friendly`] therefore puts an
//! invisible zero-width space (neither punctuation nor white space) on the
//! punctuation side of such a `*` run, which lets it open or close like a
//! `*` between two letters. Zero-width spaces, invisible in print anyway,
//! are dropped from the output.

use std::ops::Range;

use docx_rs::{AlignmentType, BreakType, Hyperlink, NumberingId, Paragraph, Run, SpecialIndentType};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::word::{body, clean, list_item, plain, Look, Word};

/// Where the Markdown comes from, which decides two readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// A note: a single line end is a line break, as the app shows it;
    /// headings are bold body text.
    Note,
    /// An essay: a single line end starts a new paragraph (each with its
    /// first-line indent), since that is how Chinese prose is typed;
    /// headings are set in the GB/T heading faces.
    Essay,
}

/// Adds the paragraphs of `markdown` to `word`. `lead` (a label such as
/// `批注：`) starts the first paragraph, or stands in a paragraph of its
/// own when the text begins with a list, quote or heading.
pub(crate) fn render(word: &mut Word, markdown: &str, flavor: Flavor, lead: Option<Run>) {
    let source = cjk_friendly(markdown);
    let mut r = Renderer {
        look: word.look,
        word,
        flavor,
        lead,
        source: &source,
        quotes: 0,
        lists: Vec::new(),
        fresh_item: false,
        heading: None,
        code_block: false,
        para: None,
        bold: 0,
        italic: 0,
        link: None,
        soft_break: false,
        breaks: 0,
        pending: String::new(),
        pending_format: Format::default(),
    };
    for (event, range) in Parser::new_ext(&source, Options::empty()).into_offset_iter() {
        r.event(event, range);
    }
    r.close();
}

/// A zero-width space: not white space and not punctuation to CommonMark.
const ZWSP: char = '\u{200B}';

/// `markdown` with a zero-width space between full-width punctuation and a
/// `*` run that CommonMark would otherwise leave as literal asterisks: one
/// with a Chinese character on one side and punctuation on the other.
fn cjk_friendly(markdown: &str) -> String {
    let chars: Vec<char> = markdown.chars().collect();
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            // A backslash escape is copied whole; `\*` is no delimiter.
            out.push(c);
            if let Some(&next) = chars.get(i + 1) {
                out.push(next);
            }
            i += 2;
            continue;
        }
        if c != '*' {
            out.push(c);
            i += 1;
            continue;
        }
        let end = chars[i..].iter().position(|&d| d != '*').map_or(chars.len(), |n| i + n);
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(end).copied();
        if let (Some(p), Some(n)) = (prev, next) {
            let cjk = is_cjk(p) || is_cjk(n);
            let word = |c: char| !c.is_whitespace() && !is_punctuation(c);
            if cjk && is_punctuation(p) && word(n) {
                out.push(ZWSP);
            }
            out.extend(&chars[i..end]);
            if cjk && is_punctuation(n) && word(p) {
                out.push(ZWSP);
            }
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

/// Punctuation or a symbol as CommonMark counts them (Unicode P and S),
/// near enough: ASCII punctuation, and any other character that is neither
/// a letter, digit, white space nor control.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
    } else {
        !(c.is_alphanumeric() || c.is_whitespace() || c.is_control() || c == ZWSP)
    }
}

/// Chinese, Japanese or Korean text, including full-width punctuation and
/// the quotation marks, dashes and ellipsis Chinese prose uses.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Whether a link may be followed from the document: the web and e-mail,
/// nothing that runs or opens local files.
fn followable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|s| lower.starts_with(s))
}

/// Output text: zero-width spaces and what XML cannot hold dropped.
fn text_of(s: &str) -> String {
    clean(&s.replace(ZWSP, ""))
}

/// A link being written: its runs go into the hyperlink, if it is one.
struct Link {
    url: String,
    hyperlink: Option<Hyperlink>,
    text: String,
}

/// The paragraph being written and its text so far.
struct Para {
    p: Paragraph,
    text: String,
    /// Running text of a quotation, which a citation line may be.
    quote: bool,
}

struct Renderer<'a> {
    look: Look,
    word: &'a mut Word,
    flavor: Flavor,
    lead: Option<Run>,
    source: &'a str,
    /// Depth of block quotes.
    quotes: usize,
    /// Numbering of the open lists, outermost first.
    lists: Vec<NumberingId>,
    /// A list item has begun and its first paragraph (the one with the marker) is not written yet.
    fresh_item: bool,
    heading: Option<HeadingLevel>,
    code_block: bool,
    para: Option<Para>,
    /// Depth of strong and emphasis spans.
    bold: usize,
    italic: usize,
    link: Option<Link>,
    /// A line end seen and not yet written: a break or a new paragraph,
    /// depending on what follows.
    soft_break: bool,
    /// Line breaks to write before the next text (dropped at a paragraph's end).
    breaks: usize,
    /// Text not yet written, gathered while its formatting stays the same
    /// (the parser splits text at `<`, `&` and escapes), and that formatting.
    pending: String,
    pending_format: Format,
}

/// How a piece of text is set, beyond its block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Format {
    bold: bool,
    italic: bool,
    code: bool,
    link: bool,
}

impl Renderer<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                // A character reference prints as written: HTML is never interpreted.
                let src = self.source.get(range).unwrap_or_default();
                let literal = src.starts_with('&') && src.ends_with(';') && src != &*t;
                self.text(if literal { src } else { &t }, false);
            }
            Event::Code(t) => self.text(&t, true),
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t, false),
            Event::SoftBreak => self.soft_break = true,
            Event::HardBreak => self.breaks += 1,
            Event::Rule => {
                self.close();
                self.word.push(plain(&self.look, self.look.body));
            }
            // Math, footnotes and task lists are not enabled.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.close(),
            Tag::Heading { level, .. } => {
                self.close();
                self.heading = Some(level);
            }
            Tag::BlockQuote(_) => {
                self.close();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                self.close();
                self.code_block = true;
            }
            Tag::List(start) => {
                self.close();
                let first = start.map_or(1, |n| usize::try_from(n).unwrap_or(usize::MAX));
                let id = self.word.new_list(start.is_some(), self.lists.len(), first);
                self.lists.push(id);
            }
            Tag::Item => {
                self.close();
                self.fresh_item = true;
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.flush_text();
                let url = text_of(&dest_url).trim().to_owned();
                let hyperlink = followable(&url).then(|| self.word.hyperlink(&url));
                self.link = Some(Link { url, hyperlink, text: String::new() });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::Item => self.close(),
            TagEnd::Heading(_) => {
                self.close();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.close();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.close();
                self.code_block = false;
            }
            TagEnd::List(_) => {
                self.close();
                self.lists.pop();
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link | TagEnd::Image => self.end_link(),
            _ => {}
        }
    }
}

impl Renderer<'_> {
    /// The East-Asian face of text where the renderer is.
    fn face(&self) -> &'static str {
        match self.heading {
            Some(HeadingLevel::H1 | HeadingLevel::H2) if self.flavor == Flavor::Essay => self.look.h1,
            Some(_) if self.flavor == Flavor::Essay => self.look.h2,
            _ if self.quotes > 0 => self.look.h2,
            _ => self.look.body,
        }
    }

    /// Headings are bold in notes, and in essays where the heading face is
    /// the body face (the plain style).
    fn heading_bold(&self) -> bool {
        self.heading.is_some() && (self.flavor == Flavor::Note || self.look.h1 == self.look.body)
    }

    fn format(&self, code: bool) -> Format {
        Format {
            bold: self.bold > 0 || self.heading_bold(),
            italic: self.italic > 0,
            code: code || self.code_block,
            link: self.link.is_some(),
        }
    }

    /// An empty run in the face and size of the text here, set as `format` says.
    fn run(&self, format: Format) -> Run {
        let face = self.face();
        let fonts = if format.code { self.look.mono(face) } else { self.look.fonts(face) };
        let mut r = Run::new().fonts(fonts).size(self.look.body_size);
        if format.bold {
            r = r.bold();
        }
        if format.italic {
            r = r.italic();
        }
        r
    }

    /// Writes text; a line end in it (code and HTML blocks) is a line break.
    fn text(&mut self, t: &str, code: bool) {
        for (i, line) in t.split('\n').enumerate() {
            if i > 0 {
                self.breaks += 1;
            }
            let line = text_of(line);
            if line.is_empty() {
                continue;
            }
            self.before_text(&line);
            let format = self.format(code);
            if format != self.pending_format {
                self.flush_text();
                self.pending_format = format;
            }
            self.pending.push_str(&line);
        }
    }

    /// Writes the text gathered so far as one run.
    fn flush_text(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        let run = self.run(self.pending_format).add_text(text.as_str());
        self.add(run, &text);
    }

    /// Settles a pending line end, opens a paragraph if none is open and
    /// writes pending line breaks, before `next` is written.
    fn before_text(&mut self, next: &str) {
        if std::mem::take(&mut self.soft_break) {
            // A citation under a quotation gets a line of its own; in an
            // essay every line of running text or quotation is a paragraph.
            let citation = self.quotes > 0 && is_citation(next);
            let essay = self.flavor == Flavor::Essay && self.lists.is_empty() && self.heading.is_none();
            if citation || essay {
                self.close();
            } else {
                self.breaks += 1;
            }
        }
        if self.para.is_none() {
            self.breaks = 0;
            self.open();
        }
        if self.breaks > 0 {
            self.flush_text();
        }
        for _ in 0..std::mem::take(&mut self.breaks) {
            let run = self.run(self.format(false)).add_break(BreakType::TextWrapping);
            self.add(run, "\n");
        }
    }

    /// Adds a run to the open link, or else to the open paragraph.
    fn add(&mut self, run: Run, text: &str) {
        let run = match &mut self.link {
            Some(link) => {
                link.text.push_str(text);
                match link.hyperlink.take() {
                    Some(h) => {
                        link.hyperlink = Some(h.add_run(run.color(LINK_COLOR).underline("single")));
                        None
                    }
                    None => Some(run),
                }
            }
            None => Some(run),
        };
        if let Some(mut para) = self.para.take() {
            para.text.push_str(text);
            if let Some(run) = run {
                para.p = para.p.add_run(run);
            }
            self.para = Some(para);
        }
    }

    /// Ends a link: the hyperlink goes into the paragraph, followed by its
    /// address in brackets unless the text already is the address.
    fn end_link(&mut self) {
        self.flush_text();
        let Some(mut link) = self.link.take() else { return };
        let shown = link.text.trim();
        let address = link.url.strip_prefix("mailto:").unwrap_or(&link.url);
        let bracket = !link.url.is_empty() && !shown.is_empty() && shown != address;
        if shown.is_empty() && !link.url.is_empty() {
            // `[](url)`: the address is all there is to show.
            let url = link.url.clone();
            self.before_text(&url);
            let run = self.run(self.format(false)).add_text(url.as_str());
            link.hyperlink = match link.hyperlink {
                Some(h) => Some(h.add_run(run.color(LINK_COLOR).underline("single"))),
                None => {
                    self.add(run, &url);
                    None
                }
            };
        }
        if let Some(h) = link.hyperlink {
            self.before_text("");
            if let Some(mut para) = self.para.take() {
                para.p = para.p.add_hyperlink(h);
                self.para = Some(para);
            }
        }
        if bracket {
            self.text(&format!("（{}）", link.url), false);
        }
    }

    /// Opens the paragraph the next text goes into, laid out for where it
    /// stands: a list item (the first paragraph of an item carries the
    /// marker), a code block, a quotation, or running text with its
    /// first-line indent.
    fn open(&mut self) {
        let look = self.look;
        let quote_left = look.indent() * self.quotes as i32;
        let right = (self.quotes > 0).then(|| look.indent());
        let mut p = plain(&look, self.face());
        let mut running = false;
        let mut quote = false;
        if let Some(id) = self.lists.last().cloned() {
            let depth = self.lists.len() - 1;
            let (left, hang) = look.list_indent(depth);
            p = if std::mem::take(&mut self.fresh_item) {
                list_item(p, id, depth).indent(
                    Some(quote_left + left),
                    Some(SpecialIndentType::Hanging(hang)),
                    right,
                    None,
                )
            } else {
                p.indent(Some(quote_left + left), None, right, None)
            };
        } else if self.code_block {
            p = p.indent(Some(quote_left + look.indent()), None, right, None);
        } else if self.quotes > 0 {
            // Indented on both sides, with the first-line indent of running text.
            p = p.indent(Some(quote_left), Some(SpecialIndentType::FirstLine(look.indent())), right, None);
            quote = true;
        } else {
            p = p.indent(None, Some(SpecialIndentType::FirstLine(look.indent())), None, None);
            if self.heading.is_some() {
                p = p.keep_next(true);
            } else {
                running = true;
            }
        }
        if let Some(lead) = self.lead.take() {
            if running {
                p = p.add_run(lead);
            } else {
                self.word.push(body(&look).add_run(lead));
            }
        }
        self.para = Some(Para { p, text: String::new(), quote });
    }

    /// Writes the open paragraph, if any; a citation line under a
    /// quotation is set flush right.
    fn close(&mut self) {
        self.flush_text();
        self.soft_break = false;
        self.breaks = 0;
        if let Some(para) = self.para.take() {
            let p = if para.quote && is_citation(&para.text) {
                let look = self.look;
                let left = look.indent() * self.quotes as i32;
                para.p.indent(Some(left), None, Some(look.indent()), None).align(AlignmentType::Right)
            } else {
                para.p
            };
            self.word.push(p);
        }
    }
}

/// Word's blue for hyperlinks.
const LINK_COLOR: &str = "0563C1";

/// A citation line such as `——《讲话》·三、…`.
fn is_citation(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('—') || t.starts_with("--")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::docx::DocxStyle;
    use std::io::Read;

    /// A part of a `.docx` file.
    pub(crate) fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        zip.by_name(name).expect("part").read_to_string(&mut xml).expect("utf-8");
        xml
    }

    /// The `<w:r>` element whose text is `text`.
    pub(crate) fn run_of<'a>(xml: &'a str, text: &str) -> &'a str {
        let at = xml.find(&format!(">{text}</w:t>")).unwrap_or_else(|| panic!("no run {text:?} in {xml}"));
        let start = xml[..at].rfind("<w:r>").expect("run start");
        &xml[start..at]
    }

    /// The `<w:p>` element holding the run whose text is `text`.
    pub(crate) fn paragraph_of<'a>(xml: &'a str, text: &str) -> &'a str {
        let at = xml.find(&format!(">{text}</w:t>")).unwrap_or_else(|| panic!("no run {text:?} in {xml}"));
        let start = xml[..at].rfind("<w:p ").expect("paragraph start");
        let end = at + xml[at..].find("</w:p>").expect("paragraph end");
        &xml[start..end]
    }

    fn docx(markdown: &str, flavor: Flavor, style: DocxStyle) -> Vec<u8> {
        let mut word = Word::new(style);
        render(&mut word, markdown, flavor, None);
        word.finish().expect("docx")
    }

    fn xml(markdown: &str, flavor: Flavor) -> String {
        part(&docx(markdown, flavor, DocxStyle::Gbt), "word/document.xml")
    }

    #[test]
    fn emphasis_becomes_bold_and_italic_runs() {
        let xml = xml("**铁军**、*忠诚*、***担当***、`cargo&`", Flavor::Note);
        assert!(!xml.contains('*'), "{xml}");
        let bold = run_of(&xml, "铁军");
        assert!(bold.contains("<w:b />") && !bold.contains("<w:i />"), "{bold}");
        let italic = run_of(&xml, "忠诚");
        assert!(italic.contains("<w:i />") && !italic.contains("<w:b />"), "{italic}");
        let both = run_of(&xml, "担当");
        assert!(both.contains("<w:b />") && both.contains("<w:i />"), "{both}");
        let code = run_of(&xml, "cargo&amp;");
        assert!(code.contains(r#"w:ascii="Courier New""#) && code.contains(r#"w:eastAsia="仿宋""#), "{code}");
        // Every run keeps the body's face and size.
        assert!(bold.contains(r#"w:eastAsia="仿宋""#) && bold.contains(r#"<w:sz w:val="32" />"#), "{bold}");
    }

    #[test]
    fn chinese_punctuation_next_to_asterisks_still_makes_bold() {
        for (md, bold) in [
            ("要做到**“两个维护”**是关键", "“两个维护”"),
            ("**真，**她", "真，"),
            ("是**“铁军”**。", "“铁军”"),
            ("“**铁军**”", "铁军"),
            ("（**注意**）事项", "注意"),
        ] {
            let xml = xml(md, Flavor::Note);
            assert!(!xml.contains('*') && !xml.contains('\u{200B}'), "{md}: {xml}");
            assert!(run_of(&xml, bold).contains("<w:b />"), "{md}: {xml}");
        }
        // Escaped asterisks stay literal.
        let escaped = xml(r"3 \* 4 是\*“十二”\*", Flavor::Note);
        assert!(escaped.contains(">3 * 4 是*“十二”*<") && !escaped.contains("<w:b />"), "{escaped}");
        assert_eq!(cjk_friendly("a **b** c"), "a **b** c");
        assert_eq!(cjk_friendly("是**“铁军”**是"), "是**\u{200B}“铁军”\u{200B}**是");
    }

    #[test]
    fn html_and_references_print_as_written() {
        let xml = xml("<b>粗</b> &amp; &#x4e00; <script>x</script>\n\n<div>\n块\n</div>", Flavor::Note);
        assert!(xml.contains("&lt;b&gt;"), "{xml}");
        assert!(xml.contains("&amp;amp;") && xml.contains("&amp;#x4e00;"), "{xml}");
        assert!(xml.contains("&lt;script&gt;") && xml.contains("&lt;div&gt;") && xml.contains(">块<"), "{xml}");
        assert!(!xml.contains("<w:b />"), "{xml}");
    }

    #[test]
    fn links_are_hyperlinks_with_their_address() {
        let bytes = docx(
            "见[链接](https://example.org/a?b=1&c=2)、<https://pizhu.org>、[坏](javascript:alert(1))",
            Flavor::Note,
            DocxStyle::Gbt,
        );
        let xml = part(&bytes, "word/document.xml");
        let rels = part(&bytes, "word/_rels/document.xml.rels");
        assert_eq!(xml.matches("<w:hyperlink ").count(), 2, "{xml}");
        assert!(rels.contains(r#"Target="https://example.org/a?b=1&amp;c=2""#), "{rels}");
        assert!(rels.contains(r#"Target="https://pizhu.org""#) && rels.contains(r#"TargetMode="External""#));
        assert!(run_of(&xml, "链接").contains("<w:u w:val=\"single\""), "{xml}");
        assert!(xml.contains(">（https://example.org/a?b=1&amp;c=2）"), "{xml}");
        assert!(!xml.contains("（https://pizhu.org）"), "an autolink shows its address once");
        assert!(!rels.contains("javascript") && xml.contains("（javascript:alert(1)）"));
    }

    #[test]
    fn lists_use_word_numbering_and_restart() {
        let bytes = docx("1. 甲\n2. 乙\n   - 子\n\n段落\n\n3. 丙\n4. 丁", Flavor::Note, DocxStyle::Gbt);
        let xml = part(&bytes, "word/document.xml");
        let numbering = part(&bytes, "word/numbering.xml");
        assert_eq!(xml.matches("<w:numPr>").count(), 5, "{xml}");
        assert!(numbering.contains(r#"<w:lvlText w:val="%1." />"#) && numbering.contains(r#"<w:lvlText w:val="•" />"#));
        // The second list starts at 3, the nested one at 1.
        assert!(numbering.contains(r#"<w:startOverride w:val="3" />"#), "{numbering}");
        assert!(numbering.contains(r#"<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1" />"#), "{numbering}");
        assert!(run_of(&xml, "子").contains(r#"w:eastAsia="仿宋""#));
    }

    #[test]
    fn quotes_and_citations() {
        let doc = xml("> 引用一句\n> ——《讲话》·三\n\n正文", Flavor::Note);
        assert!(run_of(&doc, "引用一句").contains(r#"w:eastAsia="楷体""#), "{doc}");
        let p = paragraph_of(&doc, "——《讲话》·三");
        assert!(p.contains(r#"<w:jc w:val="right" />"#), "a citation gets a right-aligned line: {p}");
        assert!(!p.contains("w:firstLine"), "{p}");
        let q = paragraph_of(&doc, "引用一句");
        assert!(q.contains(r#"w:left="640" w:right="640" w:firstLine="640""#) && !q.contains("<w:jc "), "{q}");
        assert!(run_of(&doc, "正文").contains(r#"w:eastAsia="仿宋""#));
        // A dash in a list item is no citation.
        let list = xml("> - ——不是出处", Flavor::Note);
        assert!(!paragraph_of(&list, "——不是出处").contains("<w:jc "), "{list}");
    }

    #[test]
    fn line_ends_in_notes_and_essays() {
        let note = xml("一行\n二行  \n三行\n\n二段", Flavor::Note);
        assert_eq!(note.matches("<w:br ").count(), 2, "{note}");
        assert_eq!(note.matches("<w:p>").count() + note.matches("<w:p ").count(), 2, "{note}");
        let essay = xml("一行\n二行\n\n三行", Flavor::Essay);
        assert_eq!(essay.matches("<w:br ").count(), 0, "{essay}");
        assert_eq!(essay.matches(r#"w:firstLine="640""#).count(), 3, "{essay}");
    }

    #[test]
    fn headings_and_code() {
        let note = xml("## 小结\n\n```\nlet a = 1;\n\nb\n```", Flavor::Note);
        assert!(run_of(&note, "小结").contains("<w:b />") && run_of(&note, "小结").contains("仿宋"));
        assert!(run_of(&note, "let a = 1;").contains("Courier New"));
        assert_eq!(note.matches("<w:br ").count(), 2, "the blank line inside the code block stays: {note}");
        let essay = xml("# 一、提高认识", Flavor::Essay);
        let h = run_of(&essay, "一、提高认识");
        assert!(h.contains(r#"w:eastAsia="黑体""#) && !h.contains("<w:b />"), "{h}");
    }

    #[test]
    fn plain_style_keeps_its_face_and_size() {
        let xml = part(&docx("**粗** *斜*\n\n> 引\n\n- 项", Flavor::Note, DocxStyle::Plain), "word/document.xml");
        for t in ["粗", "斜", "引", "项"] {
            let r = run_of(&xml, t);
            assert!(r.contains(r#"w:eastAsia="宋体""#) && r.contains(r#"<w:sz w:val="24" />"#), "{t}: {r}");
        }
    }
}
