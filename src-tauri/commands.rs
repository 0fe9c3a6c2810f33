//! The IPC commands: the one list of what the UI can ask of the app. Each is
//! a short call into [`pizhu_core::Library`], run on a blocking thread so
//! that no command holds the UI thread; errors cross IPC as `{code,
//! message}` with `code` an [`ErrorCode`].
//!
//! [`specta_builder`] collects them once. From it come the invoke handler,
//! the TypeScript wrappers and types (`ui/src/bindings/index.ts`, written by
//! [`export_bindings`], kept fresh by a test), and the command list that a
//! test holds `build.rs` and the capability against. A new command is one
//! function here plus its name in `collect_commands!`.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use pizhu_core::model::{
    Annotation, AnnotationPatch, Blank, Color, Coverage, Document, DocumentInfo, DocumentVersion, Essay, EssayPatch,
    NewAnnotation, NoteFilter, Orphan, Rating, ReadingSpan, ReviewCard, ReviewOutcome, ReviewQueue, TagCount,
    TestAnswer, TestResult, VersionReport,
};
use pizhu_core::{
    ConflictView, CoreError, ErrorCode, EssayExportRequest, ExportRequest, IndexStatus, KeepText, Library,
    SearchResults,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;
use tauri_specta::{collect_commands, collect_events, Builder, ErrorHandlingMode, Event};

use crate::syncer::{SyncAccount, SyncStatus, Syncer};

/// An error as the UI receives it (the generated wrappers throw it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ApiError {
    /// What kind of failure; the UI matches it exhaustively.
    pub code: ErrorCode,
    /// One sentence for the user.
    pub message: String,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        ApiError { code: e.code(), message: e.to_string() }
    }
}

/// The library setting that holds the window's language (`zh-CN`, `en`):
/// messages from the app and the CLI follow it.
pub const UI_LANG_SETTING: &str = "ui_lang";

impl ApiError {
    /// `e` worded in the window's language (Chinese unless it is English).
    fn of(e: CoreError, lib: &Library) -> ApiError {
        let lang = lib.setting(UI_LANG_SETTING).ok().flatten().unwrap_or_default();
        ApiError { code: e.code(), message: e.message(&lang) }
    }

    fn internal(message: impl Into<String>) -> ApiError {
        ApiError { code: ErrorCode::Internal, message: message.into() }
    }
}

/// Progress of the search index (event): sent while it is rebuilt.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct IndexProgress(pub IndexStatus);

/// Another process changed the library (event): the CLI wrote while the
/// window was open; the UI reloads what it shows.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct LibraryChanged {
    /// The store generation now indexed.
    pub generation: u32,
}

/// What the About box shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AppInfo {
    /// The app's version (from `Cargo.toml`).
    pub version: String,
    /// Where the library lives.
    pub data_dir: String,
}

/// The library, once it has opened (opening may rebuild the index, which
/// happens off the UI thread while the window is already up).
pub struct AppState {
    /// The library folder.
    pub data_dir: PathBuf,
    /// When the process started, for `PIZHU_TRACE_STARTUP`.
    pub started: std::time::Instant,
    library: Mutex<Option<Result<Arc<Library>, ApiError>>>,
    opened: Condvar,
    /// The index's last reported progress.
    pub status: Mutex<IndexStatus>,
    /// Whether today's automatic backup has been started.
    backed_up: std::sync::atomic::AtomicBool,
    /// Prints the window (set by the desktop shell; absent in the UI test host).
    pub printer: Mutex<Option<Printer>>,
    /// Sync: status, credentials of this run, one sync at a time.
    pub sync: Syncer,
}

/// Opens the system's print dialog for the window.
pub type Printer = Box<dyn Fn() -> Result<(), String> + Send + Sync>;

impl AppState {
    /// State for the library in `data_dir`, not yet open.
    pub fn new(data_dir: PathBuf) -> AppState {
        AppState {
            data_dir,
            started: std::time::Instant::now(),
            library: Mutex::new(None),
            opened: Condvar::new(),
            status: Mutex::new(IndexStatus::ready(0)),
            backed_up: std::sync::atomic::AtomicBool::new(false),
            printer: Mutex::new(None),
            sync: Syncer::default(),
        }
    }

