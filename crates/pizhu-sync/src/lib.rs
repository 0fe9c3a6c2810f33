//! Sync of a Pizhu library with a *target* (a folder: a USB stick, a network
//! share, or a folder another tool syncs; a WebDAV server such as Nextcloud
//! or 坚果云; an S3-compatible bucket such as MinIO, OSS or COS), through
//! Apache OpenDAL, so that the same reader's devices converge.
//!
//! * [`engine`]: one sync — pull every peer's new files, validate all of
//!   them, merge them in one SQLite transaction, then push this device's
//!   changes (a snapshot the first time) and its head. Each device writes
//!   only its own files.
//! * [`group`]: one exchange with a study group — each member's shared
//!   layer, a snapshot replaced whole, and mine sent when it changed.
//! * [`container`]: the file format on the target (magic, header, deflated
//!   body with its checksum) and the checks that refuse a garbled,
//!   truncated, newer or misplaced file.
//! * [`remote`]: the target through OpenDAL, and the forms of its URL.
//! * [`secret`]: the credentials for a target (never stored by us).
//! * [`crypt`]: optional end-to-end encryption under a passphrase (age).
//! * [`error`]: [`SyncError`], one sentence each in English and Chinese.
//!
//! Records and how they merge are pure and live in `pizhu_model::sync`;
//! stamping writes and applying records is the store's (`pizhu_store::sync`).

#![warn(missing_docs)]

pub mod container;
pub mod crypt;
pub mod engine;
pub mod error;
pub mod group;
pub mod remote;
pub mod secret;

pub use engine::{sync, sync_with, Report};
pub use error::{Damage, SyncError};
pub use group::{share_with, ShareReport};
pub use remote::TargetUrl;
pub use secret::Credentials;
