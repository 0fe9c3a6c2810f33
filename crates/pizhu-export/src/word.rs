//! The Word page every DOCX export shares: page size and margins, fonts
//! and sizes of each [`DocxStyle`], paragraph styles, `— N —` page
//! numbers, list numbering definitions, and the small builders for runs
//! and paragraphs in those fonts. The study notes ([`crate::docx`]) and
//! the essays ([`crate::essay`]) lay out their content on it, so both look
//! alike and follow GB/T 9704 in the same way.

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, FieldCharType, Footer, Hyperlink, HyperlinkData, HyperlinkType,
    IndentLevel, InstrPAGE, InstrText, Level, LevelJc, LevelOverride, LevelText, LineSpacing, LineSpacingType,
    NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style,
    StyleType,
};

use crate::docx::DocxStyle;
use crate::ExportError;

/// Millimetres to twentieths of a point.
pub(crate) fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

/// A4 in twips.
const A4: (u32, u32) = (11906, 16838);

/// The Latin face of inline code and code blocks.
const MONO: &str = "Courier New";

/// Fonts and sizes of one style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    /// East-Asian faces: title, first- and second-level headings, body.
    pub title: &'static str,
    pub h1: &'static str,
    /// Also the face of quotations (楷体 in GB/T 9704).
    pub h2: &'static str,
    pub body: &'static str,
    pub latin: &'static str,
    /// Sizes in half-points.
    pub title_size: usize,
    pub heading_size: usize,
    pub body_size: usize,
    /// Small print such as an essay's length line.
    pub small_size: usize,
    /// Body line spacing: exact twips, or `None` for 1.5 lines.
    line: Option<i32>,
    /// top, bottom, left, right in twips.
    margins: (i32, i32, i32, i32),
    style: DocxStyle,
}

impl Look {
    pub fn of(style: DocxStyle) -> Look {
        match style {
            DocxStyle::Gbt => Look {
                title: "方正小标宋简体",
                h1: "黑体",
                h2: "楷体",
                body: "仿宋",
                latin: "Times New Roman",
                title_size: 44,
                heading_size: 32,
                body_size: 32,
                small_size: 24,
                line: Some(560),
                margins: (mm(37.0), mm(35.0), mm(28.0), mm(26.0)),
                style,
            },
            DocxStyle::Plain => Look {
                title: "宋体",
                h1: "宋体",
                h2: "宋体",
                body: "宋体",
                latin: "Times New Roman",
                title_size: 32,
                heading_size: 28,
                body_size: 24,
                small_size: 21,
                line: None,
                margins: (mm(25.4), mm(25.4), mm(31.8), mm(31.8)),
                style,
            },
        }
    }

    /// `east_asia` for Chinese text, the Latin face for letters and digits.
    pub fn fonts(&self, east_asia: &str) -> RunFonts {
        RunFonts::new().east_asia(east_asia).ascii(self.latin).hi_ansi(self.latin).cs(self.latin)
    }

    /// Like [`Look::fonts`] with a monospace Latin face, for code: Chinese
    /// inside code stays in the paragraph's face.
    pub fn mono(&self, east_asia: &str) -> RunFonts {
        RunFonts::new().east_asia(east_asia).ascii(MONO).hi_ansi(MONO).cs(MONO)
    }

    pub fn spacing(&self) -> LineSpacing {
        match self.line {
            Some(twips) => LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips).before(0).after(0),
            None => LineSpacing::new().line_rule(LineSpacingType::Auto).line(360).before(0).after(0),
        }
    }

    /// One character of body text, in twips.
    pub fn char(&self) -> i32 {
        (self.body_size * 10) as i32
    }

    /// Two characters of body text, in twips (the first-line indent).
    pub fn indent(&self) -> i32 {
        2 * self.char()
    }

    /// Left indent of the text of a list item `depth` lists deep, and the
    /// hanging indent its marker sits in: markers two characters in, two
    /// more per level, text one and a half characters after the marker.
    pub fn list_indent(&self, depth: usize) -> (i32, i32) {
        let hang = self.char() * 3 / 2;
        (self.indent() * (depth as i32 + 1) + hang, hang)
    }
}

/// Abstract numbering ids of bullet and numbered lists (docx-rs writes a
/// default definition with id 1).
const BULLETS: usize = 2;
const NUMBERS: usize = 3;
/// Word knows nine list levels.
const LEVELS: usize = 9;