    /// Makes `lib` the library commands use (replacing any before it).
    pub fn set_library(&self, lib: Result<Library, ApiError>) {
        let mut slot = self.library.lock().unwrap_or_else(PoisonError::into_inner);
        *slot = Some(lib.map(Arc::new));
        self.opened.notify_all();
    }

    /// Waits until the library is open.
    pub fn library(&self) -> Result<Arc<Library>, ApiError> {
        let mut slot = self.library.lock().unwrap_or_else(PoisonError::into_inner);
        while slot.is_none() {
            slot = self.opened.wait(slot).unwrap_or_else(PoisonError::into_inner);
        }
        slot.clone()
            .unwrap_or_else(|| Err(ApiError { code: ErrorCode::Starting, message: "the library is not open".into() }))
    }
}

/// Runs `f` on the library on a blocking thread.
async fn with_lib<T: Send + 'static>(
    state: State<'_, Arc<AppState>>,
    f: impl FnOnce(&Library) -> Result<T, CoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || {
        let lib = state.library()?;
        f(&lib).map_err(|e| ApiError::of(e, &lib))
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
}

/// All documents, the bundled speech first.
#[tauri::command]
#[specta::specta]
pub async fn list_documents(state: State<'_, Arc<AppState>>) -> Result<Vec<DocumentInfo>, ApiError> {
    with_lib(state, |l| l.documents()).await
}

/// A document with its blocks.
#[tauri::command]
#[specta::specta]
pub async fn get_document(state: State<'_, Arc<AppState>>, id: String) -> Result<Document, ApiError> {
    with_lib(state, move |l| l.document(&id).map(|d| (*d).clone())).await
}

/// Imports a file (a path the user picked or dropped) as a new document: one of
/// [`import_formats`], a `.txt`/`.md`, Word `.docx`, PDF, EPUB or saved web page.
#[tauri::command]
#[specta::specta]
pub async fn import_document(
    state: State<'_, Arc<AppState>>,
    path: String,
    title: Option<String>,
) -> Result<DocumentInfo, ApiError> {
    with_lib(state, move |l| l.import_file(std::path::Path::new(&path), title.as_deref())).await
}

/// Imports a file as a new version of document `id`: its text is replaced
/// (the old one kept), each note re-anchored or orphaned (待确认).
#[tauri::command]
#[specta::specta]
pub async fn import_version(
    state: State<'_, Arc<AppState>>,
    id: String,
    path: String,
) -> Result<VersionReport, ApiError> {
    with_lib(state, move |l| l.import_version(&id, std::path::Path::new(&path))).await
}

/// Every version of a document, oldest first, the current text last.
#[tauri::command]
#[specta::specta]
pub async fn document_versions(state: State<'_, Arc<AppState>>, id: String) -> Result<Vec<DocumentVersion>, ApiError> {
    with_lib(state, move |l| l.versions(&id)).await
}

/// The notes waiting to be re-attached (待确认), of one document or all,
/// each with the old text around it.
#[tauri::command]
#[specta::specta]
pub async fn orphans(state: State<'_, Arc<AppState>>, doc_id: Option<String>) -> Result<Vec<Orphan>, ApiError> {
    with_lib(state, move |l| l.orphans(doc_id.as_deref())).await
}

/// Re-attaches an orphaned note to `start..end` (code points) of its
/// document's current text.
#[tauri::command]
#[specta::specta]
pub async fn reattach_annotation(
    state: State<'_, Arc<AppState>>,
    id: String,
    start: u32,
    end: u32,
) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.reattach(&id, start, end)).await
}

/// Renames a document; returns it as listed.
#[tauri::command]
#[specta::specta]
pub async fn rename_document(
    state: State<'_, Arc<AppState>>,
    id: String,
    title: String,
) -> Result<DocumentInfo, ApiError> {
    with_lib(state, move |l| l.rename_document(&id, &title)).await
}

/// Moves an imported document to the trash with its notes; returns how many
/// notes went with it (undo: `restore_document`).
#[tauri::command]
#[specta::specta]
pub async fn remove_document(state: State<'_, Arc<AppState>>, id: String) -> Result<u32, ApiError> {
    with_lib(state, move |l| l.remove_document(&id)).await
}

