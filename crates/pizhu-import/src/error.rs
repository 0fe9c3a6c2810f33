//! The one error type of the import crate.

use thiserror::Error;

use crate::RichKind;

/// Why a file could not be imported. Each is one sentence for the user
/// (`Display` in English, [`ImportError::zh`] in Chinese) that names the
/// format; nothing is written when one is returned.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The bytes are not of the format the file's name claims (not a zip
    /// with a Word document, not a PDF, not an EPUB book, not HTML).
    #[error("the file is not {}, whatever its name says", .0.a_name())]
    NotThisFormat(RichKind),
    /// Protected: a password-protected `.docx` or an old `.doc` (both OLE
    /// compound files), a PDF that needs a password, an EPUB with DRM.
    #[error("{}", encrypted_en(*.0))]
    Encrypted(RichKind),
    /// Cut off or damaged: a zip without its end, a PDF whose objects do not
    /// parse (or that the PDF reader gave up on), XML that does not parse.
    #[error("the {} is damaged or incomplete; perhaps the download was cut off", .0.name())]
    Damaged(RichKind),
    /// A PDF with pages but no text on them: scanned images.
    #[error("the PDF is a scan without a text layer; run text recognition (OCR) on it and import the result")]
    NoTextLayer,
    /// The file itself is larger than [`RichKind::max_bytes`].
    #[error("the file is too large ({size} bytes); Pizhu imports {} of at most {limit} bytes", .kind.plural())]
    TooLarge {
        /// The format the file's name claims.
        kind: RichKind,
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A part unpacks to more than its cap (a zip bomb, or an absurd document).
    #[error("the {} unpacks to more than {limit} bytes; Pizhu does not import it", .kind.name())]
    Unpacks {
        /// The format (a zip inside: Word or EPUB).
        kind: RichKind,
        /// The cap in bytes.
        limit: u64,
    },
    /// A valid file without any text.
    #[error("the {} is empty: it contains no text to read", .0.name())]
    Empty(RichKind),
}

fn encrypted_en(kind: RichKind) -> &'static str {
    match kind {
        RichKind::Docx => "the file is encrypted or an old .doc file; save it as .docx in Word and import that",
        RichKind::Pdf => "the PDF is protected by a password; save a copy without the password and import that",
        RichKind::Epub => {
            "the EPUB book is protected by DRM (its content is encrypted); Pizhu imports only books without DRM"
        }
        RichKind::Html => "the web page is encrypted; save it again from the browser and import that",
    }
}

impl ImportError {
    /// The message in Chinese, the app's first language (`Display` is English).
    pub fn zh(&self) -> String {
        match self {
            ImportError::NotThisFormat(kind) => format!("这不是{}，与文件名不符", kind.zh_name_full()),
            ImportError::Encrypted(kind) => match kind {
                RichKind::Docx => "加密的或旧版 .doc 文件，请在 Word 中另存为 .docx".into(),
                RichKind::Pdf => "PDF 文件有密码保护，请另存一份不带密码的再导入".into(),
                RichKind::Epub => "EPUB 电子书有 DRM 保护（内容已加密），批注只能导入没有 DRM 的书".into(),
                RichKind::Html => "网页已加密，请在浏览器中重新保存后再导入".into(),
            },
            ImportError::Damaged(kind) => format!("{}已损坏或不完整，可能没有下载完", kind.zh_name()),
            ImportError::NoTextLayer => "PDF 是扫描件，没有文字层；请先做文字识别（OCR）再导入结果".into(),
            ImportError::TooLarge { kind, size, limit } => {
                format!("文件太大（{size} 字节）；批注最多导入 {limit} 字节的{}", kind.zh_name())
            }
            ImportError::Unpacks { kind, limit } => {
                format!("{}解压后超过 {limit} 字节，批注不导入", kind.zh_name())
            }
            ImportError::Empty(kind) => format!("{}是空的：里面没有可读的文字", kind.zh_name()),
        }
    }

    /// The format the error is about.
    pub fn kind(&self) -> Option<RichKind> {
        match self {
            ImportError::NotThisFormat(k)
            | ImportError::Encrypted(k)
            | ImportError::Damaged(k)
            | ImportError::Empty(k) => Some(*k),
            ImportError::TooLarge { kind, .. } | ImportError::Unpacks { kind, .. } => Some(*kind),
            ImportError::NoTextLayer => Some(RichKind::Pdf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_names_its_format_in_one_sentence() {
        let kinds = [RichKind::Docx, RichKind::Pdf, RichKind::Epub, RichKind::Html];
        for kind in kinds {
            let all = [
                ImportError::NotThisFormat(kind),
                ImportError::Encrypted(kind),
                ImportError::Damaged(kind),
                ImportError::TooLarge { kind, size: 9, limit: 8 },
                ImportError::Unpacks { kind, limit: 8 },
                ImportError::Empty(kind),
            ];
            for e in all {
                let (en, zh) = (e.to_string(), e.zh());
                assert!(!en.contains('\n') && !zh.contains('\n'));
                assert_eq!(en.matches(". ").count(), 0, "one sentence: {en}");
                let names_it = match kind {
                    RichKind::Docx => en.contains("Word") || en.contains(".doc"),
                    RichKind::Pdf => en.contains("PDF"),
                    RichKind::Epub => en.contains("EPUB"),
                    RichKind::Html => en.contains("web page"),
                };
                assert!(names_it || matches!(e, ImportError::TooLarge { .. }), "{en}");
                assert_eq!(e.kind(), Some(kind));
            }
        }
        assert_eq!(
            ImportError::NotThisFormat(RichKind::Docx).to_string(),
            "the file is not a Word document (.docx), whatever its name says"
        );
        assert!(ImportError::NoTextLayer.zh().contains("扫描件，没有文字层"));
    }
}
