//! The installers' configuration, checked where it cannot be built: the
//! Windows and macOS bundles are only made by the release workflow, so a typo
//! in `tauri.conf.json` would otherwise surface on a version tag. Also the
//! version-bearing packaging files, which must move with Cargo.toml's version.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("tauri.conf.json")).expect("read tauri.conf.json");
    serde_json::from_str(&text).expect("tauri.conf.json is JSON")
}

fn strings(v: &serde_json::Value) -> Vec<&str> {
    v.as_array().map(|a| a.iter().filter_map(|s| s.as_str()).collect()).unwrap_or_default()
}

#[test]
fn tauri_config_validates_against_the_tauri_cli_schema() {
    // The schema of the @tauri-apps/cli the project builds with (npm ci in ui/).
    let schema: PathBuf = root().join("ui/node_modules/@tauri-apps/cli/config.schema.json");
    assert!(schema.is_file(), "{} is missing: run npm ci in ui/", schema.display());
    let check = "import json, sys\n\
                 from jsonschema import validators\n\
                 schema = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                 config = json.load(open(sys.argv[2], encoding='utf-8'))\n\
                 cls = validators.validator_for(schema)\n\
                 errors = list(cls(schema).iter_errors(config))\n\
                 for e in errors: print('/'.join(map(str, e.path)) + ': ' + e.message[:300])\n\
                 sys.exit(1 if errors else 0)\n";
    let run = Command::new(if cfg!(windows) { "python" } else { "python3" })
        .args(["-c", check])
        .arg(&schema)
        .arg(root().join("tauri.conf.json"))
        .output()
        .expect("python3 with jsonschema (scripts/setup-debian.sh installs it)");
    assert!(
        run.status.success(),
        "tauri.conf.json does not match the Tauri schema:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn windows_installers_offer_simplified_chinese_first_and_english() {
    let c = config();
    let win = &c["bundle"]["windows"];
    // WiX builds one .msi per language; the first is the default download.
    assert_eq!(strings(&win["wix"]["language"]), ["zh-CN", "en-US"]);
    // NSIS: one .exe with both, following the system language, with a chooser.
    assert_eq!(strings(&win["nsis"]["languages"]), ["SimpChinese", "English"]);
    assert_eq!(win["nsis"]["displayLanguageSelector"], true);
}

#[test]
fn macos_bundle_has_category_copyright_and_minimum_version() {
    let c = config();
    let b = &c["bundle"];
    assert_eq!(b["category"], "Education");
    assert!(b["copyright"].as_str().is_some_and(|s| s.contains("Pizhu developers")));
    // Tauri 2's WebView needs macOS 10.15 (Catalina).
    assert_eq!(b["macOS"]["minimumSystemVersion"], "10.15");
}

#[test]
fn linux_packages_install_metainfo_completions_and_the_copyright() {
    let c = config();
    for target in ["deb", "rpm"] {
        let files = c["bundle"]["linux"][target]["files"].as_object().expect("bundle.linux.*.files");
        for (dest, src) in files {
            let src = src.as_str().expect("a path");
            assert!(root().join(src).is_file(), "{target}: {dest} comes from {src}, which is missing");
        }
        assert!(files.contains_key("/usr/share/metainfo/org.pizhu.reader.metainfo.xml"), "{target}");
        assert!(files.contains_key("/usr/share/bash-completion/completions/pizhu"), "{target}");
        assert!(files.contains_key("/usr/share/fish/vendor_completions.d/pizhu.fish"), "{target}");
    }
    let deb = &c["bundle"]["linux"]["deb"]["files"];
    assert_eq!(deb["/usr/share/doc/pizhu/copyright"], "packaging/debian/copyright");
    assert!(deb.get("/usr/share/zsh/vendor-completions/_pizhu").is_some());
    let rpm = &c["bundle"]["linux"]["rpm"]["files"];
    assert_eq!(rpm["/usr/share/licenses/pizhu/LICENSE"], "LICENSE");
    assert!(rpm.get("/usr/share/zsh/site-functions/_pizhu").is_some());
    // lintian and rpmlint want description lines of at most 80 characters.
    let long = c["bundle"]["longDescription"].as_str().expect("longDescription");
    for line in long.lines() {
        assert!(line.chars().count() <= 79, "longDescription line too long: {line}");
    }
}

#[test]
fn packaging_files_name_the_current_version() {
    let version = env!("CARGO_PKG_VERSION");
    let changelog = std::fs::read_to_string(root().join("packaging/debian/changelog")).expect("changelog");
    let first = changelog.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("pizhu ({version}) ")),
        "packaging/debian/changelog must start with an entry for {version}: {first}"
    );
    let metainfo = std::fs::read_to_string(root().join("packaging/org.pizhu.reader.metainfo.xml")).expect("metainfo");
    assert!(
        metainfo.contains(&format!("<release version=\"{version}\"")),
        "packaging/org.pizhu.reader.metainfo.xml needs a <release> for {version}"
    );
    // The AppStream id is the app identifier; it launches the installed desktop file.
    assert_eq!(config()["identifier"], "org.pizhu.reader");
    assert!(metainfo.contains("<id>org.pizhu.reader</id>"));
    assert!(metainfo.contains("<launchable type=\"desktop-id\">Pizhu.desktop</launchable>"));
}