/// A Word document being written in one [`Look`]: its paragraphs in order
/// and the numbering instance of each list.
pub(crate) struct Word {
    pub look: Look,
    paragraphs: Vec<Paragraph>,
    lists: Vec<Numbering>,
    links: usize,
}

impl Word {
    pub fn new(style: DocxStyle) -> Word {
        Word { look: Look::of(style), paragraphs: Vec::new(), lists: Vec::new(), links: 0 }
    }

    /// An empty hyperlink to `url`. Its relationship id is numbered per
    /// document: docx-rs numbers them with a process-wide counter that
    /// two exports on different threads could make repeat.
    pub fn hyperlink(&mut self, url: &str) -> Hyperlink {
        self.links += 1;
        let mut h = Hyperlink::new(url, HyperlinkType::External);
        if let HyperlinkData::External { rid, .. } = &mut h.link {
            *rid = format!("rIdPizhuLink{}", self.links);
        }
        h
    }

    pub fn push(&mut self, p: Paragraph) {
        self.paragraphs.push(p);
    }

    /// A new list starting at `start` on level `depth`; returns the
    /// numbering id its items refer to. Each list gets its own instance
    /// with a start override, so that Word and LibreOffice restart the
    /// count instead of continuing the previous list's.
    pub fn new_list(&mut self, ordered: bool, depth: usize, start: usize) -> NumberingId {
        let id = self.lists.len() + 2; // numbering 1 is docx-rs's default
        let abstract_id = if ordered { NUMBERS } else { BULLETS };
        self.lists.push(Numbering::new(id, abstract_id).add_override(LevelOverride::new(depth).start(start)));
        NumberingId::new(id)
    }

    /// The `.docx` file: A4 with the look's margins, paragraph styles,
    /// page numbers, list definitions and the paragraphs.
    pub fn finish(self) -> Result<Vec<u8>, ExportError> {
        let look = self.look;
        let (top, bottom, left, right) = look.margins;
        let mut docx = Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(PageMargin::new().top(top).bottom(bottom).left(left).right(right).header(851).footer(992))
            .default_fonts(look.fonts(look.body))
            .default_size(look.body_size)
            .add_style(
                Style::new("PizhuTitle", StyleType::Paragraph)
                    .name("Title")
                    .fonts(look.fonts(look.title))
                    .size(look.title_size)
                    .bold()
                    .align(AlignmentType::Center)
                    .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(0).after(240)),
            )
            .add_style(
                Style::new("PizhuHeading1", StyleType::Paragraph)
                    .name("heading 1")
                    .fonts(look.fonts(look.h1))
                    .size(look.heading_size)
                    .line_spacing(look.spacing())
                    .outline_lvl(0),
            )
            .add_style(
                Style::new("PizhuHeading2", StyleType::Paragraph)
                    .name("heading 2")
                    .fonts(look.fonts(look.h2))
                    .size(look.heading_size)
                    .line_spacing(look.spacing())
                    .outline_lvl(1),
            )
            .add_style(
                Style::new("PizhuBody", StyleType::Paragraph)
                    .name("Body Text")
                    .fonts(look.fonts(look.body))
                    .size(look.body_size)
                    .line_spacing(look.spacing()),
            );
        docx = match look.style {
            DocxStyle::Gbt => docx
                .footer(Footer::new().add_paragraph(page_number(AlignmentType::Right)))
                .even_footer(Footer::new().add_paragraph(page_number(AlignmentType::Left))),
            DocxStyle::Plain => docx.footer(Footer::new().add_paragraph(page_number(AlignmentType::Center))),
        };
        if !self.lists.is_empty() {
            docx =
                docx.add_abstract_numbering(list_levels(&look, false)).add_abstract_numbering(list_levels(&look, true));
            for n in self.lists {
                docx = docx.add_numbering(n);
            }
        }
        for p in self.paragraphs {
            docx = docx.add_paragraph(p);
        }
        let mut buf = std::io::Cursor::new(Vec::new());
        docx.build().pack(&mut buf).map_err(|e| ExportError::Docx(e.to_string()))?;
        Ok(buf.into_inner())
    }
}

