//! The desktop window: plugins, state, and opening the library off the UI thread.

use std::path::PathBuf;
use std::sync::{Arc, PoisonError};

use pizhu_core::{IndexStatus, Library};
use tauri::{Emitter, Manager};

use crate::commands::{self, ApiError, AppState};

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
    let state = Arc::new(AppState::new(data_dir.clone()));
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
        .invoke_handler(commands::handler())
        .setup(move |app| {
            let handle = app.handle().clone();
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                let report = |s: IndexStatus| {
                    *state.status.lock().unwrap_or_else(PoisonError::into_inner) = s.clone();
                    let _ = handle.emit("index-status", s);
                };
                let opened = Library::open(&state.data_dir, &report).map(|(lib, _)| lib).map_err(ApiError::from);
                if let Ok(lib) = &opened {
                    // Today's automatic backup (one a day, seven kept); a failure must not stop reading.
                    if let Err(e) = lib.rolling_backup() {
                        eprintln!("pizhu: automatic backup failed: {e}");
                    }
                }
                if let Err(e) = &opened {
                    eprintln!("pizhu: cannot open the library in {}: {}", state.data_dir.display(), e.message);
                }
                state.set_library(opened);
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .map_err(|e| e.to_string())
}
