//! Sync of the library with a target (`pizhu_sync`), and the conflicts it
//! keeps. On a library in a folder the exchange runs on a connection of its
//! own, so the network never holds the library's lock: the window stays
//! usable while a sync waits for a server; the index catches up from the
//! journal afterwards, as it does for another process's writes.

use std::path::Path;

use pizhu_store::{Keep, Store};
use pizhu_sync::{Credentials, Report, SyncError, TargetUrl};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The setting that remembers the target the last sync went to.
const TARGET_SETTING: &str = "sync.target";
/// The setting that holds when the last sync finished (RFC 3339).
const LAST_SETTING: &str = "sync.last";

use crate::library::lock;
use crate::{CoreError, Library};

type Result<T> = std::result::Result<T, CoreError>;

/// Where sync stands, for the app's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncInfo {
    /// The remembered target's address (canonical, never with a secret).
    pub target: Option<String>,
    /// Notes, documents, colours and conflicts changed here and not yet sent.
    pub pending: u32,
    /// When the last sync finished (RFC 3339 UTC).
    pub last_sync: Option<String>,
    /// Conflicts waiting for the reader.
    pub conflicts: u32,
}

/// A text that lost to a concurrent edit, with what the reader needs to
/// recognise its note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConflictView {
    /// The conflict's id (the same on every device).
    pub id: String,
    /// The note.
    pub annotation_id: String,
    /// The note's document.
    pub doc_id: String,
    /// That document's title.
    pub doc_title: String,
    /// The highlighted words.
    pub quote: String,
    /// The note's text now.
    pub current: String,
    /// The text that lost.
    pub other: String,
    /// When the losing text was written (RFC 3339).
    pub other_written: String,
}

/// Which text of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum KeepText {
    /// The note's text now.
    This,
    /// The text that lost.
    Other,
    /// Both, this one first.
    Both,
}

impl From<KeepText> for Keep {
    fn from(k: KeepText) -> Keep {
        match k {
            KeepText::This => Keep::This,
            KeepText::Other => Keep::Other,
            KeepText::Both => Keep::Both,
        }
    }
}

impl Library {
    /// Syncs the library with the target at `url` (a folder path, relative
    /// to `cwd`, or a `file://`, `webdav(s)://` or `s3://` URL), both ways;
    /// without `url`, with the target the last sync went to. A target that
    /// synced is remembered; a refused remote file changes nothing here.
    /// Credentials: the keychain's, each replaced by the environment's where
    /// that is set (see `pizhu_sync::secret`).
    pub fn sync(&self, url: Option<&str>, cwd: &Path) -> Result<Report> {
        self.sync_as(url, cwd, None)
    }

    /// The target at `url`, or the remembered one.
    pub fn sync_target_url(&self, url: Option<&str>, cwd: &Path) -> Result<TargetUrl> {
        match url {
            Some(u) => Ok(TargetUrl::parse(u, cwd)?),
            None => {
                let remembered = lock(&self.store).setting(TARGET_SETTING)?;
                let u = remembered.ok_or(SyncError::NoTarget)?;
                Ok(TargetUrl::parse(&u, cwd)?)
            }
        }
    }

    /// [`Library::sync`] with the credentials given (`None`: the keychain's
    /// and the environment's), as the desktop shell passes them.
    pub fn sync_as(&self, url: Option<&str>, cwd: &Path, credentials: Option<Credentials>) -> Result<Report> {
        let target = self.sync_target_url(url, cwd)?;
        let credentials = credentials.unwrap_or_else(|| Credentials::resolve(&target));
        let report = self.exchange(|store| pizhu_sync::sync_with(store, &target, &credentials))?;
        let mut store = lock(&self.store);
        if store.setting(TARGET_SETTING)?.as_deref() != Some(target.canonical.as_str()) {
            store.set_setting(TARGET_SETTING, &target.canonical)?;
        }
        store.set_setting(LAST_SETTING, &pizhu_store::now())?;
        Ok(report)
    }

