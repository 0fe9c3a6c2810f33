//! Study groups (学习小组): the reader's name, what they share, the
//! exchange with the group's target (`pizhu_sync::group`), members' notes
//! as read-only layers, and copying one into the reader's own notes.

use std::path::Path;

use pizhu_model::{Annotation, Member, NewAnnotation};
use pizhu_store::group::Share;
use pizhu_sync::group::clean_name;
use pizhu_sync::{Credentials, ShareReport, SyncError, TargetUrl};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::library::lock;
use crate::{CoreError, Library};

type Result<T> = std::result::Result<T, CoreError>;

/// The setting that holds the reader's name in groups.
const NAME_SETTING: &str = "reader_name";
/// The setting that remembers the group the last share went to.
const GROUP_SETTING: &str = "group.target";
/// When the last exchange with the group finished (RFC 3339).
const GROUP_LAST_SETTING: &str = "group.last";

/// Changes to what is shared, made before an exchange.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ShareEdits {
    /// Documents whose notes (all of mine, now and later) to share.
    pub docs: Vec<String>,
    /// Single notes to share.
    pub notes: Vec<String>,
    /// Stop sharing those instead.
    pub unshare: bool,
}

/// Where the reader stands with their study group, for the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GroupInfo {
    /// The group's address, once joined.
    pub target: Option<String>,
    /// The reader's name in the group.
    pub name: Option<String>,
    /// Documents shared whole.
    pub shared_docs: Vec<String>,
    /// Notes shared one by one.
    pub shared_notes: Vec<String>,
    /// The members met there.
    pub members: Vec<Member>,
    /// When the last exchange finished (RFC 3339 UTC).
    pub last_share: Option<String>,
}

impl Library {
    /// The reader's name in study groups, once given.
    pub fn reader_name(&self) -> Result<Option<String>> {
        Ok(lock(&self.store).setting(NAME_SETTING)?)
    }

    /// The group at `url`, or the remembered one.
    pub fn group_url(&self, url: Option<&str>, cwd: &Path) -> Result<TargetUrl> {
        match url {
            Some(u) => Ok(TargetUrl::parse(u, cwd)?),
            None => {
                let remembered = lock(&self.store).setting(GROUP_SETTING)?;
                Ok(TargetUrl::parse(&remembered.ok_or(SyncError::NoTarget)?, cwd)?)
            }
        }
    }

    /// Exchanges with the study group at `url` (or the remembered one) as
    /// the reader `name` (or the name given before): first the `edits` to
    /// what is shared, then the members' changed layers come and mine goes
    /// if it changed. The group and the name are remembered once it worked.
    pub fn share(
        &self,
        url: Option<&str>,
        cwd: &Path,
        name: Option<&str>,
        edits: &ShareEdits,
        credentials: Option<Credentials>,
    ) -> Result<ShareReport> {
        let target = self.group_url(url, cwd)?;
        let name = match name {
            Some(n) => n.to_owned(),
            None => self.reader_name()?.ok_or(SyncError::BadName)?,
        };
        let name = clean_name(&name).ok_or(SyncError::BadName)?;
        {
            let mut store = lock(&self.store);
            // One group at a time: another's members would stay behind,
            // read-only, with no way to leave them.
            if let Some(current) = store.setting(GROUP_SETTING)?.filter(|c| *c != target.canonical) {
                return Err(pizhu_store::StoreError::Invalid(format!(
                    "you are in the study group at {current}: leave it first (pizhu share --leave, or 退出小组)"
                ))
                .into());
            }
            let t = pizhu_sync::group::group_target(&mut store, &target.canonical)?;
            for (entity, ids) in [("document", &edits.docs), ("annotation", &edits.notes)] {
                for id in ids {
                    let share = Share { entity: entity.into(), id: id.clone() };
                    store.set_shared(t.id, &share, !edits.unshare)?;
                }
            }
        }
        let credentials = credentials.unwrap_or_else(|| Credentials::resolve(&target));
        let report = self.exchange(|store| pizhu_sync::share_with(store, &target, &credentials, &name))?;
        let mut store = lock(&self.store);
        store.set_setting(GROUP_SETTING, &target.canonical)?;
        store.set_setting(NAME_SETTING, &name)?;
        store.set_setting(GROUP_LAST_SETTING, &pizhu_store::now())?;
        Ok(report)
    }

    /// Shares (or stops sharing) one document's notes or one note with the
    /// remembered group; the next exchange sends it.
    pub fn set_shared(&self, entity: &str, id: &str, shared: bool) -> Result<()> {
        let mut store = lock(&self.store);
        let url = store.setting(GROUP_SETTING)?.ok_or(SyncError::NoTarget)?;
        let t = pizhu_sync::group::group_target(&mut store, &url)?;
        store.set_shared(t.id, &Share { entity: entity.into(), id: id.into() }, shared)?;
        Ok(())
    }

    /// Where the reader stands with their group.
    pub fn group_info(&self) -> Result<GroupInfo> {
        let mut store = lock(&self.store);
        let target = store.setting(GROUP_SETTING)?;
        let (mut shared_docs, mut shared_notes) = (Vec::new(), Vec::new());
        if let Some(url) = &target {
            let t = pizhu_sync::group::group_target(&mut store, url)?;
            for s in store.shares(t.id)? {
                if s.entity == "document" {
                    shared_docs.push(s.id);
                } else {
                    shared_notes.push(s.id);
                }
            }
        }
        Ok(GroupInfo {
            name: store.setting(NAME_SETTING)?,
            members: store.members()?,
            last_share: if target.is_some() { store.setting(GROUP_LAST_SETTING)? } else { None },
            target,
            shared_docs,
            shared_notes,
        })
    }

    /// The members met in every group joined.
    pub fn members(&self) -> Result<Vec<Member>> {
        Ok(lock(&self.store).members()?)
    }

    /// Leaves the remembered group: its members' notes leave this library
    /// (copies made of them stay), nothing on the target is deleted, and
    /// its credentials leave the keychain. Returns how many notes went.
    pub fn leave_group(&self) -> Result<u32> {
        let mut store = lock(&self.store);
        let Some(url) = store.setting(GROUP_SETTING)? else { return Ok(0) };
        let removed = store.leave_group(&url)?;
        let _ = Credentials::forget_in_keychain(&url);
        store.remove_setting(GROUP_SETTING)?;
        store.remove_setting(GROUP_LAST_SETTING)?;
        let generation = store.generation()?;
        self.index_written(&mut store, generation)?;
        Ok(removed)
    }

    /// Copies a group member's note into the reader's own notes (same
    /// passage, colour, text and tags); the copy is the reader's to change.
    pub fn copy_note(&self, id: &str) -> Result<Annotation> {
        let a = self.annotation(id)?;
        if a.is_mine() {
            return Err(pizhu_store::StoreError::Invalid("this note is already yours".into()).into());
        }
        if a.orphaned {
            return Err(pizhu_store::StoreError::Invalid(
                "this note's passage is not in your copy of the document; it cannot be copied".into(),
            )
            .into());
        }
        self.create_annotation(&NewAnnotation {
            doc_id: a.doc_id,
            start: a.start,
            end: a.end,
            color: a.color,
            note: a.note,
            tags: a.tags,
        })
    }
}
