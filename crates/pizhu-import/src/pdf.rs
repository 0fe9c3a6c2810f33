//! PDF: the text layer, in paragraphs.
//!
//! The file is read by `lopdf` and its pages' text drawn by `pdf-extract`,
//! which decodes simple fonts through their encodings and CID fonts (the
//! Chinese in PDFs that LibreOffice, Word or a typesetter export) through
//! their ToUnicode maps. Every glyph comes with its position and size;
//! [`layout`] puts glyphs on lines, drops running headers, footers and page
//! numbers, joins wrapped lines into paragraphs and takes larger type as
//! headings. The numbering of Chinese texts (第X章, 一、 …) then makes
//! headings as for a `.txt`.
//!
//! Refused: a file that does not start like a PDF, one that needs a
//! password ([`ImportError::Encrypted`]), one without a text layer (a scan,
//! [`ImportError::NoTextLayer`]), one that does not parse or that the PDF
//! reader panics on ([`ImportError::Damaged`], see [`crate::guarded`]).
//! Before the pages are drawn, every stream but pictures is inflated once
//! with a cap (a compression bomb is refused, not inflated without end),
//! pictures are emptied (their text is not read anyway), and forms drawn
//! inside forms are counted (a form that draws itself, or an explosion of
//! forms, is refused: the reader would recurse without end).

pub mod layout;

use std::collections::HashMap;
use std::io::Read;

use pdf_extract::{Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform};

use crate::{guarded, ImportError, Line, RichKind, MAX_PDF_BYTES};
use layout::{LineBuilder, Para};

/// Most bytes one stream (a page's content, a font) may inflate to.
pub const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;

/// Most bytes all streams together may inflate to.
const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;

/// Most characters of text a PDF may hold (a long book has a few million).
pub const MAX_TEXT_CHARS: usize = 32 * 1024 * 1024;

/// Most forms drawn, counting forms inside forms, on all pages together.
const MAX_FORM_DRAWS: u64 = 200_000;

/// How deep forms may be drawn inside forms.
const MAX_FORM_DEPTH: usize = 24;

/// Imports a PDF's text layer as a document. The title is `title` if
/// given, else the opening paragraph when it is set in the document's
/// largest type, else a title line that opens the text, else the file's stem.
pub fn import(
    id: &str,
    file_name: &str,
    title: Option<&str>,
    bytes: &[u8],
) -> Result<pizhu_model::Document, ImportError> {
    let (found, lines) = read(bytes)?;
    crate::document(RichKind::Pdf, id, file_name, title, found, &lines)
}

/// Reads a PDF's paragraphs (with heading depths from their type size) and
/// the title its opening paragraph gives, if any.
pub fn read(bytes: &[u8]) -> Result<(Option<String>, Vec<Line>), ImportError> {
    let paras = paragraphs(bytes)?;
    let depths = layout::heading_depths(&paras);
    let largest = paras.iter().map(|p| p.size).fold(0.0, f32::max);
    let title = paras.first().filter(|p| {
        p.size >= largest
            && paras.iter().filter(|q| q.size >= largest - 0.25).count() == 1
            && depths.first() != Some(&None)
    });
    let found = title.map(|p| p.text.clone());
    let lines = paras
        .iter()
        .zip(depths)
        .enumerate()
        .map(|(i, (p, d))| Line { text: p.text.clone(), heading: if i == 0 && found.is_some() { None } else { d } })
        .collect();
    Ok((found, lines))
}

