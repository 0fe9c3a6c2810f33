//! The one error type of the import crate.

use thiserror::Error;

/// Why a file could not be imported. Each is one sentence for the user
/// (`Display` in English, [`ImportError::zh`] in Chinese); nothing is written
/// when one is returned.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not a zip at all, or a zip without a Word document inside.
    #[error("the file is not a Word document (.docx), whatever its name says")]
    NotDocx,
    /// An old binary `.doc` or a password-protected `.docx` (both are OLE compound files).
    #[error("the file is encrypted or an old .doc file; save it as .docx in Word and import that")]
    Encrypted,
    /// A zip that is cut off or damaged, or XML that does not parse.
    #[error("the Word document is damaged or incomplete; perhaps the download was cut off")]
    Damaged,
    /// The file itself is larger than [`crate::MAX_DOCX_BYTES`].
    #[error("the file is too large ({size} bytes); Pizhu imports Word documents of at most {limit} bytes")]
    TooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A part unpacks to more than its cap (a zip bomb, or an absurd document).
    #[error("the Word document unpacks to more than {limit} bytes of text; Pizhu does not import it")]
    Unpacks {
        /// The cap in bytes.
        limit: u64,
    },
    /// A valid document without any text.
    #[error("the Word document is empty: it contains no text to read")]
    Empty,
}

impl ImportError {
    /// The message in Chinese, the app's first language (`Display` is English).
    pub fn zh(&self) -> String {
        match self {
            ImportError::NotDocx => "这不是 Word 文档（.docx），与文件名不符".into(),
            ImportError::Encrypted => "加密的或旧版 .doc 文件，请在 Word 中另存为 .docx".into(),
            ImportError::Damaged => "Word 文档已损坏或不完整，可能没有下载完".into(),
            ImportError::TooLarge { size, limit } => {
                format!("文件太大（{size} 字节）；批注最多导入 {limit} 字节的 Word 文档")
            }
            ImportError::Unpacks { limit } => format!("Word 文档解压后超过 {limit} 字节，批注不导入"),
            ImportError::Empty => "Word 文档是空的：里面没有可读的文字".into(),
        }
    }
}