/// Brings a document back from the trash with its notes; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn restore_document(state: State<'_, Arc<AppState>>, id: String) -> Result<u32, ApiError> {
    with_lib(state, move |l| l.restore_document(&id)).await
}

/// Documents in the trash, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_trashed_documents(state: State<'_, Arc<AppState>>) -> Result<Vec<DocumentInfo>, ApiError> {
    with_lib(state, |l| l.trashed_documents()).await
}

/// The highlight colours, with their meanings and colours.
#[tauri::command]
#[specta::specta]
pub async fn list_colors(state: State<'_, Arc<AppState>>) -> Result<Vec<Color>, ApiError> {
    with_lib(state, |l| l.colors()).await
}

/// Renames what a colour means; returns all colours.
#[tauri::command]
#[specta::specta]
pub async fn rename_color(
    state: State<'_, Arc<AppState>>,
    key: String,
    label: String,
    label_en: Option<String>,
) -> Result<Vec<Color>, ApiError> {
    with_lib(state, move |l| l.rename_color(&key, Some(&label), label_en.as_deref())).await
}

/// Annotations matching `filter`, in document order.
#[tauri::command]
#[specta::specta]
pub async fn list_annotations(
    state: State<'_, Arc<AppState>>,
    filter: NoteFilter,
) -> Result<Vec<Annotation>, ApiError> {
    with_lib(state, move |l| l.annotations(&filter)).await
}

/// Highlights a passage (with an optional note and tags).
#[tauri::command]
#[specta::specta]
pub async fn create_annotation(state: State<'_, Arc<AppState>>, input: NewAnnotation) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.create_annotation(&input)).await
}

/// Changes an annotation's note, colour or tags.
#[tauri::command]
#[specta::specta]
pub async fn update_annotation(
    state: State<'_, Arc<AppState>>,
    id: String,
    patch: AnnotationPatch,
) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.update_annotation(&id, &patch)).await
}

/// Moves an annotation to the trash (undo: `restore_annotation`).
#[tauri::command]
#[specta::specta]
pub async fn delete_annotation(state: State<'_, Arc<AppState>>, id: String) -> Result<(), ApiError> {
    with_lib(state, move |l| l.delete_annotation(&id).map(drop)).await
}

/// Brings an annotation back from the trash.
#[tauri::command]
#[specta::specta]
pub async fn restore_annotation(state: State<'_, Arc<AppState>>, id: String) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.restore_annotation(&id)).await
}

/// Deletes everything in the trash for good; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn empty_trash(state: State<'_, Arc<AppState>>) -> Result<u32, ApiError> {
    with_lib(state, |l| l.empty_trash()).await
}

/// Tags with their counts, most used first.
#[tauri::command]
#[specta::specta]
pub async fn list_tags(state: State<'_, Arc<AppState>>) -> Result<Vec<TagCount>, ApiError> {
    with_lib(state, |l| l.tags()).await
}

/// Renames a tag everywhere (merging into `to` if it exists).
#[tauri::command]
#[specta::specta]
pub async fn rename_tag(state: State<'_, Arc<AppState>>, from: String, to: String) -> Result<(), ApiError> {
    with_lib(state, move |l| l.rename_tag(&from, &to)).await
}

/// Searches passages and notes; never fails on the query itself.
#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, Arc<AppState>>, query: String, limit: u32) -> Result<SearchResults, ApiError> {
    with_lib(state, move |l| l.search(&query, limit.clamp(1, 500) as usize)).await
}

/// The file extensions `import_document` reads (lower case, no dot), for the
/// open dialog's filter: `pizhu_core::IMPORT_EXTENSIONS`, the one list.
#[tauri::command]
#[specta::specta]
pub async fn import_formats() -> Result<Vec<String>, ApiError> {
    Ok(pizhu_core::IMPORT_EXTENSIONS.iter().map(|e| (*e).to_owned()).collect())
}

/// Version and library folder, for the About box.
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, Arc<AppState>>) -> Result<AppInfo, ApiError> {
    Ok(AppInfo { version: env!("CARGO_PKG_VERSION").to_owned(), data_dir: state.data_dir.display().to_string() })
}

