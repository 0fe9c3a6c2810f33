//! The app's side of sync: one sync at a time, the status the toolbar
//! shows, the credentials of this run, and the background loop that syncs
//! on start, after changes (debounced) and on an interval (立即同步 is a
//! command that waits for its sync).
//!
//! The exchange itself is `Library::sync_as`, which runs on a connection of
//! its own: the window's commands are not held up while a server is slow.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use pizhu_core::{Credentials, ErrorCode, GroupInfo, Library, ShareEdits, ShareReport, SyncInfo, SyncReport};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::commands::ApiError;

/// A change waits this long for more before it is sent (typing a note is
/// many writes).
const DEBOUNCE: Duration = Duration::from_secs(10);
/// Automatic syncs after changes are at most this frequent: 坚果云's free
/// plan allows 600 requests in 30 minutes, a sync takes 3–6.
const MIN_GAP: Duration = Duration::from_secs(60);
/// With nothing to send, the target is looked at this often for others' changes.
const INTERVAL: Duration = Duration::from_secs(10 * 60);
/// How often the loop looks at the library's pending changes.
const TICK: Duration = Duration::from_secs(2);

/// Why an automatic sync is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    /// Changes have rested for the debounce, and the last sync for changes
    /// is a minute old.
    Changes,
    /// The interval has passed since the last sync of any kind.
    Interval,
}

fn due(
    now: Instant,
    pending: u32,
    changed_at: Instant,
    last_auto: Option<Instant>,
    last_sync: Option<Instant>,
) -> Option<Due> {
    let since = |t: Instant| now.saturating_duration_since(t);
    if pending > 0 && since(changed_at) >= DEBOUNCE && last_auto.is_none_or(|t| since(t) >= MIN_GAP) {
        Some(Due::Changes)
    } else if last_sync.is_none_or(|t| since(t) >= INTERVAL) {
        Some(Due::Interval)
    } else {
        None
    }
}

/// What sync is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// No target configured.
    Off,
    /// Configured; not syncing now.
    Idle,
    /// A sync is running.
    Syncing,
    /// The last sync failed (see `error`).
    Error,
}

/// The sync status (a command's answer and an event): what the toolbar shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct SyncStatus {
    /// What sync is doing.
    pub state: SyncState,
    /// Target, pending changes, last sync, conflicts.
    pub info: SyncInfo,
    /// Why the last sync failed, in the window's language.
    pub error: Option<ApiError>,
    /// Set when the keychain could not keep the credentials: they are kept
    /// only until the app quits (one sentence).
    pub keychain_note: Option<String>,
    /// The study group: its address, my name, what I share, its members.
    pub group: GroupInfo,
    /// Why the last exchange with the group failed, in the window's language.
    pub group_error: Option<ApiError>,
}

/// What the 同步与小组 dialog shows of the saved credentials (never the
/// secrets themselves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncAccount {
    /// The remembered target.
    pub target: Option<String>,
    /// The user name (S3: access key id).
    pub user: Option<String>,
    /// Whether a password is saved.
    pub has_password: bool,
    /// Whether a passphrase is saved.
    pub has_passphrase: bool,
}

struct Inner {
    state: SyncState,
    error: Option<ApiError>,
    keychain_note: Option<String>,
    /// Credentials of this run, by canonical target, when the keychain
    /// could not keep them.
    session: HashMap<String, Credentials>,
    /// The last error refused our credentials: no automatic retries (a
    /// server may lock an account after a few) until the reader acts.
    refused: bool,
    /// When the last sync with the remembered target ran (any trigger).
    last_sync: Option<Instant>,
    /// The last exchange with the group failed so.
    group_error: Option<ApiError>,
}

/// Sends a status to the window (`true`: the library changed, reload).
pub type Notify = Box<dyn Fn(&SyncStatus, bool) + Send + Sync>;

/// The app's sync: see the module's documentation.
pub struct Syncer {
    inner: Mutex<Inner>,
    /// Held for the whole of one sync, and of a setup with its saving.
    running: Mutex<()>,
    notify: Mutex<Option<Notify>>,
}

