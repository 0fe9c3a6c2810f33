//! The UI's command wrappers and types are generated from Rust; these fail
//! when the checked-in ones are stale, and when a command is missing from
//! the bindings, the app manifest or the capability. Regenerate with
//! `PIZHU_WRITE_BINDINGS=1 cargo test --test integration bindings`.

use std::collections::BTreeSet;
use std::path::Path;

use pizhu_app::bindings::{command_names, export, BINDINGS_PATH};

fn fresh() -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("index.ts");
    export(&path).expect("export bindings");
    std::fs::read_to_string(&path).expect("read bindings")
}

#[test]
fn typescript_bindings_are_current() {
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
    let want = fresh();
    if std::env::var_os("PIZHU_WRITE_BINDINGS").is_some() {
        std::fs::write(&checked_in, &want).expect("write bindings");
    }
    let have = std::fs::read_to_string(&checked_in).unwrap_or_default();
    assert!(
        have == want,
        "{BINDINGS_PATH} is stale: run PIZHU_WRITE_BINDINGS=1 cargo test --test integration bindings"
    );
}

#[test]
fn every_command_has_a_wrapper_a_manifest_entry_and_a_capability() {
    let generated: BTreeSet<String> = command_names(&fresh()).into_iter().collect();
    // From build.rs: the functions marked #[tauri::command] in commands.rs.
    let marked: BTreeSet<String> = env!("PIZHU_COMMANDS").split(',').map(str::to_owned).collect();
    assert!(generated.len() >= 20, "commands found in the bindings: {generated:?}");
    assert_eq!(generated, marked, "a #[tauri::command] is not in collect_commands! (or the other way round)");

    let cap: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/main.json"))
            .expect("capability"),
    )
    .expect("capability JSON");
    let allowed: BTreeSet<String> = cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    assert_eq!(allowed, marked, "src-tauri/capabilities/main.json must allow exactly the app's commands");
}
