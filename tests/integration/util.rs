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
        // Never the keychain of whoever runs the tests.
        .env("PIZHU_KEYCHAIN", "off")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run pizhu")
}

/// Runs `pizhu --data-dir DIR ARGS…` with Chinese messages (the default).
fn pizhu_zh(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("PIZHU_LANG", "zh-CN")
        .env("PIZHU_KEYCHAIN", "off")
        .output()
        .expect("run")
}

/// Runs with Chinese messages (the default) and insists on success; returns stdout.
pub fn ok_zh(dir: &Path, args: &[&str]) -> String {
    let out = pizhu_zh(dir, args);
    assert!(out.status.success(), "pizhu {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs with Chinese messages and insists on failure; returns stderr.
pub fn fails_zh(dir: &Path, args: &[&str]) -> String {
    let out = pizhu_zh(dir, args);
    assert!(!out.status.success(), "pizhu {args:?} should fail");
    String::from_utf8(out.stderr).expect("utf-8 stderr")
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

/// Whether LibreOffice can be started: required when `PIZHU_REQUIRE_TOOLS`
/// is set (scripts/test.sh); otherwise a test without it is skipped with a note.
pub fn have_libreoffice() -> bool {
    have_tool("libreoffice")
}

/// Whether a command-line tool (installed by scripts/setup-debian.sh) runs
/// with `--version`: required when `PIZHU_REQUIRE_TOOLS` is set; otherwise
/// a test without it is skipped with a note.
pub fn have_tool(name: &str) -> bool {
    let ok = Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("PIZHU_REQUIRE_TOOLS").is_none(), "PIZHU_REQUIRE_TOOLS is set but {name} is missing");
        println!("note: skipped, {name} not installed");
    }
    ok
}

/// Converts `src` to a Word `.docx` in `out` with LibreOffice (reading it
/// with `infilter`, e.g. `Text (encoded):UTF8`); returns the new file.
pub fn libreoffice_docx(out: &Path, src: &Path, infilter: &str) -> PathBuf {
    libreoffice_convert(out, src, Some(infilter), "docx:MS Word 2007 XML", "docx")
}

/// Converts `src` (a document LibreOffice opens by its extension, such as
/// a flat `.fodt`) to a PDF in `out`; returns the new file.
pub fn libreoffice_pdf(out: &Path, src: &Path) -> PathBuf {
    libreoffice_convert(out, src, None, "pdf:writer_pdf_Export", "pdf")
}

fn libreoffice_convert(out: &Path, src: &Path, infilter: Option<&str>, to: &str, ext: &str) -> PathBuf {
    let profile = format!("-env:UserInstallation=file://{}", out.join("lo-profile").display());
    let mut cmd = Command::new("libreoffice");
    cmd.arg(profile).arg("--headless");
    if let Some(infilter) = infilter {
        cmd.arg(format!("--infilter={infilter}"));
    }
    let run = cmd.args(["--convert-to", to, "--outdir"]).arg(out).arg(src).output().expect("run libreoffice");
    let stem = src.file_stem().expect("stem").to_string_lossy();
    let made = out.join(format!("{stem}.{ext}"));
    assert!(
        made.exists(),
        "no .{ext}: {}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    made
}