/// The UI painted its first document. With `PIZHU_TRACE_STARTUP` set, prints
/// the time from start to then (the start-up benchmark reads it).
#[tauri::command]
#[specta::specta]
pub async fn ui_ready(state: State<'_, Arc<AppState>>) -> Result<(), ApiError> {
    if std::env::var_os("PIZHU_TRACE_STARTUP").is_some() {
        eprintln!("pizhu: painted {} ms after start", state.started.elapsed().as_millis());
    }
    // Today's automatic backup (one a day, seven kept): after the first
    // paint and on its own thread, so it never holds up reading.
    if !state.backed_up.swap(true, std::sync::atomic::Ordering::SeqCst) {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            if let Ok(lib) = state.library() {
                if let Err(e) = lib.rolling_backup() {
                    eprintln!("pizhu: automatic backup failed: {e}");
                }
            }
        });
    }
    Ok(())
}

/// Prints what the window shows (the notes view) through the system's print
/// dialog: `window.print()` does nothing in WebKitGTK, the webview's own
/// print operation works on all three systems.
#[tauri::command]
#[specta::specta]
pub async fn print_page(state: State<'_, Arc<AppState>>) -> Result<(), ApiError> {
    match state.printer.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
        Some(print) => print().map_err(|e| ApiError { code: ErrorCode::Internal, message: e }),
        None => Ok(()),
    }
}

/// The window's language (`zh-CN` or `en`), remembered in the library so
/// that messages (here and in the CLI) follow it.
#[tauri::command]
#[specta::specta]
pub async fn set_language(state: State<'_, Arc<AppState>>, lang: String) -> Result<(), ApiError> {
    with_lib(state, move |l| l.set_setting(UI_LANG_SETTING, if lang.starts_with("en") { "en" } else { "zh-CN" })).await
}

