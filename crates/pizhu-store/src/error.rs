//! The one error type of the store crate.

use thiserror::Error;

/// What can go wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite failed (disk full, file locked, corrupt file, …).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer Pizhu.
    #[error("the library was written by a newer version of Pizhu (schema {found}; this version reads up to {supported}); please update Pizhu")]
    TooNew {
        /// Schema version found in the file.
        found: u32,
        /// Newest schema version this build knows.
        supported: u32,
    },
    /// No such document.
    #[error("there is no document with id {0:?}")]
    NoDocument(String),
    /// No such annotation (or it is in the trash when a live one was asked for).
    #[error("there is no annotation with id {0:?}")]
    NoAnnotation(String),
    /// No such colour.
    #[error("there is no colour {0:?}; colours are: {1}")]
    NoColor(String, String),
    /// No such tag.
    #[error("there is no tag {0:?}")]
    NoTag(String),
    /// A value is invalid (empty tag name, …).
    #[error("{0}")]
    Invalid(String),
    /// A stored document could not be read back.
    #[error("stored document {0:?} is damaged: {1}")]
    Damaged(String, String),
    /// A model rule was broken (bad range, …).
    #[error(transparent)]
    Model(#[from] pizhu_model::ModelError),
}
