//! The one error type of the export crate.

use std::path::Path;

use thiserror::Error;

/// Everything exporting, backing up or restoring can fail at. Messages are
/// one sentence for the user (CLI stderr, UI toasts); a failed restore has
/// changed nothing, whatever the variant.
#[derive(Debug, Error)]
pub enum ExportError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The DOCX writer failed.
    #[error("could not write the Word document: {0}")]
    Docx(String),
    /// The backup file is not a readable zip (damaged, truncated, or not a backup at all).
    #[error("{path} is not a readable Pizhu backup: the file is damaged or incomplete ({detail})")]
    Corrupt {
        /// The backup file.
        path: String,
        /// What the zip reader said.
        detail: String,
    },
    /// The zip has no manifest or the manifest is not a Pizhu backup manifest.
    #[error("{path} is not a Pizhu backup: {detail}")]
    NotABackup {
        /// The file.
        path: String,
        /// What is missing or wrong.
        detail: String,
    },
    /// The manifest is JSON of the wrong shape (a field missing or of the wrong type).
    #[error("the manifest of backup {path} is malformed: {detail}")]
    BadManifest {
        /// The backup file.
        path: String,
        /// Which field is wrong, as serde reports it.
        detail: String,
    },
    /// The backup was written by a newer Pizhu (newer backup format or database schema).
    #[error("the backup was written by a newer version of Pizhu ({what} {found}; this version reads up to {supported}); please update Pizhu to restore it")]
    TooNew {
        /// `backup format` or `database schema`.
        what: &'static str,
        /// Version found in the backup.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// The database inside the backup does not match the checksum in its manifest.
    #[error("the backup is damaged: its database does not match the checksum in its manifest")]
    Checksum,
    /// The database inside the backup is not sound.
    #[error("the database inside the backup is damaged: {0}")]
    Damaged(String),
    /// An annotation in the backup belongs to a document that neither the backup nor the library has.
    #[error("the backup has a note ({annotation}) on document {doc:?}, which is neither in the backup nor in this library; nothing was restored")]
    MissingDocument {
        /// The annotation's id.
        annotation: String,
        /// The missing document's id.
        doc: String,
    },
    /// SQLite failed while copying the database for a backup.
    #[error("could not copy the library database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The notes store refused or failed.
    #[error(transparent)]
    Store(#[from] pizhu_store::StoreError),
    /// A JSON value could not be written.
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl ExportError {
    /// An I/O error about `path`.
    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
        move |source| ExportError::Io { path: path.display().to_string(), source }
    }
}

impl ExportError {
    /// The message in Chinese, the app's first language (`Display` is English).
    pub fn zh(&self) -> String {
        match self {
            ExportError::Io { path, source } => format!("{path}：{source}"),
            ExportError::Docx(e) => format!("无法写出 Word 文档：{e}"),
            ExportError::Corrupt { path, detail } => {
                format!("{path} 不是可读的批注备份：文件已损坏或不完整（{detail}）")
            }
            ExportError::NotABackup { path, detail } => format!("{path} 不是批注备份：{detail}"),
            ExportError::BadManifest { path, detail } => format!("备份 {path} 的清单格式不对：{detail}"),
            ExportError::TooNew { what, found, supported } => {
                let what = if *what == "backup format" { "备份格式" } else { "数据库结构" };
                format!(
                    "这个备份由更新版本的批注写成（{what} {found}；本版本最多读到 {supported}）；请更新批注后再恢复"
                )
            }
            ExportError::Checksum => "备份已损坏：其中的数据库与清单里的校验值不符".into(),
            ExportError::Damaged(e) => format!("备份中的数据库已损坏：{e}"),
            ExportError::MissingDocument { annotation, doc } => {
                format!(
                    "备份里有一条批注（{annotation}）属于文档“{doc}”，但备份和本文库中都没有这篇文档；什么也没有恢复"
                )
            }
            ExportError::Sqlite(e) => format!("无法复制文库数据库：{e}"),
            ExportError::Store(e) => e.zh(),
            ExportError::Json(e) => format!("无法写出 JSON：{e}"),
        }
    }
}