/// Whether the search index is ready or being rebuilt.
#[tauri::command]
#[specta::specta]
pub async fn index_status(state: State<'_, Arc<AppState>>) -> Result<IndexStatus, ApiError> {
    Ok(state.status.lock().unwrap_or_else(PoisonError::into_inner).clone())
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupSummary {
    /// The file written.
    pub path: String,
    /// Documents in it.
    pub documents: u32,
    /// Annotations in it (live and in the trash).
    pub annotations: u32,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RestoreSummary {
    /// Notes added.
    pub inserted: u32,
    /// Notes replaced by the backup's newer version.
    pub updated: u32,
    /// Notes that were already as new.
    pub unchanged: u32,
    /// Documents added.
    pub documents_added: u32,
    /// Notes moved to where their quote now is.
    pub reanchored: u32,
    /// Essays added or replaced by a newer version.
    pub essays: u32,
    /// Notes left out (their passage is gone), with why.
    pub skipped: Vec<String>,
}

/// Exports study notes to `path`; returns the path written.
#[tauri::command]
#[specta::specta]
pub async fn export_notes(
    state: State<'_, Arc<AppState>>,
    request: ExportRequest,
    path: String,
) -> Result<String, ApiError> {
    with_lib(state, move |l| {
        let bytes = l.export(&request)?;
        std::fs::write(&path, bytes).map_err(|source| CoreError::Io { path: path.clone(), source })?;
        Ok(path)
    })
    .await
}

/// Writes a backup of the whole library to `path`.
#[tauri::command]
#[specta::specta]
pub async fn backup_library(state: State<'_, Arc<AppState>>, path: String) -> Result<BackupSummary, ApiError> {
    with_lib(state, move |l| {
        let m = l.backup(std::path::Path::new(&path))?;
        Ok(BackupSummary { path, documents: m.documents as u32, annotations: m.annotations as u32 })
    })
    .await
}

/// Merges a backup into the library (newer versions win; all or nothing).
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, Arc<AppState>>, path: String) -> Result<RestoreSummary, ApiError> {
    with_lib(state, move |l| {
        let r = l.restore(std::path::Path::new(&path))?;
        Ok(RestoreSummary {
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            documents_added: r.documents_added.len() as u32,
            reanchored: r.reanchored.len() as u32,
            essays: r.essays,
            skipped: r.skipped.iter().map(|s| format!("«{}»: {}", s.exact, s.reason)).collect(),
        })
    })
    .await
}

// ---- studying: review cards, reading progress, essays ----

/// How many cards a rating sends back with the queue after it.
const QUEUE_AFTER_RATING: u32 = 50;

/// Today's review queue: counts and up to `limit` cards, due ones first.
#[tauri::command]
#[specta::specta]
pub async fn review_queue(state: State<'_, Arc<AppState>>, limit: u32) -> Result<ReviewQueue, ApiError> {
    with_lib(state, move |l| l.review_queue(limit)).await
}

/// Records a review (重来/困难/良好/简单); returns the card rescheduled and the queue after it.
#[tauri::command]
#[specta::specta]
pub async fn rate_card(
    state: State<'_, Arc<AppState>>,
    card: String,
    rating: Rating,
) -> Result<ReviewOutcome, ApiError> {
    with_lib(state, move |l| l.rate_card(&card, rating, QUEUE_AFTER_RATING)).await
}

/// Turns a highlight's review card on or off; returns the card when on.
#[tauri::command]
#[specta::specta]
pub async fn set_card(
    state: State<'_, Arc<AppState>>,
    annotation_id: String,
    enabled: bool,
) -> Result<Option<ReviewCard>, ApiError> {
    with_lib(state, move |l| l.set_card(&annotation_id, enabled)).await
}

/// Chooses the words a card hides (ranges of its sentence; none: the highlight).
#[tauri::command]
#[specta::specta]
pub async fn set_card_blanks(
    state: State<'_, Arc<AppState>>,
    card: String,
    blanks: Vec<Blank>,
) -> Result<ReviewCard, ApiError> {
    with_lib(state, move |l| l.set_card_blanks(&card, &blanks)).await
}

/// Every review card (of one document), in reading order.
#[tauri::command]
#[specta::specta]
pub async fn review_cards(
    state: State<'_, Arc<AppState>>,
    doc_id: Option<String>,
) -> Result<Vec<ReviewCard>, ApiError> {
    with_lib(state, move |l| l.review_cards(doc_id.as_deref())).await
}

/// Up to `count` cards (of one document) at random, for a self-test.
#[tauri::command]
#[specta::specta]
pub async fn self_test(
    state: State<'_, Arc<AppState>>,
    count: u32,
    doc_id: Option<String>,
) -> Result<Vec<ReviewCard>, ApiError> {
    with_lib(state, move |l| l.self_test(count, doc_id.as_deref())).await
}

/// Marks a self-test.
#[tauri::command]
#[specta::specta]
pub async fn grade_test(state: State<'_, Arc<AppState>>, answers: Vec<TestAnswer>) -> Result<TestResult, ApiError> {
    with_lib(state, move |l| l.grade_test(&answers)).await
}

/// Adds time on screen per block of a document (学习进度).
#[tauri::command]
#[specta::specta]
pub async fn record_reading(
    state: State<'_, Arc<AppState>>,
    doc_id: String,
    spans: Vec<ReadingSpan>,
) -> Result<(), ApiError> {
    with_lib(state, move |l| l.record_reading(&doc_id, &spans)).await
}

/// Reading progress of a document, per section.
#[tauri::command]
#[specta::specta]
pub async fn coverage(state: State<'_, Arc<AppState>>, doc_id: String) -> Result<Coverage, ApiError> {
    with_lib(state, move |l| l.coverage(&doc_id)).await
}

/// Live essays (of one document), most recently changed first.
#[tauri::command]
#[specta::specta]
pub async fn essays(state: State<'_, Arc<AppState>>, doc_id: Option<String>) -> Result<Vec<Essay>, ApiError> {
    with_lib(state, move |l| l.essays(doc_id.as_deref())).await
}

/// Starts an essay.
#[tauri::command]
#[specta::specta]
pub async fn create_essay(
    state: State<'_, Arc<AppState>>,
    doc_id: Option<String>,
    title: String,
) -> Result<Essay, ApiError> {
    with_lib(state, move |l| l.create_essay(doc_id.as_deref(), &title)).await
}

/// Changes an essay's title, text or length target (autosave).
#[tauri::command]
#[specta::specta]
pub async fn update_essay(state: State<'_, Arc<AppState>>, id: String, patch: EssayPatch) -> Result<Essay, ApiError> {
    with_lib(state, move |l| l.update_essay(&id, &patch)).await
}

/// Moves an essay to the trash (undo: `restore_essay`).
#[tauri::command]
#[specta::specta]
pub async fn delete_essay(state: State<'_, Arc<AppState>>, id: String) -> Result<Essay, ApiError> {
    with_lib(state, move |l| l.delete_essay(&id)).await
}

/// Brings an essay back from the trash.
#[tauri::command]
#[specta::specta]
pub async fn restore_essay(state: State<'_, Arc<AppState>>, id: String) -> Result<Essay, ApiError> {
    with_lib(state, move |l| l.restore_essay(&id)).await
}

/// The length of a text in 字, as Word counts it.
#[tauri::command]
#[specta::specta]
pub async fn count_chars(text: String) -> Result<u32, ApiError> {
    Ok(pizhu_core::model::count_chars(&text))
}

/// The Markdown that quotes a highlight in an essay, cited with its section.
#[tauri::command]
#[specta::specta]
pub async fn essay_quote(state: State<'_, Arc<AppState>>, annotation_id: String) -> Result<String, ApiError> {
    with_lib(state, move |l| l.essay_quote(&annotation_id)).await
}

/// Exports an essay as DOCX (after GB/T 9704) or Markdown to `path`; returns the path written.
#[tauri::command]
#[specta::specta]
pub async fn export_essay(
    state: State<'_, Arc<AppState>>,
    request: EssayExportRequest,
    path: String,
) -> Result<String, ApiError> {
    with_lib(state, move |l| {
        let bytes = l.export_essay(&request)?;
        std::fs::write(&path, bytes).map_err(|source| CoreError::Io { path: path.clone(), source })?;
        Ok(path)
    })
    .await
}

/// Runs `f` with the app state and the library on a blocking thread
/// (sync: its own errors are already worded).
async fn with_state<T: Send + 'static>(
    state: State<'_, Arc<AppState>>,
    f: impl FnOnce(&AppState, &Library) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || {
        let lib = state.library()?;
        f(&state, &lib)
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
}

/// Where sync stands: target, pending changes, last sync, conflicts, error.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, Arc<AppState>>) -> Result<SyncStatus, ApiError> {
    with_state(state, |s, l| s.sync.status(l)).await
}