    /// Runs an exchange with a target (`f`) and indexes what it brought. On
    /// a library in a folder it runs on a connection of its own: the
    /// library's lock is not held while the network is slow.
    pub(crate) fn exchange<T>(&self, f: impl FnOnce(&mut Store) -> std::result::Result<T, SyncError>) -> Result<T> {
        match self.db_path() {
            Some(path) => {
                let mut store = Store::open(&path)?;
                let result = f(&mut store);
                // Whatever merged before an error is committed: index it.
                self.catch_up()?;
                Ok(result?)
            }
            None => {
                let mut store = lock(&self.store);
                let before = store.generation()?;
                let result = f(&mut store);
                let generation = store.generation()?;
                if generation != before {
                    lock(&self.docs).clear();
                    self.index_written(&mut store, generation)?;
                }
                Ok(result?)
            }
        }
    }

    /// Where sync stands: the remembered target, changes not yet sent,
    /// the last sync, open conflicts.
    pub fn sync_info(&self) -> Result<SyncInfo> {
        let store = lock(&self.store);
        let target = store.setting(TARGET_SETTING)?;
        let pending = match &target {
            Some(t) => store.sync_pending(t)?.unwrap_or(0),
            None => 0,
        };
        Ok(SyncInfo {
            pending: pending.min(u32::MAX as u64) as u32,
            last_sync: if target.is_some() { store.setting(LAST_SETTING)? } else { None },
            conflicts: store.conflicts()?.len() as u32,
            target,
        })
    }

    /// Stops syncing with the remembered target: forgets its address and
    /// removes its credentials from the keychain. Nothing on the target or
    /// in the library is deleted; syncing with it again later resumes.
    /// Returns the address forgotten.
    pub fn forget_sync_target(&self) -> Result<Option<String>> {
        let mut store = lock(&self.store);
        let target = store.setting(TARGET_SETTING)?;
        if let Some(t) = &target {
            // Best effort: a keychain that cannot be reached holds nothing of ours.
            let _ = Credentials::forget_in_keychain(t);
            store.remove_setting(TARGET_SETTING)?;
            store.remove_setting(LAST_SETTING)?;
        }
        Ok(target)
    }

    /// Conflicts not yet resolved (texts that lost to a concurrent edit).
    pub fn conflicts(&self) -> Result<Vec<pizhu_store::SyncConflict>> {
        Ok(lock(&self.store).conflicts()?)
    }

    /// Conflicts not yet resolved, each with its note's document and quote.
    pub fn conflict_views(&self) -> Result<Vec<ConflictView>> {
        let store = lock(&self.store);
        let titles: std::collections::HashMap<String, String> =
            store.documents()?.into_iter().map(|d| (d.id, d.title)).collect();
        let mut out = Vec::new();
        for c in store.conflicts()? {
            // A note deleted for good since (here or on another device)
            // still lists its conflict, so that it can be closed.
            let (doc_id, quote) = match store.annotation(&c.annotation_id) {
                Ok(a) => (a.doc_id, a.exact),
                Err(pizhu_store::StoreError::NoAnnotation(_)) => (String::new(), String::new()),
                Err(e) => return Err(e.into()),
            };
            out.push(ConflictView {
                id: c.id,
                doc_title: titles.get(&doc_id).cloned().unwrap_or_default(),
                doc_id,
                annotation_id: c.annotation_id,
                quote,
                current: c.current,
                other: c.other,
                other_written: c.other_written,
            });
        }
        Ok(out)
    }

    /// Resolves a conflict: keep this text, the other, or both.
    pub fn resolve_conflict(&self, id: &str, keep: Keep) -> Result<String> {
        let mut store = lock(&self.store);
        let (annotation, generation) = store.resolve_conflict(id, keep)?;
        self.index_written(&mut store, generation)?;
        Ok(annotation)
    }
}