/// The levels of bullet (`•`, `◦`, `▪`) or numbered (`1.`) lists, in the body face.
fn list_levels(look: &Look, ordered: bool) -> AbstractNumbering {
    let mut n = AbstractNumbering::new(if ordered { NUMBERS } else { BULLETS });
    for depth in 0..LEVELS {
        let (format, text) = if ordered {
            ("decimal", format!("%{}.", depth + 1))
        } else {
            ("bullet", ["•", "◦", "▪"][depth % 3].to_owned())
        };
        let (left, hang) = look.list_indent(depth);
        n = n.add_level(
            Level::new(depth, Start::new(1), NumberFormat::new(format), LevelText::new(text), LevelJc::new("left"))
                .indent(Some(left), Some(SpecialIndentType::Hanging(hang)), None, None)
                .fonts(look.fonts(look.body))
                .size(look.body_size),
        );
    }
    n
}

/// Refers a paragraph to a list level.
pub(crate) fn list_item(p: Paragraph, id: NumberingId, depth: usize) -> Paragraph {
    p.numbering(id, IndentLevel::new(depth.min(LEVELS - 1)))
}

/// `— N —` with the page number as a field, 4 号 半角 宋体, aligned to
/// `side` and one character in from that margin.
fn page_number(side: AlignmentType) -> Paragraph {
    const SIZE: usize = 28; // 4 号 = 14 pt, in half-points
    const ONE_CHAR: i32 = 280; // 14 pt in twips
    let fonts = || RunFonts::new().east_asia("宋体").ascii("宋体").hi_ansi("宋体").cs("宋体");
    let text = |t: &str| Run::new().fonts(fonts()).size(SIZE).add_text(t);
    let field = Run::new()
        .fonts(fonts())
        .size(SIZE)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let p = Paragraph::new().align(side).add_run(text("— ")).add_run(field).add_run(text(" —"));
    match side {
        AlignmentType::Right => p.indent(None, None, Some(ONE_CHAR), None),
        AlignmentType::Left => p.indent(Some(ONE_CHAR), None, None, None),
        _ => p,
    }
}

/// An empty run in `east_asia` at `size` half-points.
pub(crate) fn run(look: &Look, east_asia: &str, size: usize) -> Run {
    Run::new().fonts(look.fonts(east_asia)).size(size)
}

/// An empty paragraph of `style` whose mark (and list label) is in `east_asia` at `size`.
pub(crate) fn styled(style: &str, look: &Look, east_asia: &str, size: usize) -> Paragraph {
    Paragraph::new().style(style).fonts(look.fonts(east_asia)).size(size)
}

/// A body paragraph at the body line spacing, without indents.
pub(crate) fn plain(look: &Look, east_asia: &str) -> Paragraph {
    styled("PizhuBody", look, east_asia, look.body_size).line_spacing(look.spacing())
}

/// A body paragraph with a first-line indent of two characters.
pub(crate) fn body(look: &Look) -> Paragraph {
    plain(look, look.body).indent(None, Some(SpecialIndentType::FirstLine(look.indent())), None, None)
}

/// The document title: centred, in the title face.
pub(crate) fn title(look: &Look, text: &str) -> Paragraph {
    styled("PizhuTitle", look, look.title, look.title_size)
        .add_run(run(look, look.title, look.title_size).bold().add_text(clean(text)))
}

/// A centred line under the title (reader, date, author) in the second heading face.
pub(crate) fn centred(look: &Look, text: &str) -> Paragraph {
    plain(look, look.h2).align(AlignmentType::Center).add_run(run(look, look.h2, look.body_size).add_text(clean(text)))
}

/// A heading of `level` 1 or 2 in its face, kept with the next paragraph
/// and shown in Word's navigation pane.
pub(crate) fn heading(look: &Look, level: u8, text: &str) -> Paragraph {
    let (style, font) = if level == 1 { ("PizhuHeading1", look.h1) } else { ("PizhuHeading2", look.h2) };
    styled(style, look, font, look.heading_size)
        .line_spacing(look.spacing())
        .indent(None, Some(SpecialIndentType::FirstLine(look.indent())), None, None)
        .outline_lvl(usize::from(level - 1))
        .keep_next(true)
        .add_run(run(look, font, look.heading_size).add_text(clean(text)))
}

/// Text as XML 1.0 allows it: control characters (other than tab) and
/// non-characters dropped, line ends left to the caller. Escaping of `<`, `&`
/// and quotes is the DOCX writer's job.
pub(crate) fn clean(s: &str) -> String {
    s.chars().filter(|&c| c == '\t' || !(c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'))).collect()
}