/// The remembered target and which of its credentials are saved (never the secrets).
#[tauri::command]
#[specta::specta]
pub async fn sync_account(state: State<'_, Arc<AppState>>) -> Result<SyncAccount, ApiError> {
    with_state(state, |s, l| s.sync.account(l)).await
}

/// Sets up syncing with `url` (a folder, `webdav(s)://…`, `http(s)://…`,
/// `s3://…`): syncs once with the credentials given (empty: keep the saved
/// ones) and, when that worked, remembers the target and keeps the
/// credentials in the system keychain. A failure remembers nothing.
#[tauri::command]
#[specta::specta]
pub async fn sync_configure(
    state: State<'_, Arc<AppState>>,
    url: String,
    user: Option<String>,
    password: Option<String>,
    passphrase: Option<String>,
) -> Result<SyncStatus, ApiError> {
    with_state(state, move |s, l| s.sync.configure(l, &url, user, password, passphrase)).await
}

/// 立即同步: syncs with the remembered target now; resolves when done.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, Arc<AppState>>) -> Result<SyncStatus, ApiError> {
    with_state(state, |s, l| s.sync.sync_now(l)).await
}

/// Stops syncing: forgets the target and removes its credentials from the
/// keychain; nothing on the target or in the library is deleted.
#[tauri::command]
#[specta::specta]
pub async fn sync_forget(state: State<'_, Arc<AppState>>) -> Result<SyncStatus, ApiError> {
    with_state(state, |s, l| s.sync.forget(l)).await
}

/// Conflicts to resolve: a note edited on two devices at once kept one
/// text, and here is the other.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, Arc<AppState>>) -> Result<Vec<ConflictView>, ApiError> {
    with_lib(state, |l| l.conflict_views()).await
}

/// Resolves a conflict (keep this text, the other, or both); resolves to
/// the note as it is now (null when it has been deleted for good).
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    state: State<'_, Arc<AppState>>,
    id: String,
    keep: KeepText,
) -> Result<Option<Annotation>, ApiError> {
    with_lib(state, move |l| {
        let annotation = l.resolve_conflict(&id, keep.into())?;
        match l.annotation(&annotation) {
            Ok(a) => Ok(Some(a)),
            Err(CoreError::Store(pizhu_core::StoreError::NoAnnotation(_))) => Ok(None),
            Err(e) => Err(e),
        }
    })
    .await
}

