//! Sync of the library with a target (`pizhu_sync`), and the conflicts it
//! keeps: after a pull the index catches up from the journal, as it does
//! for another process's writes.

use std::path::Path;

use pizhu_store::{Keep, SyncConflict};
use pizhu_sync::{Credentials, Report, SyncError, TargetUrl};

/// The setting that remembers the target the last sync went to.
const TARGET_SETTING: &str = "sync.target";

use crate::library::lock;
use crate::{CoreError, Library};

type Result<T> = std::result::Result<T, CoreError>;

impl Library {
    /// Syncs the library with the target at `url` (a folder path, relative
    /// to `cwd`, or a `file://`, `webdav(s)://` or `s3://` URL), both ways;
    /// without `url`, with the target the last sync went to. A target that
    /// synced is remembered; a refused remote file changes nothing here.
    /// Credentials come from the environment (see `pizhu_sync::secret`).
    pub fn sync(&self, url: Option<&str>, cwd: &Path) -> Result<Report> {
        self.sync_as(url, cwd, None)
    }

    /// [`Library::sync`] with the credentials given (`None`: from the
    /// environment), as the desktop shell will pass them from the keychain.
    pub fn sync_as(&self, url: Option<&str>, cwd: &Path, credentials: Option<Credentials>) -> Result<Report> {
        let target = match url {
            Some(u) => TargetUrl::parse(u, cwd)?,
            None => {
                let remembered = lock(&self.store).setting(TARGET_SETTING)?;
                let u = remembered.ok_or(SyncError::NoTarget)?;
                TargetUrl::parse(&u, cwd)?
            }
        };
        let credentials = credentials.unwrap_or_else(|| Credentials::from_env(&target));
        let mut store = lock(&self.store);
        let before = store.generation()?;
        let result = pizhu_sync::sync_with(&mut store, &target, &credentials);
        // Whatever merged before an error is committed: let the index catch up.
        let generation = store.generation()?;
        if generation != before {
            lock(&self.docs).clear();
            self.index_written(&mut store, generation)?;
        }
        let report = result?;
        if store.setting(TARGET_SETTING)?.as_deref() != Some(target.canonical.as_str()) {
            store.set_setting(TARGET_SETTING, &target.canonical)?;
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