/// The paragraphs of a PDF, running headers and page numbers left out.
pub fn paragraphs(bytes: &[u8]) -> Result<Vec<Para>, ImportError> {
    if bytes.len() as u64 > MAX_PDF_BYTES {
        return Err(ImportError::TooLarge { kind: RichKind::Pdf, size: bytes.len() as u64, limit: MAX_PDF_BYTES });
    }
    // `%PDF-` opens the file (readers allow some bytes before it).
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ImportError::NotThisFormat(RichKind::Pdf));
    }
    let (mut pages, pictures) = guarded(RichKind::Pdf, || {
        let mut doc = Document::load_mem(bytes).map_err(|e| match e {
            pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
                ImportError::Encrypted(RichKind::Pdf)
            }
            _ if bytes.windows(8).any(|w| w == b"/Encrypt") => ImportError::Encrypted(RichKind::Pdf),
            _ => ImportError::Damaged(RichKind::Pdf),
        })?;
        if doc.trailer.get(b"Encrypt").is_ok() {
            // lopdf decrypts a file whose user password is empty; this one needs one.
            return Err(ImportError::Encrypted(RichKind::Pdf));
        }
        if doc.get_pages().is_empty() {
            return Err(ImportError::Damaged(RichKind::Pdf));
        }
        let pictures = prepare_streams(&mut doc)?;
        count_forms(&doc)?;
        let mut out = Collector::default();
        let drawn = pdf_extract::output_doc(&doc, &mut out);
        if out.too_much {
            return Err(ImportError::Unpacks { kind: RichKind::Pdf, limit: MAX_TEXT_CHARS as u64 });
        }
        drawn.map_err(|_| ImportError::Damaged(RichKind::Pdf))?;
        Ok((out.lines.finish(), pictures))
    })?;
    if pages.is_empty() {
        return Err(if pictures { ImportError::NoTextLayer } else { ImportError::Empty(RichKind::Pdf) });
    }
    layout::strip_running(&mut pages);
    let paras = layout::paragraphs(&pages);
    if paras.is_empty() {
        return Err(ImportError::Empty(RichKind::Pdf));
    }
    Ok(paras)
}

/// Empties every picture (the reader would parse its pixels as drawing
/// operators) and inflates every other stream once, with a cap. Returns
/// whether the file has pictures.
fn prepare_streams(doc: &mut Document) -> Result<bool, ImportError> {
    let mut pictures = false;
    let mut total = 0u64;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok();
        if subtype == Some(b"Image".as_slice()) {
            pictures = true;
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(Vec::new());
            continue;
        }
        let filters = stream.filters().unwrap_or_default();
        if filters.is_empty() {
            continue;
        }
        if filters.iter().any(|f| f != b"FlateDecode" && f != b"Fl") {
            // Other filters (LZW, ASCII85) are left to the reader: rare, and not bombs of this size.
            continue;
        }
        let mut data: Vec<u8> = stream.content.clone();
        for _ in &filters {
            let mut out = Vec::new();
            let read = flate2::read::ZlibDecoder::new(data.as_slice()).take(MAX_STREAM_BYTES + 1).read_to_end(&mut out);
            if read.is_err() && out.is_empty() {
                // Left to the reader, which tries harder (raw deflate) and otherwise reads nothing.
                data.clear();
                break;
            }
            if out.len() as u64 > MAX_STREAM_BYTES {
                return Err(ImportError::Unpacks { kind: RichKind::Pdf, limit: MAX_STREAM_BYTES });
            }
            data = out;
        }
        total += data.len() as u64;
        if total > MAX_INFLATED_BYTES {
            return Err(ImportError::Unpacks { kind: RichKind::Pdf, limit: MAX_INFLATED_BYTES });
        }
        if !data.is_empty() && stream.dict.get(b"DecodeParms").is_err() {
            // Already inflated: the reader need not do it again.
            stream.dict.remove(b"Filter");
            stream.set_content(data);
        }
    }
    Ok(pictures)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// The forms a page or a form draws by name, in its resources.
fn forms<'a>(doc: &'a Document, resources: Option<&'a Dictionary>) -> HashMap<&'a [u8], ObjectId> {
    let mut out = HashMap::new();
    let Some(xobjects) = resources.and_then(|r| r.get(b"XObject").ok()).and_then(|o| deref(doc, o)) else {
        return out;
    };
    let Ok(xobjects) = xobjects.as_dict() else { return out };
    for (name, o) in xobjects.iter() {
        if let Ok(id) = o.as_reference() {
            let is_form = doc
                .get_object(id)
                .and_then(Object::as_stream)
                .is_ok_and(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice()));
            if is_form {
                out.insert(name.as_slice(), id);
            }
        }
    }
    out
}