/// Joins the study group at `url` as `name` (我的名字): one exchange with
/// the credentials given (empty: the saved ones); when it worked the group
/// and the name are remembered and the credentials kept in the keychain.
#[tauri::command]
#[specta::specta]
pub async fn group_join(
    state: State<'_, Arc<AppState>>,
    url: String,
    name: String,
    user: Option<String>,
    password: Option<String>,
    passphrase: Option<String>,
) -> Result<SyncStatus, ApiError> {
    with_state(state, move |s, l| s.sync.group_join(l, &url, &name, user, password, passphrase)).await
}

/// Exchanges with the study group now: the members' changed notes come,
/// mine go if what I share changed.
#[tauri::command]
#[specta::specta]
pub async fn group_now(state: State<'_, Arc<AppState>>) -> Result<SyncStatus, ApiError> {
    with_state(state, |s, l| s.sync.group_now(l)).await
}

/// Leaves the study group: its members' notes leave this library (copies
/// stay); nothing on the target is deleted.
#[tauri::command]
#[specta::specta]
pub async fn group_leave(state: State<'_, Arc<AppState>>) -> Result<SyncStatus, ApiError> {
    with_state(state, |s, l| s.sync.group_leave(l)).await
}

/// Shares (or stops sharing) with the group all my notes on a document
/// (`entity` "document") or one note ("annotation"); the next exchange
/// sends it. Private is the default.
#[tauri::command]
#[specta::specta]
pub async fn set_shared(
    state: State<'_, Arc<AppState>>,
    entity: String,
    id: String,
    shared: bool,
) -> Result<SyncStatus, ApiError> {
    with_state(state, move |s, l| {
        l.set_shared(&entity, &id, shared).map_err(|e| crate::syncer::api(e, l))?;
        s.sync.status(l)
    })
    .await
}

/// Copies a group member's note into my own notes; resolves to the copy.
#[tauri::command]
#[specta::specta]
pub async fn copy_note(state: State<'_, Arc<AppState>>, id: String) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.copy_note(&id)).await
}

/// Every command (and event) of the app: the one list. The invoke handler,
/// the TypeScript bindings and the checked command list all come from it.
pub fn specta_builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .error_handling(ErrorHandlingMode::Throw)
        // One TypeScript type per Rust type: an `Option` is `T | null` both ways.
        .disable_serde_phases()
        .commands(collect_commands![
            list_documents,
            get_document,
            import_document,
            import_version,
            document_versions,
            orphans,
            reattach_annotation,
            import_formats,
            rename_document,
            remove_document,
            restore_document,
            list_trashed_documents,
            list_colors,
            rename_color,
            list_annotations,
            create_annotation,
            update_annotation,
            delete_annotation,
            restore_annotation,
            empty_trash,
            list_tags,
            rename_tag,
            search,
            app_info,
            ui_ready,
            print_page,
            set_language,
            index_status,
            export_notes,
            backup_library,
            restore_backup,
            review_queue,
            rate_card,
            set_card,
            set_card_blanks,
            review_cards,
            self_test,
            grade_test,
            record_reading,
            coverage,
            essays,
            create_essay,
            update_essay,
            delete_essay,
            restore_essay,
            count_chars,
            essay_quote,
            export_essay,
            sync_status,
            sync_account,
            sync_configure,
            sync_now,
            sync_forget,
            sync_conflicts,
            resolve_conflict,
            group_join,
            group_now,
            group_leave,
            set_shared,
            copy_note,
        ])
        .events(collect_events![IndexProgress, LibraryChanged, SyncStatus])
        .typ::<ApiError>()
}

/// Writes the TypeScript bindings (command wrappers, events, types) to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    let ts = specta_typescript::Typescript::default()
        .header("// Generated from src-tauri/commands.rs by tauri-specta: do not edit.\n// Regenerate: PIZHU_WRITE_BINDINGS=1 cargo test --test integration bindings\n");
    specta_builder::<tauri::Wry>().export(ts, path).map_err(|e| e.to_string())
}
