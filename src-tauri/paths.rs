//! Where a library lives by default: the OS's app-data directory, the same
//! one Tauri's `app_data_dir` gives for the app identifier.

use std::path::PathBuf;

/// The app identifier (also in `tauri.conf.json`).
pub const IDENTIFIER: &str = "org.pizhu.reader";

/// `~/.local/share/org.pizhu.reader` on Linux, `~/Library/Application
/// Support/org.pizhu.reader` on macOS, `%APPDATA%\org.pizhu.reader` on Windows.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(IDENTIFIER)
}
