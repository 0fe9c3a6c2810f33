//! Tauri's build step: app manifest (which commands exist, so that
//! capabilities can allow exactly those) and capability files.

/// Every IPC command of the app; `commands::handler` registers the same list.
const COMMANDS: &[&str] = &[
    "list_documents",
    "get_document",
    "import_document",
    "list_colors",
    "rename_color",
    "list_annotations",
    "create_annotation",
    "update_annotation",
    "delete_annotation",
    "restore_annotation",
    "empty_trash",
    "list_tags",
    "rename_tag",
    "search",
    "app_info",
    "ui_ready",
    "index_status",
    "export_notes",
    "backup_library",
    "restore_backup",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
