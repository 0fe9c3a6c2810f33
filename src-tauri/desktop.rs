//! The desktop window: plugins, state, opening the library off the UI
//! thread, and watching for writes by other processes (the CLI).

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use pizhu_core::{IndexStatus, Library};
use tauri::Manager;
use tauri_specta::Event;

use crate::commands::{self, ApiError, AppState, IndexProgress, LibraryChanged};
use crate::syncer::SyncStatus;

/// How often the window looks for writes by other processes: the CLI's
/// notes appear within this (plus the indexing itself).
const WATCH_EVERY: Duration = Duration::from_millis(400);

/// glibc raises its mmap threshold to the size of each large block freed,
/// so after one book is opened its megabytes of text and IPC JSON are
/// served from the heap and stay there when freed (idle memory grew by the
/// book). A fixed threshold keeps buffers over 128 KiB in their own
/// mappings, given back to the system as soon as they are freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_buffers_to_the_system() {
    // SAFETY: mallopt only sets an allocator parameter; called before the
    // window's threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_buffers_to_the_system() {}

/// Opens the window on the library in `data_dir`; returns when it closes.
pub fn run(data_dir: PathBuf) -> Result<(), String> {
    // WebKitGTK's DMA-BUF renderer shows blank windows on some GPU drivers and,
    // where it falls back to software, costs ~100 MB more; the reader needs
    // neither. A user who sets the variable keeps their choice.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        // Still single-threaded here: nothing else reads the environment yet.
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    return_large_buffers_to_the_system();
    let state = Arc::new(AppState::new(data_dir.clone()));
    let specta = commands::specta_builder::<tauri::Wry>();
    tauri::Builder::default()
        // First: a second `pizhu` focuses this window instead of opening the database twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .manage(Arc::clone(&state))
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            if let Some(window) = app.get_webview_window("main") {
                *state.printer.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(Box::new(move || window.print().map_err(|e| e.to_string())));
            }
            let handle = app.handle().clone();
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                let report = |s: IndexStatus| {
                    *state.status.lock().unwrap_or_else(PoisonError::into_inner) = s.clone();
                    let _ = IndexProgress(s).emit(&handle);
                };
                let opened = open_owning(&state.data_dir, &report).map_err(ApiError::from);
                if let Err(e) = &opened {
                    eprintln!("pizhu: cannot open the library in {}: {}", state.data_dir.display(), e.message);
                }
                state.set_library(opened);
                if let Ok(lib) = state.library() {
                    start_sync(&handle, &state, &lib);
                    watch(&handle, &lib);
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .map_err(|e| e.to_string())
}

/// Opens the library owning its index. A CLI command may hold the index for
/// a moment: wait for it rather than open shared (a shared window would not
/// index its own writes).
fn open_owning(dir: &Path, report: &dyn Fn(IndexStatus)) -> Result<Library, pizhu_core::CoreError> {
    let mut waited = Duration::ZERO;
    loop {
        let (lib, opened) = Library::open(dir, report)?;
        if !opened.shared || waited >= Duration::from_secs(10) {
            if opened.shared {
                eprintln!("pizhu: another process keeps the search index busy; searching a copy");
            }
            return Ok(lib);
        }
        drop(lib);
        std::thread::sleep(Duration::from_millis(250));
        waited += Duration::from_millis(250);
    }
}

/// Runs sync in the background (on start, after changes, on an interval);
/// its status and what it brought reach the window as events.
fn start_sync(handle: &tauri::AppHandle, state: &Arc<AppState>, lib: &Arc<Library>) {
    let events = handle.clone();
    let index_of = Arc::clone(lib);
    state.sync.set_notify(Box::new(move |status: &SyncStatus, changed: bool| {
        let _ = status.clone().emit(&events);
        if changed {
            let generation = index_of.index_generation().unwrap_or_default();
            let _ = LibraryChanged { generation: generation as u32 }.emit(&events);
        }
    }));
    let state = Arc::clone(state);
    let lib = Arc::clone(lib);
    std::thread::spawn(move || state.sync.background(&lib));
}

/// Indexes what other processes write, and tells the UI, until the app ends.
fn watch(handle: &tauri::AppHandle, lib: &Library) {
    loop {
        std::thread::sleep(WATCH_EVERY);
        match lib.catch_up() {
            Ok(true) => {
                let generation = lib.index_generation().unwrap_or_default();
                let _ = LibraryChanged { generation: generation as u32 }.emit(handle);
            }
            Ok(false) => {}
            Err(e) => eprintln!("pizhu: could not index changes made elsewhere: {e}"),
        }
    }
}
