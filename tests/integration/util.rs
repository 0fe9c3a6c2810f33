//! Helpers: run the real binary against a data directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `pizhu` binary cargo built for these tests.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_pizhu")
}

/// A fixture in `tests/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Runs `pizhu --data-dir DIR ARGS…`.
pub fn pizhu(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        // These tests read English messages; Chinese is the default (see cli.rs).
        .env("PIZHU_LANG", "en")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run pizhu")
}

/// Runs and insists on success; returns stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = pizhu(dir, args);
    assert!(
        out.status.success(),
        "pizhu {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs and insists on failure; returns stderr.
pub fn fails(dir: &Path, args: &[&str]) -> String {
    let out = pizhu(dir, args);
    assert!(!out.status.success(), "pizhu {args:?} should fail but printed {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).expect("utf-8 stderr")
}

/// JSON lines of `search --json`.
pub fn search_json(dir: &Path, query: &str) -> Vec<serde_json::Value> {
    ok(dir, &["search", query, "--json", "--limit", "200"])
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A fresh temporary data directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}
