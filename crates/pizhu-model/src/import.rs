//! Turning a user's file into a document.
//!
//! Accepts `.txt` and `.md`, in UTF-8 (with or without BOM), UTF-16 with BOM,
//! or GB18030/GBK (what Notepad on a Chinese Windows writes), with CRLF or LF
//! line ends. Anything else is refused with a sentence saying why.

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::{Document, ModelError};

/// Largest file Pizhu imports: 8 MiB, several times a long book.
pub const MAX_IMPORT_BYTES: u64 = 8 * 1024 * 1024;

/// The kind of source a file is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Plain text: one block per non-empty line.
    Text,
    /// Markdown: `#` headings become heading blocks and give the title.
    Markdown,
}

impl SourceKind {
    /// The kind for a file name, by extension.
    pub fn from_name(name: &str) -> Result<SourceKind, ModelError> {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "txt" | "text" => Ok(SourceKind::Text),
            "md" | "markdown" => Ok(SourceKind::Markdown),
            _ => Err(ModelError::UnsupportedType(name.to_owned())),
        }
    }
}

/// Decodes the bytes of a text file, detecting its encoding.
pub fn decode(bytes: &[u8]) -> Result<String, ModelError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ModelError::TooLarge { size: bytes.len() as u64, limit: MAX_IMPORT_BYTES });
    }
    let text = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        enc.decode_without_bom_handling_and_without_replacement(&bytes[bom..]).ok_or(ModelError::NotText)?.into_owned()
    } else if let Some(s) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        s.into_owned()
    } else {
        GB18030.decode_without_bom_handling_and_without_replacement(bytes).ok_or(ModelError::NotText)?.into_owned()
    };
    // Decoders accept control bytes; a text file has (almost) none.
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if text.contains('\0') || controls * 100 > text.chars().count().max(1) {
        return Err(ModelError::NotText);
    }
    if text.trim().is_empty() {
        return Err(ModelError::Empty);
    }
    Ok(text)
}

/// Parses a decoded file into a document. The title is `title` if given,
/// else the first Markdown `#` heading, else a title line that opens the
/// text (see [`title_line`]), else the file's stem.
pub fn parse(id: &str, file_name: &str, title: Option<&str>, text: &str) -> Result<Document, ModelError> {
    let kind = SourceKind::from_name(file_name)?;
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let doc = match kind {
        SourceKind::Text => Document::from_text(id, stem, text),
        SourceKind::Markdown => Document::from_lines(
            id,
            stem,
            text.lines().map(|l| {
                let t = l.trim_start();
                let hashes = t.chars().take_while(|&c| c == '#').count();
                if (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t']) {
                    (t[hashes..].trim(), Some(hashes as u8))
                } else {
                    (l, None)
                }
            }),
        ),
    };
    let md_title = (kind == SourceKind::Markdown)
        .then(|| text.lines().map(str::trim_start).find(|l| l.starts_with("# ")).map(|l| l[2..].trim()))
        .flatten();
    let first_line = (kind == SourceKind::Text)
        .then(|| doc.blocks.first().filter(|b| b.kind == crate::BlockKind::Paragraph).and_then(|b| title_line(&b.text)))
        .flatten();
    let title = title.map(str::trim).filter(|t| !t.is_empty()).or(md_title).or(first_line).unwrap_or(stem);
    if doc.is_empty() {
        return Err(ModelError::Empty);
    }
    Ok(Document { title: title.to_owned(), ..doc })
}

/// Whether a text's first line reads as its title: short, and not ending
/// like a sentence or a clause (a speech or a law opens with its title line;
/// a note that opens with a sentence has none).
pub fn title_line(line: &str) -> Option<&str> {
    let t = line.trim();
    let n = t.chars().count();
    let ends_like_a_sentence =
        t.ends_with(['。', '！', '？', '；', '，', '：', '、', '…', '.', '!', '?', ';', ',', ':']);
    (1..=40).contains(&n).then_some(t).filter(|_| !ends_like_a_sentence)
}

/// Decodes and parses a file in one step.
pub fn import(id: &str, file_name: &str, title: Option<&str>, bytes: &[u8]) -> Result<Document, ModelError> {
    SourceKind::from_name(file_name)?;
    parse(id, file_name, title, &decode(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BlockKind;

    #[test]
    fn gb18030_is_detected() {
        let (bytes, _, _) = GB18030.encode("一、学习党史\r\n第一,要学习。\r\n");
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = import("d", "笔记.txt", None, &bytes).expect("GB18030 imports");
        assert_eq!(d.title, "笔记");
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].kind, BlockKind::Heading);
        assert_eq!(d.blocks[1].text, "第一,要学习。");
    }

    #[test]
    fn utf8_bom_and_utf16_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("党史\n".as_bytes());
        assert_eq!(decode(&bytes).as_deref(), Ok("党史\n"));
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend("党史".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&u16).as_deref(), Ok("党史"));
    }

    #[test]
    fn bad_files_are_refused() {
        assert_eq!(decode(b""), Err(ModelError::Empty));
        assert_eq!(decode(" \r\n\u{3000}".as_bytes()), Err(ModelError::Empty));
        assert_eq!(decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, 0xff, 0xfe, 0x00]), Err(ModelError::NotText));
        let big = vec![b'a'; MAX_IMPORT_BYTES as usize + 1];
        assert!(matches!(decode(&big), Err(ModelError::TooLarge { .. })));
        assert!(matches!(import("d", "x.pdf", None, b"abc"), Err(ModelError::UnsupportedType(_))));
    }

    #[test]
    fn markdown_headings_and_title() {
        let d = import("d", "notes.md", None, "# 学习体会\n\n正文一段。\n## 小结\n".as_bytes()).expect("md");
        assert_eq!(d.title, "学习体会");
        assert_eq!(d.blocks[0].text, "学习体会");
        assert_eq!(d.blocks[0].kind, BlockKind::Heading);
        assert_eq!(d.blocks[2].kind, BlockKind::Heading);
        let d = import("d", "notes.md", Some("自定"), "正文".as_bytes()).expect("md");
        assert_eq!(d.title, "自定");
    }

    #[test]
    fn a_title_line_names_a_text() {
        let d = import("d", "download (3).txt", None, "关于加强政法队伍建设的意见\n第一，要读原文。\n".as_bytes())
            .expect("txt");
        assert_eq!(d.title, "关于加强政法队伍建设的意见", "the first line, not the file name");
        assert_eq!(d.blocks.len(), 2, "the title line stays in the text");
        let d = import("d", "心得.txt", None, "今天学习了讲话，很有收获。\n第二行\n".as_bytes()).expect("txt");
        assert_eq!(d.title, "心得", "a first sentence is no title");
        let d = import("d", "提纲.txt", None, "一、学习党史\n正文。\n".as_bytes()).expect("txt");
        assert_eq!(d.title, "提纲", "a numbered section heading is no title");
    }
}