/// The names a content stream draws with `Do`.
fn drawn(content: &[u8]) -> Vec<Vec<u8>> {
    let Ok(content) = pdf_extract::content::Content::decode(content) else { return Vec::new() };
    content
        .operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec))
        .collect()
}

/// Counts the forms every page draws, forms inside forms included, and
/// refuses a form that draws itself (directly or not), forms nested too
/// deep, or too many draws in all.
fn count_forms(doc: &Document) -> Result<(), ImportError> {
    fn visit<'a>(
        doc: &'a Document,
        id: ObjectId,
        inherited: Option<&'a Dictionary>,
        path: &mut Vec<ObjectId>,
        memo: &mut HashMap<ObjectId, u64>,
    ) -> Result<u64, ImportError> {
        if let Some(&n) = memo.get(&id) {
            return Ok(n);
        }
        if path.contains(&id) || path.len() >= MAX_FORM_DEPTH {
            return Err(ImportError::Damaged(RichKind::Pdf));
        }
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { return Ok(0) };
        let own = stream.dict.get(b"Resources").ok().and_then(|o| deref(doc, o)).and_then(|o| o.as_dict().ok());
        let resources = own.or(inherited);
        let names = forms(doc, resources);
        let content = stream.decompressed_content().unwrap_or_default();
        path.push(id);
        let mut n = 0u64;
        for name in drawn(&content) {
            if let Some(&child) = names.get(name.as_slice()) {
                n = n.saturating_add(1).saturating_add(visit(doc, child, resources, path, memo)?);
                if n > MAX_FORM_DRAWS {
                    return Err(ImportError::Damaged(RichKind::Pdf));
                }
            }
        }
        path.pop();
        memo.insert(id, n);
        Ok(n)
    }
    let mut memo = HashMap::new();
    let mut total = 0u64;
    for page in doc.get_pages().into_values() {
        // The reader looks up inherited keys along `/Parent` without a limit.
        let mut node = doc.get_dictionary(page).ok();
        let mut steps = 0;
        while let Some(parent) = node.and_then(|d| d.get(b"Parent").ok()).and_then(|o| o.as_reference().ok()) {
            steps += 1;
            if steps > 64 {
                return Err(ImportError::Damaged(RichKind::Pdf));
            }
            node = doc.get_dictionary(parent).ok();
        }
        let resources = doc
            .get_page_resources(page)
            .ok()
            .and_then(|(r, ids)| r.or_else(|| ids.first().and_then(|&id| doc.get_dictionary(id).ok())));
        let names = forms(doc, resources);
        let content = doc.get_page_content(page).unwrap_or_default();
        for name in drawn(&content) {
            if let Some(&form) = names.get(name.as_slice()) {
                total =
                    total.saturating_add(1).saturating_add(visit(doc, form, resources, &mut Vec::new(), &mut memo)?);
                if total > MAX_FORM_DRAWS {
                    return Err(ImportError::Damaged(RichKind::Pdf));
                }
            }
        }
    }
    Ok(())
}

/// Receives the glyphs `pdf-extract` draws.
#[derive(Default)]
struct Collector {
    lines: LineBuilder,
    /// The top of the page's media box and its left edge.
    top: f64,
    left: f64,
    too_much: bool,
    words: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.top = media_box.ury;
        self.left = media_box.llx;
        self.lines.begin_page();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.lines.end_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The glyph's size is the font size scaled by the text rendering matrix.
        let (sx, sy) = (font_size * trm.m11 + font_size * trm.m21, font_size * trm.m12 + font_size * trm.m22);
        let size = (sx * sy).abs().sqrt();
        let advance = width * (font_size * trm.m11).abs();
        let (x, y) = (trm.m31 - self.left, self.top - trm.m32);
        self.lines.glyph(char, x as f32, y as f32, size as f32, advance as f32);
        if self.lines.chars() > MAX_TEXT_CHARS {
            self.too_much = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.words += 1;
        if self.words > MAX_TEXT_CHARS {
            self.too_much = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
