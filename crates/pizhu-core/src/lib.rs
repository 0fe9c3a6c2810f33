//! Pizhu's library: one data directory holding the notes store (SQLite, the
//! truth) and the search index (Tantivy, derived from it).
//!
//! [`Library`] is the whole API that the command line and the desktop shell
//! call; both stay thin. It keeps the invariants that span the two stores:
//! every write goes to SQLite first, in one transaction, and then to the
//! index tagged with SQLite's new generation; on opening, an index that is
//! missing, damaged, of an older schema or of another generation is rebuilt.

#![warn(missing_docs)]

mod error;
mod group;
mod library;
mod study;
mod sync;
mod versions;

pub use error::{CoreError, ErrorCode};
pub use group::{GroupInfo, ShareEdits};
pub use library::{
    EssayExportRequest, ExportFormat, ExportRequest, ExportStyle, IndexState, IndexStatus, Library, OpenReport,
    DB_FILE, INDEX_DIR,
};
pub use pizhu_export as export;
pub use pizhu_model as model;
pub use pizhu_search::{HitKind, SearchHit, SearchResults};
pub use pizhu_store::{now, Keep, StoreError, SyncConflict};
pub use pizhu_sync::ShareReport;
pub use pizhu_sync::{Credentials, Report as SyncReport, SyncError};
pub use study::{DESIRED_RETENTION, LOCAL_READER, NEW_PER_DAY, RELEARN_MINUTES};
pub use sync::{ConflictView, KeepText, SyncInfo};

/// The extensions (lower case, no dot) of the files [`Library::import_file`]
/// reads: text and Markdown through the model, Word, PDF, EPUB and web
/// pages through `pizhu-import`. The one list the open dialog, drag and
/// drop and the docs take (through the `import_formats` command).
pub const IMPORT_EXTENSIONS: &[&str] =
    &["txt", "md", "docx", "pdf", "epub", "html", "htm", "text", "markdown", "xhtml"];

#[cfg(test)]
mod tests {
    use super::IMPORT_EXTENSIONS;
    use pizhu_import::RichKind;
    use pizhu_model::import::SourceKind;

    #[test]
    fn every_listed_extension_is_read_and_every_read_one_is_listed() {
        for ext in IMPORT_EXTENSIONS {
            let name = format!("文件.{ext}");
            assert!(RichKind::from_name(&name).is_some() || SourceKind::from_name(&name).is_ok(), "{ext}");
        }
        let refusal = pizhu_model::ModelError::UnsupportedType("x.tif".into());
        for kind in RichKind::ALL {
            for ext in kind.extensions() {
                assert!(IMPORT_EXTENSIONS.contains(ext), "{ext} is read but not listed");
            }
            let dotted = format!(".{}", kind.extensions()[0]);
            assert!(
                refusal.to_string().contains(&dotted) && refusal.zh().contains(&dotted),
                "the refusal names {dotted}"
            );
        }
    }
}
