//! The notes store of Pizhu: SQLite, the one source of truth.
//!
//! Documents (the bundled speech and the user's texts) and annotations live
//! in one SQLite file, opened in WAL mode with foreign keys on. The schema is
//! created and upgraded by the numbered steps in [`migrations`]. Every write
//! is one transaction and bumps the store's *generation*, which the search
//! index records so that a stale index is noticed and rebuilt.

mod error;
pub mod migrations;
mod store;

pub use error::StoreError;
pub use store::{later, now, MergeDocument, MergeOutcome, Store};
