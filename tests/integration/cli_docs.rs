//! The man pages and shell completions the Linux packages install are
//! generated from the one CLI definition (`pizhu_app::cli::Cli`) and checked
//! in under `packaging/`, so packaging needs no Rust build step of its own.
//! These tests fail when the checked-in files are stale. Regenerate with
//! `PIZHU_WRITE_CLI_DOCS=1 cargo test cli_docs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use pizhu_app::cli::Cli;

fn packaging(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging").join(path)
}

/// The release date of this version, from the AppStream metainfo: the pages
/// carry it (groff needs a date field) and it only changes with a release.
fn release_date() -> String {
    let metainfo = std::fs::read_to_string(packaging("org.pizhu.reader.metainfo.xml")).expect("read the metainfo");
    let tag = format!("<release version=\"{}\" date=\"", env!("CARGO_PKG_VERSION"));
    let start = metainfo.find(&tag).map(|i| i + tag.len()).expect("a <release> for this version with a date");
    metainfo[start..].chars().take_while(|c| *c != '"').collect()
}

/// `pizhu(1)` and one `pizhu-SUBCOMMAND(1)` per subcommand, by file name.
fn man_pages() -> BTreeMap<String, String> {
    // clap builds the help subcommand on demand; it has no page of its own.
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let version = root.get_version().unwrap_or_default().to_owned();
    let date = release_date();
    // Every page carries the same footer: "pizhu VERSION" and the manual name.
    let page = |cmd: clap::Command, see_also: &str| -> (String, String) {
        let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name()).to_owned();
        let man = clap_mangen::Man::new(cmd)
            .title(name.to_uppercase())
            .date(&date)
            .source(format!("pizhu {version}"))
            .manual("Pizhu Manual");
        let mut out = Vec::new();
        man.render(&mut out).expect("render a man page into memory");
        let mut text = String::from_utf8(out).expect("clap_mangen writes UTF-8");
        text.push_str(see_also);
        (format!("{name}.1"), text)
    };
    let subcommands: Vec<clap::Command> = root.get_subcommands().filter(|s| !s.is_hide_set()).cloned().collect();
    let mut pages = BTreeMap::new();
    for sub in &subcommands {
        let (file, text) = page(sub.clone(), ".SH \"SEE ALSO\"\n\\fBpizhu\\fR(1)\n");
        pages.insert(file, text);
    }
    let list: Vec<String> =
        subcommands.iter().map(|s| format!("\\fBpizhu\\-{}\\fR(1)", s.get_name().replace('-', "\\-"))).collect();
    let root_extra = format!(
        ".SH FILES\n\
         .TP\n\\fI~/.local/share/org.pizhu.reader/\\fR\n\
         The library: \\fIpizhu.sqlite3\\fR (notes and added documents), \\fIindex/\\fR \
         (the search index, rebuilt from the database when missing) and \\fIbackups/\\fR \
         (daily backups of the last seven days). \\fB\\-\\-data\\-dir\\fR uses another folder.\n\
         .SH \"SEE ALSO\"\n{}\n",
        list.join(",\n")
    );
    let (file, text) = page(root, &root_extra);
    pages.insert(file, text);
    pages
}

/// bash, zsh and fish completions, under the names their packages expect.
fn completions() -> BTreeMap<String, String> {
    [(Shell::Bash, "pizhu.bash"), (Shell::Zsh, "_pizhu"), (Shell::Fish, "pizhu.fish")]
        .into_iter()
        .map(|(shell, file)| {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "pizhu", &mut out);
            (file.to_owned(), String::from_utf8(out).expect("clap_complete writes UTF-8"))
        })
        .collect()
}

/// The files in `dir`, with Windows line endings undone (a checkout with
/// `core.autocrlf` must not count as stale).
fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    (e.file_name().to_string_lossy().into_owned(), text.replace("\r\n", "\n"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Compares `fresh` with `dir`; with `PIZHU_WRITE_CLI_DOCS` set, first makes
/// `dir` hold exactly `fresh`.
fn assert_current(dir: &Path, fresh: &BTreeMap<String, String>) {
    if std::env::var_os("PIZHU_WRITE_CLI_DOCS").is_some() {
        std::fs::create_dir_all(dir).expect("create the packaging folder");
        for name in read_dir(dir).keys() {
            std::fs::remove_file(dir.join(name)).expect("remove an old generated file");
        }
        for (name, text) in fresh {
            std::fs::write(dir.join(name), text).expect("write a generated file");
        }
    }
    assert_eq!(&read_dir(dir), fresh, "{} is stale: run PIZHU_WRITE_CLI_DOCS=1 cargo test cli_docs", dir.display());
}

#[test]
fn cli_docs_man_pages_are_current() {
    let pages = man_pages();
    assert_current(&packaging("man"), &pages);
    // One page for pizhu and one per subcommand the CLI has.
    let subcommands = Cli::command().get_subcommands().count();
    assert_eq!(pages.len(), subcommands + 1, "{:?}", pages.keys());
    for page in ["pizhu.1", "pizhu-search.1", "pizhu-highlight.1", "pizhu-rename-tag.1"] {
        assert!(pages.contains_key(page), "{page} missing: {:?}", pages.keys());
    }
    let root = &pages["pizhu.1"];
    // All five .TH fields: an empty date would shift the others along.
    let th = format!(".TH PIZHU 1 {} \"pizhu {}\" \"Pizhu Manual\"", release_date(), env!("CARGO_PKG_VERSION"));
    assert!(root.contains(&th), "title line {th} in: {root}");
    assert!(root.contains("\\fBpizhu\\-search\\fR(1)"), "SEE ALSO lists the subcommands");
    assert!(pages["pizhu-search.1"].contains("data\\-dir"), "global options reach subcommand pages");
}

#[test]
fn cli_docs_shell_completions_are_current() {
    let files = completions();
    assert_current(&packaging("completions"), &files);
    assert!(files["pizhu.bash"].contains("complete -F _pizhu"), "bash registers its function");
    assert!(files["_pizhu"].starts_with("#compdef pizhu"), "zsh finds it by #compdef");
    assert!(files["pizhu.fish"].contains("complete -c pizhu"), "fish completes the pizhu command");
    for file in files.values() {
        assert!(file.contains("rename-tag") && file.contains("data-dir"), "every subcommand and option");
    }
}
