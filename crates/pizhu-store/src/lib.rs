//! The notes store of Pizhu: SQLite, the one source of truth.
//!
//! Documents (the bundled speech and the user's texts) and annotations live
//! in one SQLite file, opened in WAL mode with foreign keys on. The schema is
//! created and upgraded by the numbered steps in [`migrations`]. Every write
//! that changes library content is one transaction that bumps the store's
//! *generation* and journals what it touched; the search index records the
//! generation it reflects, so a stale index is noticed and caught up from
//! the journal, or rebuilt. The same transaction stamps the registers it
//! changed with a hybrid logical clock, for [`sync`].

#![warn(missing_docs)]

mod error;
pub mod group;
pub mod migrations;
mod store;
mod study;
pub mod sync;
mod versions;

pub use error::StoreError;
pub use store::{later, now, stamp, Entity, MergeDocument, MergeOutcome, Store};
pub use study::{CardRecord, CardRow, CardSchedule, ReadingRecord, ReviewCounts, ReviewRecord, StudyRecords};
pub use sync::{Applied, Keep, SyncConflict, SyncTarget};
pub use versions::{Replacement, VersionRecord};