impl Default for Syncer {
    fn default() -> Self {
        Syncer {
            inner: Mutex::new(Inner {
                state: SyncState::Idle,
                error: None,
                keychain_note: None,
                session: HashMap::new(),
                refused: false,
                last_sync: None,
                group_error: None,
            }),
            running: Mutex::new(()),
            notify: Mutex::new(None),
        }
    }
}

fn lang_of(lib: &Library) -> String {
    lib.setting(crate::commands::UI_LANG_SETTING).ok().flatten().unwrap_or_default()
}

pub(crate) fn api(e: pizhu_core::CoreError, lib: &Library) -> ApiError {
    ApiError { code: e.code(), message: e.message(&lang_of(lib)) }
}

impl Syncer {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn one_at_a_time(&self) -> std::sync::MutexGuard<'_, ()> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Where the window hears about status changes.
    pub fn set_notify(&self, notify: Notify) {
        *self.notify.lock().unwrap_or_else(PoisonError::into_inner) = Some(notify);
    }

    fn emit(&self, status: &SyncStatus, changed: bool) {
        if let Some(n) = self.notify.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            n(status, changed);
        }
    }

    fn emit_now(&self, lib: &Library, changed: bool) {
        if let Ok(s) = self.status(lib) {
            self.emit(&s, changed);
        }
    }

    /// The status now.
    pub fn status(&self, lib: &Library) -> Result<SyncStatus, ApiError> {
        let info = lib.sync_info().map_err(|e| api(e, lib))?;
        let group = lib.group_info().map_err(|e| api(e, lib))?;
        let inner = self.inner();
        let state = match inner.state {
            SyncState::Syncing => SyncState::Syncing,
            _ if info.target.is_none() => SyncState::Off,
            SyncState::Error => SyncState::Error,
            _ => SyncState::Idle,
        };
        let error = if state == SyncState::Error { inner.error.clone() } else { None };
        let group_error = if group.target.is_some() { inner.group_error.clone() } else { None };
        Ok(SyncStatus { state, info, error, keychain_note: inner.keychain_note.clone(), group, group_error })
    }

    /// The credentials for a target: this run's, else the keychain's, else
    /// the environment's. A keychain that cannot be read is an error when
    /// the target needs a password (it is not a wrong password).
    fn credentials(&self, lib: &Library, url: Option<&str>) -> Result<Credentials, ApiError> {
        let target = lib.sync_target_url(url, Path::new(".")).map_err(|e| api(e, lib))?;
        if let Some(c) = self.inner().session.get(&target.canonical) {
            return Ok(c.clone());
        }
        Credentials::resolve_checked(&target).map_err(|e| api(pizhu_core::CoreError::Sync(e.into()), lib))
    }

    /// The credentials for a group: as [`Syncer::credentials`].
    fn group_credentials(&self, lib: &Library, url: Option<&str>) -> Result<Credentials, ApiError> {
        let target = lib.group_url(url, Path::new(".")).map_err(|e| api(e, lib))?;
        if let Some(c) = self.inner().session.get(&target.canonical) {
            return Ok(c.clone());
        }
        Credentials::resolve_checked(&target).map_err(|e| api(pizhu_core::CoreError::Sync(e.into()), lib))
    }

    /// One exchange with a group, the caller holding `running`; as
    /// [`Syncer::exchange`].
    fn group_exchange(
        &self,
        lib: &Library,
        url: Option<&str>,
        name: Option<&str>,
        credentials: Credentials,
    ) -> (Result<ShareReport, ApiError>, bool) {
        let before = lib.index_generation();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lib.share(url, Path::new("."), name, &ShareEdits::default(), Some(credentials)).map_err(|e| api(e, lib))
        }))
        .unwrap_or_else(|_| Err(ApiError { code: ErrorCode::Internal, message: "sync failed unexpectedly".into() }));
        let changed = lib.index_generation() != before;
        self.inner().group_error = result.as_ref().err().cloned();
        (result, changed)
    }

    /// Joins the study group at `url` as `name`: one exchange with the
    /// credentials given (empty: the saved ones); when it worked the group
    /// and name are remembered and the credentials kept (keychain, else
    /// this run). A failure remembers nothing.
    pub fn group_join(
        &self,
        lib: &Library,
        url: &str,
        name: &str,
        user: Option<String>,
        password: Option<String>,
        passphrase: Option<String>,
    ) -> Result<SyncStatus, ApiError> {
        let _one = self.one_at_a_time();
        let target = lib.group_url(Some(url), Path::new(".")).map_err(|e| api(e, lib))?;
        let saved = self.group_credentials(lib, Some(&target.canonical)).unwrap_or_default();
        let given = |v: Option<String>| v.filter(|s| !s.is_empty());
        let credentials =
            Credentials { user: given(user), password: given(password), passphrase: given(passphrase) }.over(saved);
        let (result, changed) = self.group_exchange(lib, Some(&target.canonical), Some(name), credentials.clone());
        if let Err(e) = result {
            self.inner().group_error = None;
            if changed {
                self.emit_now(lib, true);
            }
            return Err(e);
        }
        let _ = credentials.save_to_keychain(&target.canonical);
        self.inner().session.insert(target.canonical.clone(), credentials);
        let status = self.status(lib)?;
        self.emit(&status, changed);
        Ok(status)
    }

    /// Exchanges with the remembered group now (after a share changed, 立即同步).
    pub fn group_now(&self, lib: &Library) -> Result<SyncStatus, ApiError> {
        let _one = self.one_at_a_time();
        let credentials = self.group_credentials(lib, None);
        let (result, changed) = match credentials {
            Ok(c) => self.group_exchange(lib, None, None, c),
            Err(e) => {
                self.inner().group_error = Some(e.clone());
                (Err(e), false)
            }
        };
        let status = self.status(lib)?;
        self.emit(&status, changed);
        result.map(|_| status)
    }

    /// Leaves the group: its members' notes leave this library (copies stay).
    pub fn group_leave(&self, lib: &Library) -> Result<SyncStatus, ApiError> {
        let _one = self.one_at_a_time();
        if let Some(t) = lib.group_info().map_err(|e| api(e, lib))?.target {
            self.inner().session.remove(&t);
        }
        lib.leave_group().map_err(|e| api(e, lib))?;
        self.inner().group_error = None;
        let status = self.status(lib)?;
        self.emit(&status, true);
        Ok(status)
    }

    /// What the dialog shows of the remembered target's credentials.
    pub fn account(&self, lib: &Library) -> Result<SyncAccount, ApiError> {
        let target = lib.sync_info().map_err(|e| api(e, lib))?.target;
        let c = match &target {
            // A keychain that cannot be read shows as nothing saved.
            Some(t) => self.credentials(lib, Some(t)).unwrap_or_default(),
            None => Credentials::default(),
        };
        Ok(SyncAccount {
            target,
            user: c.user,
            has_password: c.password.is_some(),
            has_passphrase: c.passphrase.is_some(),
        })
    }

    /// One exchange, the caller holding `running`. A panic inside is an
    /// error like any other (the status never stays at 同步中…). Returns
    /// whether the library changed (merged records, even when the sync
    /// then failed).
    fn exchange(
        &self,
        lib: &Library,
        url: Option<&str>,
        credentials: Credentials,
    ) -> (Result<SyncReport, ApiError>, bool) {
        let before = lib.index_generation();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lib.sync_as(url, Path::new("."), Some(credentials)).map_err(|e| api(e, lib))
        }))
        .unwrap_or_else(|_| Err(ApiError { code: ErrorCode::Internal, message: "sync failed unexpectedly".into() }));
        let changed = lib.index_generation() != before;
        (result, changed)
    }

    /// A sync with the remembered target (立即同步, the background loop):
    /// its outcome is the status.
    fn run(&self, lib: &Library) -> Result<SyncStatus, ApiError> {
        let _one = self.one_at_a_time();
        let credentials = match self.credentials(lib, None) {
            Ok(c) => c,
            Err(e) => {
                self.fail(lib, e.clone());
                return Err(e);
            }
        };
        self.inner().state = SyncState::Syncing;
        self.emit_now(lib, false);
        let (result, changed) = self.exchange(lib, None, credentials);
        {
            let mut inner = self.inner();
            inner.last_sync = Some(Instant::now());
            match &result {
                Ok(_) => {
                    inner.state = SyncState::Idle;
                    inner.error = None;
                    inner.refused = false;
                }
                Err(e) => {
                    inner.state = SyncState::Error;
                    inner.refused = matches!(e.code, ErrorCode::Denied | ErrorCode::Passphrase);
                    inner.error = Some(e.clone());
                }
            }
        }
        let status = self.status(lib)?;
        self.emit(&status, changed);
        result.map(|_| status)
    }

    fn fail(&self, lib: &Library, e: ApiError) {
        {
            let mut inner = self.inner();
            inner.state = SyncState::Error;
            inner.error = Some(e);
        }
        self.emit_now(lib, false);
    }

    /// Sets up syncing with `url`: a first sync with the credentials given
    /// (a field left empty keeps what is saved for that target), then, when
    /// it worked, the target is remembered and the credentials saved in the
    /// keychain, or for this run only when it cannot keep them. A failed
    /// setup is the caller's error only: it remembers and saves nothing, and
    /// the target synced before (if any) goes on as it was.
    pub fn configure(
        &self,
        lib: &Library,
        url: &str,
        user: Option<String>,
        password: Option<String>,
        passphrase: Option<String>,
    ) -> Result<SyncStatus, ApiError> {
        // Held to the end: the background loop must not sync the new target
        // before its credentials are kept.
        let _one = self.one_at_a_time();
        let target = lib.sync_target_url(Some(url), Path::new(".")).map_err(|e| api(e, lib))?;
        let saved = self.credentials(lib, Some(&target.canonical)).unwrap_or_default();
        let given = |v: Option<String>| v.filter(|s| !s.is_empty());
        let credentials =
            Credentials { user: given(user), password: given(password), passphrase: given(passphrase) }.over(saved);
        let previous = lib.sync_info().map_err(|e| api(e, lib))?.target;
        let (result, changed) = self.exchange(lib, Some(&target.canonical), credentials.clone());
        if let Err(e) = result {
            if changed {
                self.emit_now(lib, true);
            }
            return Err(e);
        }
        let note = match credentials.save_to_keychain(&target.canonical) {
            Ok(()) => None,
            // Nothing to keep: a folder without a passphrase.
            Err(_) if credentials.is_empty() => None,
            Err(e) => Some(api(pizhu_core::CoreError::Sync(e.into()), lib).message),
        };
        {
            let mut inner = self.inner();
            inner.session.insert(target.canonical.clone(), credentials);
            inner.keychain_note = note;
            inner.state = SyncState::Idle;
            inner.error = None;
            inner.refused = false;
            inner.last_sync = Some(Instant::now());
        }
        // A target given up for this one keeps nothing of ours in the keychain.
        if let Some(old) = previous.filter(|p| p != &target.canonical) {
            let _ = Credentials::forget_in_keychain(&old);
            self.inner().session.remove(&old);
        }
        let status = self.status(lib)?;
        self.emit(&status, changed);
        Ok(status)
    }

    /// 立即同步: syncs with the remembered target now.
    pub fn sync_now(&self, lib: &Library) -> Result<SyncStatus, ApiError> {
        self.run(lib)
    }

    /// Stops syncing: forgets the target and its credentials (nothing on the
    /// target or in the library is deleted).
    pub fn forget(&self, lib: &Library) -> Result<SyncStatus, ApiError> {
        let _one = self.one_at_a_time();
        let forgotten = lib.forget_sync_target().map_err(|e| api(e, lib))?;
        {
            let mut inner = self.inner();
            if let Some(t) = forgotten {
                inner.session.remove(&t);
            }
            inner.state = SyncState::Off;
            inner.error = None;
            inner.keychain_note = None;
            inner.refused = false;
            inner.last_sync = None;
        }
        let status = self.status(lib)?;
        self.emit(&status, false);
        Ok(status)
    }

    /// Forgets this run's state and credentials (the UI test host's fresh
    /// library).
    pub fn reset(&self) {
        let _one = self.one_at_a_time();
        let mut inner = self.inner();
        inner.state = SyncState::Idle;
        inner.error = None;
        inner.keychain_note = None;
        inner.session.clear();
        inner.refused = false;
        inner.last_sync = None;
    }

    /// The background loop (desktop only; returns never): a sync on start,
    /// 10 s after the last change (at most one such a minute; so, with
    /// changes waiting and the network down, one try a minute) and every 10
    /// minutes after the last sync of any kind. After a refusal of the
    /// credentials it waits for the reader (立即同步 or the dialog).
    pub fn background(&self, lib: &Library) {
        let mut last_auto: Option<Instant> = None;
        let mut seen = (0u32, 0u64);
        let mut changed_at = Instant::now();
        let mut first = true;
        // When the last group exchange began: changes after it are news.
        let mut started = Instant::now();
        loop {
            if !first {
                std::thread::sleep(TICK);
            }
            let Ok(info) = lib.sync_info() else { continue };
            let group = lib.group_info().ok().and_then(|g| g.target);
            if info.target.is_none() && group.is_none() {
                first = false;
                continue;
            }
            // A change: the pending count or the library's generation moved
            // (editing one note again leaves the count as it was).
            let now_seen = (info.pending, lib.index_generation().unwrap_or_default());
            if now_seen != seen {
                seen = now_seen;
                changed_at = Instant::now();
            }
            let now = Instant::now();
            let (refused, last_sync) = {
                let inner = self.inner();
                (inner.refused, inner.last_sync)
            };
            // A group alone counts any change as pending (what I share may
            // have changed); with a library target its count decides.
            let pending = if info.target.is_some() { info.pending } else { u32::from(changed_at > started) };
            let why = due(now, pending, changed_at, last_auto, last_sync);
            let go = first || why.is_some();
            first = false;
            if go {
                if why == Some(Due::Changes) {
                    last_auto = Some(now);
                }
                // A refused password stops the library's syncs, not the group's.
                if info.target.is_some() && !refused {
                    let _ = self.run(lib);
                } else {
                    self.inner().last_sync = Some(Instant::now());
                }
                if group.is_some() {
                    let _ = self.group_now(lib);
                    started = Instant::now();
                    // What the exchanges brought is no change of mine to send.
                    seen = (lib.sync_info().map_or(0, |i| i.pending), lib.index_generation().unwrap_or_default());
                    changed_at = now;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_syncs_wait_for_changes_to_rest_and_keep_a_minute_apart() {
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let synced = Some(t0);
        // Typing: a change 3 s ago waits; 10 s after the last change it goes.
        assert_eq!(None, due(at(13), 1, at(10), None, synced));
        assert_eq!(Some(Due::Changes), due(at(20), 1, at(10), None, synced));
        // Nothing pending: nothing until the interval.
        assert_eq!(None, due(at(300), 0, at(10), None, synced));
        assert_eq!(Some(Due::Interval), due(at(600), 0, at(10), None, synced));
        // Changes right after an automatic sync wait out the minute.
        assert_eq!(None, due(at(40), 1, at(25), Some(at(20)), Some(at(20))));
        assert_eq!(Some(Due::Changes), due(at(80), 1, at(25), Some(at(20)), Some(at(20))));
        // Never synced in this run: due.
        assert_eq!(Some(Due::Interval), due(at(1), 0, at(0), None, None));
    }
}
