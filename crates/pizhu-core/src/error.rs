//! The one error type of the library, with stable codes for IPC.

use pizhu_export::ExportError;
use pizhu_import::ImportError;
use pizhu_model::ModelError;
use pizhu_search::SearchError;
use pizhu_store::StoreError;
use pizhu_sync::SyncError;
use serde::{Deserialize, Serialize};
use specta::Type;
use thiserror::Error;

/// What kind of failure an error is: stable, machine-readable, and the same
/// list in Rust and (generated) in TypeScript, where the UI matches it
/// exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No such document, annotation or tag.
    NotFound,
    /// Input that cannot be used (a range, a colour, an empty name, …).
    Invalid,
    /// A file that cannot be read as what it claims to be.
    BadFile,
    /// Another Pizhu process holds something this one needs.
    InUse,
    /// Written by a newer version of Pizhu.
    TooNew,
    /// A file could not be read or written.
    Io,
    /// The library is still opening, or could not be opened (desktop shell).
    Starting,
    /// A sync target refused the user name or password.
    Denied,
    /// An encrypted sync target's passphrase is wrong, missing, or given
    /// for a target that is not encrypted.
    Passphrase,
    /// A study-group member's note: it cannot be changed here, only copied.
    ReadOnly,
    /// A bug or an unexpected failure.
    Internal,
}

impl ErrorCode {
    /// The code as it crosses IPC and scripts see it (`not_found`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Invalid => "invalid",
            ErrorCode::BadFile => "bad_file",
            ErrorCode::InUse => "in_use",
            ErrorCode::TooNew => "too_new",
            ErrorCode::Io => "io",
            ErrorCode::Starting => "starting",
            ErrorCode::Denied => "denied",
            ErrorCode::Passphrase => "passphrase",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Internal => "internal",
        }
    }
}

/// Everything the library can refuse or fail at. `Display` is one sentence
/// for the user; [`CoreError::code`] is a stable machine-readable code.
#[derive(Debug, Error)]
pub enum CoreError {
    /// Bad input from the user (file, range, colour, …).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A Word file (or another rich format) could not be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index failed.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// An export, backup or restore failed (a restore that fails changes nothing).
    #[error(transparent)]
    Export(#[from] ExportError),
    /// Sync refused a target or a remote file, or could not reach it.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// The highlight is not a review card (switched off, or deleted).
    #[error("the highlight {0:?} is not a review card")]
    NotACard(String),
    /// The scheduler refused a card's state (a bug, or a damaged card).
    #[error("could not schedule the review: {0}")]
    Schedule(String),
    /// A study-group member's note: theirs to change, not this reader's.
    #[error(
        "this is {name}'s note from your study group: it cannot be changed here; copy it into your own notes first"
    )]
    NotYours {
        /// The member's name.
        name: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl CoreError {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode::*;
        match self {
            CoreError::Model(
                ModelError::Empty | ModelError::TooLarge { .. } | ModelError::NotText | ModelError::UnsupportedType(_),
            ) => BadFile,
            CoreError::Model(_) => Invalid,
            CoreError::Import(_) => BadFile,
            CoreError::Store(
                StoreError::NoDocument(_)
                | StoreError::NoAnnotation(_)
                | StoreError::NoTag(_)
                | StoreError::NoEssay(_)
                | StoreError::NoConflict(_),
            )
            | CoreError::NotACard(_) => NotFound,
            CoreError::Store(StoreError::NoColor(..) | StoreError::Invalid(_) | StoreError::Model(_)) => Invalid,
            CoreError::Store(StoreError::TooNew { .. }) => TooNew,
            CoreError::Search(SearchError::Locked | SearchError::ReadOnly) => InUse,
            CoreError::Io { .. } | CoreError::Export(ExportError::Io { .. }) => Io,
            CoreError::Export(ExportError::TooNew { .. }) => TooNew,
            CoreError::Export(
                ExportError::Corrupt { .. }
                | ExportError::NotABackup { .. }
                | ExportError::BadManifest { .. }
                | ExportError::Checksum
                | ExportError::Damaged(_),
            ) => BadFile,
            CoreError::Export(ExportError::MissingDocument { .. }) => NotFound,
            CoreError::Sync(
                SyncError::BadUrl(_)
                | SyncError::Unsupported(_)
                | SyncError::PasswordInUrl
                | SyncError::WrongKind { .. }
                | SyncError::BadName,
            ) => Invalid,
            CoreError::NotYours { .. } => ReadOnly,
            CoreError::Sync(SyncError::Denied { .. }) => Denied,
            CoreError::Sync(SyncError::WrongPassphrase | SyncError::NeedPassphrase | SyncError::NotEncryptedTarget) => {
                Passphrase
            }
            CoreError::Sync(SyncError::NoTarget) => NotFound,
            CoreError::Sync(SyncError::Io { .. } | SyncError::Unreachable { .. } | SyncError::Keychain(_)) => Io,
            CoreError::Sync(SyncError::Damaged { .. }) => BadFile,
            CoreError::Sync(SyncError::TooNew { .. }) => TooNew,
            CoreError::Sync(SyncError::Store(StoreError::NoConflict(_))) => NotFound,
            CoreError::Export(ExportError::Store(StoreError::NoColor(..) | StoreError::NoDocument(_))) => Invalid,
            _ => Internal,
        }
    }
}

impl CoreError {
    /// The message in Chinese, the app's first language (`Display` is English).
    pub fn zh(&self) -> String {
        match self {
            CoreError::Model(e) => e.zh(),
            CoreError::Import(e) => e.zh(),
            CoreError::Store(e) => e.zh(),
            CoreError::Search(e) => e.zh(),
            CoreError::Export(e) => e.zh(),
            CoreError::Sync(e) => e.zh(),
            CoreError::NotACard(id) => format!("批注“{id}”不是复习卡片"),
            CoreError::NotYours { name } => {
                format!("这是{name}的批注（学习小组），不能在这里修改；可以先复制到我的批注")
            }
            CoreError::Schedule(e) => format!("无法安排复习：{e}"),
            CoreError::Io { path, source } => format!("{path}：{source}"),
        }
    }

    /// The message in `lang` (`en…` is English; anything else Chinese).
    pub fn message(&self, lang: &str) -> String {
        if lang.starts_with("en") {
            self.to_string()
        } else {
            self.zh()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Library;

    #[test]
    fn a_refused_word_file_is_a_bad_file_and_adds_nothing() {
        let lib = Library::in_memory().expect("library");
        let before = lib.documents().expect("documents").len();
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.resize(512, 0);
        for bytes in [ole, b"PK\x03\x04 cut off".to_vec(), b"plain text".to_vec()] {
            let err = lib.import_bytes("汇编.docx", &bytes, None).expect_err("refused");
            assert!(matches!(err, CoreError::Import(_)), "{err:?}");
            assert_eq!(err.code(), ErrorCode::BadFile);
            assert!(!err.zh().is_empty() && err.message("en") == err.to_string());
        }
        let err =
            lib.import_bytes("old.DOCX", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], None).expect_err("ole");
        assert_eq!(err.zh(), "加密的或旧版 .doc 文件，请在 Word 中另存为 .docx");
        assert_eq!(lib.documents().expect("documents").len(), before);
    }
}
