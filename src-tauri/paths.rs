//! Where a library lives by default: the OS's app-data directory, the same
//! one Tauri's `app_data_dir` gives for the app identifier.

use std::path::PathBuf;

/// The app identifier (also in `tauri.conf.json`).
pub const IDENTIFIER: &str = "org.pizhu.app";

/// `~/.local/share/org.pizhu.app` on Linux, `~/Library/Application
/// Support/org.pizhu.app` on macOS, `%APPDATA%\org.pizhu.app` on Windows.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(IDENTIFIER)
}
