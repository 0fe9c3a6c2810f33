//! The IPC commands. Each is a short call into [`pizhu_core::Library`], run
//! on a blocking thread so that no command holds the UI thread; errors cross
//! IPC as `{code, message}`.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use pizhu_core::model::{
    Annotation, AnnotationPatch, Color, Document, DocumentInfo, NewAnnotation, NoteFilter, TagCount,
};
use pizhu_core::{CoreError, ExportRequest, IndexStatus, Library, SearchResults};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    /// Stable code: `not_found`, `invalid`, `bad_file`, `in_use`, `too_new`, `io`, `internal`, `starting`.
    pub code: String,
    /// One sentence for the user.
    pub message: String,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        ApiError { code: e.code().to_owned(), message: e.to_string() }
    }
}

/// What the About box shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    /// The app's version (from `Cargo.toml`).
    pub version: String,
    /// Where the library lives.
    pub data_dir: String,
}

/// The library, once it has opened (opening may rebuild the index, which
/// happens off the UI thread while the window is already up).
pub struct AppState {
    pub data_dir: PathBuf,
    /// When the process started, for `PIZHU_TRACE_STARTUP`.
    pub started: std::time::Instant,
    library: Mutex<Option<Result<Arc<Library>, ApiError>>>,
    opened: Condvar,
    pub status: Mutex<IndexStatus>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> AppState {
        AppState {
            data_dir,
            started: std::time::Instant::now(),
            library: Mutex::new(None),
            opened: Condvar::new(),
            status: Mutex::new(IndexStatus::ready(0)),
        }
    }

    pub fn set_library(&self, lib: Result<Library, ApiError>) {
        let mut slot = self.library.lock().unwrap_or_else(PoisonError::into_inner);
        *slot = Some(lib.map(Arc::new));
        self.opened.notify_all();
    }

    /// Waits until the library is open.
    fn library(&self) -> Result<Arc<Library>, ApiError> {
        let mut slot = self.library.lock().unwrap_or_else(PoisonError::into_inner);
        while slot.is_none() {
            slot = self.opened.wait(slot).unwrap_or_else(PoisonError::into_inner);
        }
        slot.clone()
            .unwrap_or_else(|| Err(ApiError { code: "starting".into(), message: "the library is not open".into() }))
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
        f(&lib).map_err(ApiError::from)
    })
    .await
    .map_err(|e| ApiError { code: "internal".into(), message: e.to_string() })?
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_documents(state: State<'_, Arc<AppState>>) -> Result<Vec<DocumentInfo>, ApiError> {
    with_lib(state, |l| l.documents()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_document(state: State<'_, Arc<AppState>>, id: String) -> Result<Document, ApiError> {
    with_lib(state, move |l| l.document(&id).map(|d| (*d).clone())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_document(
    state: State<'_, Arc<AppState>>,
    path: String,
    title: Option<String>,
) -> Result<DocumentInfo, ApiError> {
    with_lib(state, move |l| l.import_file(std::path::Path::new(&path), title.as_deref())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_colors(state: State<'_, Arc<AppState>>) -> Result<Vec<Color>, ApiError> {
    with_lib(state, |l| l.colors()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rename_color(
    state: State<'_, Arc<AppState>>,
    key: String,
    label: String,
    label_en: Option<String>,
) -> Result<Vec<Color>, ApiError> {
    with_lib(state, move |l| l.rename_color(&key, Some(&label), label_en.as_deref())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_annotations(
    state: State<'_, Arc<AppState>>,
    filter: NoteFilter,
) -> Result<Vec<Annotation>, ApiError> {
    with_lib(state, move |l| l.annotations(&filter)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_annotation(state: State<'_, Arc<AppState>>, input: NewAnnotation) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.create_annotation(&input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_annotation(
    state: State<'_, Arc<AppState>>,
    id: String,
    patch: AnnotationPatch,
) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.update_annotation(&id, &patch)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_annotation(state: State<'_, Arc<AppState>>, id: String) -> Result<(), ApiError> {
    with_lib(state, move |l| l.delete_annotation(&id).map(drop)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn restore_annotation(state: State<'_, Arc<AppState>>, id: String) -> Result<Annotation, ApiError> {
    with_lib(state, move |l| l.restore_annotation(&id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn empty_trash(state: State<'_, Arc<AppState>>) -> Result<u32, ApiError> {
    with_lib(state, |l| l.empty_trash()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_tags(state: State<'_, Arc<AppState>>) -> Result<Vec<TagCount>, ApiError> {
    with_lib(state, |l| l.tags()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rename_tag(state: State<'_, Arc<AppState>>, from: String, to: String) -> Result<(), ApiError> {
    with_lib(state, move |l| l.rename_tag(&from, &to)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn search(state: State<'_, Arc<AppState>>, query: String, limit: u32) -> Result<SearchResults, ApiError> {
    with_lib(state, move |l| l.search(&query, limit.clamp(1, 500) as usize)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn app_info(state: State<'_, Arc<AppState>>) -> Result<AppInfo, ApiError> {
    Ok(AppInfo { version: env!("CARGO_PKG_VERSION").to_owned(), data_dir: state.data_dir.display().to_string() })
}

/// The UI painted its first document. With `PIZHU_TRACE_STARTUP` set, prints
/// the time from start to then (the start-up benchmark reads it).
#[tauri::command(rename_all = "snake_case")]
pub async fn ui_ready(state: State<'_, Arc<AppState>>) -> Result<(), ApiError> {
    if std::env::var_os("PIZHU_TRACE_STARTUP").is_some() {
        eprintln!("pizhu: painted {} ms after start", state.started.elapsed().as_millis());
    }
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn index_status(state: State<'_, Arc<AppState>>) -> Result<IndexStatus, ApiError> {
    Ok(state.status.lock().unwrap_or_else(PoisonError::into_inner).clone())
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupSummary {
    /// The file written.
    pub path: String,
    /// Documents in it.
    pub documents: u32,
    /// Annotations in it (live and in the trash).
    pub annotations: u32,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    /// Notes left out (their passage is gone), with why.
    pub skipped: Vec<String>,
}

#[tauri::command(rename_all = "snake_case")]
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

#[tauri::command(rename_all = "snake_case")]
pub async fn backup_library(state: State<'_, Arc<AppState>>, path: String) -> Result<BackupSummary, ApiError> {
    with_lib(state, move |l| {
        let m = l.backup(std::path::Path::new(&path))?;
        Ok(BackupSummary { path, documents: m.documents as u32, annotations: m.annotations as u32 })
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(state: State<'_, Arc<AppState>>, path: String) -> Result<RestoreSummary, ApiError> {
    with_lib(state, move |l| {
        let r = l.restore(std::path::Path::new(&path))?;
        Ok(RestoreSummary {
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            documents_added: r.documents_added.len() as u32,
            reanchored: r.reanchored.len() as u32,
            skipped: r.skipped.iter().map(|s| format!("«{}»: {}", s.exact, s.reason)).collect(),
        })
    })
    .await
}

/// The one place where commands are registered (`build.rs` lists the same names).
pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        list_documents,
        get_document,
        import_document,
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
        index_status,
        export_notes,
        backup_library,
        restore_backup,
    ]
}
