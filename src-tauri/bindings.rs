//! The UI's view of the app, generated: the TypeScript command wrappers,
//! events and types in `ui/src/bindings/index.ts` (tauri-specta over
//! [`crate::commands::specta_builder`]), and the list of command names that
//! the app manifest (`build.rs`) and the capability must match. Tests hold
//! all of them against each other, so a command cannot be added to one and
//! forgotten in another.

use std::path::Path;

/// Where the bindings live, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/bindings/index.ts";

/// Writes the bindings to `path`.
pub fn export(path: &Path) -> Result<(), String> {
    crate::commands::export_bindings(path)
}

/// The IPC names of the commands in generated bindings `ts` (each wrapper
/// calls `__TAURI_INVOKE<T>("name", …)`), in order of appearance.
pub fn command_names(ts: &str) -> Vec<String> {
    ts.split("__TAURI_INVOKE")
        .skip(1)
        .filter_map(|call| {
            let after = &call[call.find("(\"")? + 2..];
            Some(after[..after.find('"')?].to_owned())
        })
        .collect()
}
