//! Sync of the library with a target (`pizhu_sync`), and the conflicts it
//! keeps: after a pull the index catches up from the journal, as it does
//! for another process's writes.

use std::path::Path;

use pizhu_store::{Keep, SyncConflict};
use pizhu_sync::Report;

use crate::library::lock;
use crate::{CoreError, Library};

type Result<T> = std::result::Result<T, CoreError>;

impl Library {
    /// Syncs the library with the target at `url` (a folder path, relative
    /// to `cwd`, or a `file://` URL), both ways. A refused remote file
    /// changes nothing here.
    pub fn sync(&self, url: &str, cwd: &Path) -> Result<Report> {
        let mut store = lock(&self.store);
        let before = store.generation()?;
        let report = pizhu_sync::sync(&mut store, url, cwd)?;
        let generation = store.generation()?;
        if generation != before {
            lock(&self.docs).clear();
            self.index_written(&mut store, generation)?;
        }
        Ok(report)
    }

    /// Conflicts not yet resolved (texts that lost to a concurrent edit).
    pub fn conflicts(&self) -> Result<Vec<SyncConflict>> {
        Ok(lock(&self.store).conflicts()?)
    }

    /// Resolves a conflict: keep this text, the other, or both.
    pub fn resolve_conflict(&self, id: &str, keep: Keep) -> Result<String> {
        let mut store = lock(&self.store);
        let (annotation, generation) = store.resolve_conflict(id, keep)?;
        self.index_written(&mut store, generation)?;
        Ok(annotation)
    }
}
