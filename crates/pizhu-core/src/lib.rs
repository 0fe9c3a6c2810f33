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
mod library;
mod study;
mod versions;

pub use error::{CoreError, ErrorCode};
pub use library::{
    EssayExportRequest, ExportFormat, ExportRequest, ExportStyle, IndexState, IndexStatus, Library, OpenReport,
    DB_FILE, INDEX_DIR,
};
pub use pizhu_export as export;
pub use pizhu_model as model;
pub use pizhu_search::{HitKind, SearchHit, SearchResults};
pub use pizhu_store::{now, StoreError};
pub use study::{DESIRED_RETENTION, LOCAL_READER, NEW_PER_DAY, RELEARN_MINUTES};
