//! Tauri's build step: the app manifest (which commands exist, so that the
//! capability can allow exactly those) and the capability files.
//!
//! The command list is read from `src-tauri/commands.rs`, the one place
//! commands are written: every function marked `#[tauri::command]` there.
//! A test checks it against the generated TypeScript and the capability.

/// Names of the functions marked `#[tauri::command]` in `src`.
fn commands(src: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut marked = false;
    for line in src.lines().map(str::trim) {
        if line.starts_with("#[tauri::command") {
            marked = true;
        } else if marked && !line.starts_with("#[") {
            let name = line
                .split("fn ")
                .nth(1)
                .and_then(|rest| rest.split(['(', '<']).next())
                .map(str::trim)
                .unwrap_or_default();
            if !name.is_empty() {
                names.push(name.to_owned());
            }
            marked = false;
        }
    }
    names
}

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/commands.rs");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    let src = match std::fs::read_to_string("src-tauri/commands.rs") {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot read src-tauri/commands.rs: {e}");
            std::process::exit(1);
        }
    };
    let names = commands(&src);
    // For the test that checks this list against the bindings and the capability.
    println!("cargo:rustc-env=PIZHU_COMMANDS={}", names.join(","));
    // The manifest wants the list for the life of the build script.
    let names: &'static [String] = names.leak();
    let refs: &'static [&'static str] = names.iter().map(String::as_str).collect::<Vec<_>>().leak();
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(refs));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
