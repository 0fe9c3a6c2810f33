//! The one error type of the library, with stable codes for IPC.

use pizhu_export::ExportError;
use pizhu_model::ModelError;
use pizhu_search::SearchError;
use pizhu_store::StoreError;
use thiserror::Error;

/// Everything the library can refuse or fail at. `Display` is one sentence
/// for the user; [`CoreError::code`] is a stable machine-readable code.
#[derive(Debug, Error)]
pub enum CoreError {
    /// Bad input from the user (file, range, colour, …).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The index failed.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// An export, backup or restore failed (a restore that fails changes nothing).
    #[error(transparent)]
    Export(#[from] ExportError),
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
    /// A stable code: `not_found`, `invalid`, `bad_file`, `in_use`, `too_new`, `io`, `internal`.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Model(
                ModelError::Empty | ModelError::TooLarge { .. } | ModelError::NotText | ModelError::UnsupportedType(_),
            ) => "bad_file",
            CoreError::Model(_) => "invalid",
            CoreError::Store(StoreError::NoDocument(_) | StoreError::NoAnnotation(_) | StoreError::NoTag(_)) => {
                "not_found"
            }
            CoreError::Store(StoreError::NoColor(..) | StoreError::Invalid(_) | StoreError::Model(_)) => "invalid",
            CoreError::Store(StoreError::TooNew { .. }) => "too_new",
            CoreError::Search(SearchError::Locked) => "in_use",
            CoreError::Io { .. } | CoreError::Export(ExportError::Io { .. }) => "io",
            CoreError::Export(ExportError::TooNew { .. }) => "too_new",
            CoreError::Export(
                ExportError::Corrupt { .. }
                | ExportError::NotABackup { .. }
                | ExportError::BadManifest { .. }
                | ExportError::Checksum
                | ExportError::Damaged(_),
            ) => "bad_file",
            CoreError::Export(ExportError::MissingDocument { .. }) => "not_found",
            CoreError::Export(ExportError::Store(StoreError::NoColor(..) | StoreError::NoDocument(_))) => "invalid",
            _ => "internal",
        }
    }
}
