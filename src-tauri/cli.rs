//! The `pizhu` command line: the same binary as the desktop app. With a
//! subcommand it works headless and never initialises a window system;
//! without one it opens the window. This is also the contract for scripts
//! and tests: errors are one sentence on stderr and a non-zero exit.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use pizhu_core::model::{Annotation, AnnotationPatch, BlockKind, NoteFilter, Rating, ReviewCard};
use pizhu_core::{CoreError, ExportFormat, ExportRequest, ExportStyle, HitKind, Library, SearchHit};

use crate::commands::UI_LANG_SETTING;
use crate::paths::default_data_dir;

/// 批注 Pizhu — read closely, highlight, annotate, and find your notes again.
#[derive(Debug, Parser)]
#[command(name = "pizhu", version, about, long_about = None)]
pub struct Cli {
    /// The library folder (default: the OS's app-data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// What to do; nothing opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the documents in the library.
    Documents {
        /// List the documents in the trash instead.
        #[arg(long)]
        trash: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rename a document.
    RenameDoc {
        /// Document id.
        doc: String,
        /// The new title.
        #[arg(allow_hyphen_values = true)]
        title: String,
    },
    /// Move an imported document to the trash, with its notes (`restore ID` brings both back).
    RemoveDoc {
        /// Document id.
        doc: String,
    },
    /// Print a document with its numbered blocks.
    Show {
        /// Document id (`speech` is the bundled speech).
        doc: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add a file as a document: .txt or .md (UTF-8 or GB18030), Word .docx, PDF (its text layer), EPUB, or a saved web page (.html); prints its id.
    /// With `--version-of ID`, the file is a new version of that document: its
    /// text is replaced (the old one is kept) and each note stays, moves with its
    /// words, or waits as 待确认 (orphaned) when no place is certain.
    Import {
        /// The file.
        file: PathBuf,
        /// Title (default: the file's own title — a Markdown heading, Word's Title, the book's or page's title — or its title line, or its name).
        #[arg(long, conflicts_with = "version_of")]
        title: Option<String>,
        /// Import the file as a new version of this document.
        #[arg(long, value_name = "ID")]
        version_of: Option<String>,
        /// Print JSON (with `--version-of`: the document and how many notes stayed, moved, were orphaned).
        #[arg(long)]
        json: bool,
    },
    /// List the versions of a document's text.
    Versions {
        /// Document id.
        doc: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the notes waiting to be re-attached (待确认) after a new version, with their old text.
    Orphans {
        /// Only this document.
        doc: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Re-attach a waiting (待确认) note to a passage of the current text.
    Reattach {
        /// Annotation id.
        id: String,
        /// Start, code points.
        #[arg(long)]
        start: u32,
        /// End (exclusive), code points.
        #[arg(long)]
        end: u32,
    },
    /// Highlight a passage; prints the annotation as JSON.
    Highlight(HighlightArgs),
    /// List annotations in document order.
    Notes {
        /// Only this document.
        doc: Option<String>,
        /// Only annotations with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only this colour.
        #[arg(long)]
        color: Option<String>,
        /// List the trash instead.
        #[arg(long)]
        trash: bool,
        /// Only my own notes (not my study group's).
        #[arg(long, conflicts_with = "member")]
        mine: bool,
        /// Only this group member's notes (their name or id).
        #[arg(long)]
        member: Option<String>,
        /// Print JSON (each note with "author": the writer's name, "mine"
        /// and "member": the group member's id, or null for mine).
        #[arg(long)]
        json: bool,
    },
    /// Change an annotation's note, colour or tags (tags given replace the old ones).
    Edit {
        /// Annotation id.
        id: String,
        /// New note (may begin with `-`, as Markdown lists do).
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        /// New colour.
        #[arg(long)]
        color: Option<String>,
        /// New tags (repeat the option; `--tag ''` clears them).
        #[arg(long = "tag", allow_hyphen_values = true)]
        tags: Vec<String>,
    },
    /// Move an annotation to the trash.
    Delete {
        /// Annotation id.
        id: String,
    },
    /// Bring an annotation or a document back from the trash (`restore ID`),
    /// or merge a backup file into the library (`restore FILE.zip`: the newest
    /// version of each note wins; all or nothing).
    Restore {
        /// Annotation or document id, or the path of a backup file.
        target: String,
    },
    /// Delete everything in the trash for good.
    EmptyTrash,
    /// List tags with their counts.
    Tags {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rename a tag everywhere (merging into TO if it exists).
    RenameTag {
        /// The tag now.
        from: String,
        /// Its new name.
        to: String,
    },
    /// List the highlight colours and their meanings.
    Colors {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rename what a colour means (e.g. `rename-color yellow 必背`).
    RenameColor {
        /// Colour key: yellow, red, green, blue, purple.
        key: String,
        /// The meaning, in Chinese.
        label: String,
        /// The meaning, in English.
        #[arg(long = "en")]
        label_en: Option<String>,
    },
    /// Search passages and notes (terms are ANDed, "quotes" match a phrase).
    Search {
        /// The query.
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Print one JSON object per hit.
        #[arg(long)]
        json: bool,
        /// Most hits to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Rebuild the search index from the notes store.
    Reindex,
    /// Export study notes: a Word document (学习笔记), Markdown, or W3C Web Annotation JSON-LD.
    Export(ExportArgs),
    /// Write a backup of the whole library (one zip file).
    Backup {
        /// The backup file to write (e.g. pizhu-backup.zip).
        file: PathBuf,
    },
    /// List essays (心得体会) with their length in 字.
    Essays {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sync the library with a folder (a USB stick, a network share, a folder
    /// another tool syncs), both ways: notes, tags, colour meanings, the trash
    /// and imported documents (each text sent once). Each device writes only
    /// its own files there; a damaged remote file is refused and nothing here
    /// changes.
    Sync {
        /// The target: a folder path, file://…, webdav://host:port/path
        /// (webdavs:// over TLS), or s3://bucket/prefix?endpoint=…&region=….
        /// Without it, the target the last sync went to. Credentials: the
        /// system keychain's (saved by the app or --save-credentials), or
        /// PIZHU_SYNC_USER / PIZHU_SYNC_PASSWORD (S3: AWS_ACCESS_KEY_ID /
        /// AWS_SECRET_ACCESS_KEY) and PIZHU_SYNC_PASSPHRASE, never in the URL.
        url: Option<String>,
        /// Print one JSON object: {"sent","received","conflicts","requests"}.
        #[arg(long)]
        json: bool,
        /// After a sync that worked, keep the credentials used in the system
        /// keychain, so that later syncs (and the app) need no variables.
        #[arg(long, conflicts_with = "forget")]
        save_credentials: bool,
        /// Stop syncing: forget the remembered target and remove its
        /// credentials from the keychain. Nothing on the target or here is deleted.
        #[arg(long, conflicts_with_all = ["url", "json"])]
        forget: bool,
    },
    /// Share notes with a study group (学习小组) at a folder, WebDAV or S3
    /// target, and fetch the other members' shared notes: they show beside
    /// mine, under their names, read-only. Private is the default: only the
    /// documents (--doc) and notes (--note) shared, ever, are sent. Each
    /// exchange replaces each member's layer with what they share now.
    Share {
        /// The group's target (forms as for `sync`; never your own
        /// library's sync target). Without it, the group the last share went to.
        url: Option<String>,
        /// My reader name in the group (remembered).
        #[arg(long = "as", value_name = "NAME")]
        name: Option<String>,
        /// Share all my notes on this document, now and later (repeatable).
        #[arg(long = "doc", value_name = "ID")]
        docs: Vec<String>,
        /// Share this one note (repeatable).
        #[arg(long = "note", value_name = "ID")]
        notes: Vec<String>,
        /// Stop sharing the --doc and --note given (they leave the group
        /// with this exchange; copies others made stay theirs).
        #[arg(long)]
        unshare: bool,
        /// Print one JSON object: {"sent","received","members","requests"}.
        #[arg(long)]
        json: bool,
        /// After an exchange that worked, keep the credentials in the system keychain.
        #[arg(long, conflicts_with = "leave")]
        save_credentials: bool,
        /// Leave the remembered group: its members' notes leave this
        /// library (copies stay); nothing on the target is deleted.
        #[arg(long, conflicts_with_all = ["url", "json", "docs", "notes", "unshare", "name"])]
        leave: bool,
    },
    /// Copy a group member's note into my own notes (then mine to change).
    Copy {
        /// The note's id.
        id: String,
    },
    /// List the sync conflicts to resolve: a note edited on two devices at
    /// once keeps one text and this list keeps the other.
    Conflicts {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Resolve a sync conflict: keep this text (the note's now), the other, or both.
    Resolve {
        /// The conflict's id (see `pizhu conflicts`).
        id: String,
        /// Which text the note keeps.
        #[arg(long, value_parser = parse_keep)]
        keep: pizhu_core::Keep,
    },
    /// Review cards (复习): list today's due cards, or rate one
    /// (`review CARD --rate good`) and print when it is due next.
    Review {
        /// The card to rate (a card's id is its highlight's id).
        card: Option<String>,
        /// How well you recalled it: again (重来), hard (困难), good (良好) or easy (简单).
        #[arg(long, value_parser = parse_rating, requires = "card")]
        rate: Option<Rating>,
        /// Most cards to list.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Print JSON (one object per card).
        #[arg(long)]
        json: bool,
    },
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format: docx, md, w3c.
    #[arg(long, value_parser = parse_format)]
    pub format: ExportFormat,
    /// Only this document (default: every document with notes).
    #[arg(long)]
    pub doc: Option<String>,
    /// Export this essay (心得体会, docx or md) instead of notes.
    #[arg(long, conflicts_with = "doc")]
    pub essay: Option<String>,
    /// 单位 for an essay's byline.
    #[arg(long, requires = "essay")]
    pub unit: Option<String>,
    /// DOCX look: gbt (after GB/T 9704) or plain.
    #[arg(long, value_parser = parse_style, default_value = "gbt")]
    pub style: ExportStyle,
    /// Reader's name for the title block.
    #[arg(long)]
    pub reader: Option<String>,
    /// Title (default: the document's title, or 学习笔记 for several).
    #[arg(long)]
    pub title: Option<String>,
    /// Also my study group's notes, grouped by member after mine (what a
    /// group's secretary hands in).
    #[arg(long, conflicts_with = "essay")]
    pub members: bool,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `highlight`.
#[derive(Debug, Args)]
pub struct HighlightArgs {
    /// Document id.
    pub doc: String,
    /// The passage, by its text.
    #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["start", "end"], required_unless_present_all = ["start", "end"])]
    pub quote: Option<String>,
    /// Which occurrence of the quote (1 = first).
    #[arg(long, default_value_t = 1, requires = "quote")]
    pub nth: usize,
    /// Start, in characters (code points) from the start of the document.
    #[arg(long, requires = "end")]
    pub start: Option<u32>,
    /// End (exclusive), in characters.
    #[arg(long, requires = "start")]
    pub end: Option<u32>,
    /// Colour: yellow (重点), red (存疑), green (金句), blue (联系实际), purple (其他).
    #[arg(long, default_value = "yellow")]
    pub color: String,
    /// The note (may begin with `-`, as Markdown lists do).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub note: String,
    /// A tag (repeat for more).
    #[arg(long = "tag", allow_hyphen_values = true)]
    pub tags: Vec<String>,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    match s {
        "docx" => Ok(ExportFormat::Docx),
        "md" | "markdown" => Ok(ExportFormat::Md),
        "w3c" | "jsonld" => Ok(ExportFormat::W3c),
        _ => Err(format!("unknown format {s:?}; use docx, md or w3c")),
    }
}

fn parse_rating(s: &str) -> Result<Rating, String> {
    Rating::parse(s).ok_or_else(|| format!("unknown rating {s:?}; use again, hard, good or easy"))
}

fn parse_style(s: &str) -> Result<ExportStyle, String> {
    match s {
        "gbt" => Ok(ExportStyle::Gbt),
        "plain" => Ok(ExportStyle::Plain),
        _ => Err(format!("unknown style {s:?}; use gbt or plain")),
    }
}

fn parse_keep(s: &str) -> Result<pizhu_core::Keep, String> {
    match s {
        "this" => Ok(pizhu_core::Keep::This),
        "other" => Ok(pizhu_core::Keep::Other),
        "both" => Ok(pizhu_core::Keep::Both),
        _ => Err(format!("unknown choice {s:?}; use this, other or both")),
    }
}

/// Parses the process arguments and runs; returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    match cli.command {
        None => match crate::desktop::run(data_dir) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("pizhu: {e}");
                1
            }
        },
        Some(command) => {
            attach_console();
            match run(&data_dir, command) {
                Ok(()) => 0,
                Err(e) => {
                    let lang = message_lang();
                    eprintln!("pizhu: {}", sentence(&e.message(&lang)));
                    if e.code() == pizhu_core::ErrorCode::InUse {
                        eprintln!("pizhu: (library: {})", data_dir.display());
                    }
                    2
                }
            }
        }
    }
}

/// Capitalised and full-stopped: error messages are sentences (Chinese
/// ones end in 。).
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    let mut out: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
    if !out.ends_with(['.', '。', '!', '?', '！', '？']) {
        let chinese = out.chars().last().is_some_and(|c| !c.is_ascii());
        out.push(if chinese { '。' } else { '.' });
    }
    out
}

/// The language the app's window is in, as it last told the library.
static UI_LANG: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The language of messages: `PIZHU_LANG` if set, else the app's (the
/// library remembers the window's language), else Chinese.
fn message_lang() -> String {
    std::env::var("PIZHU_LANG")
        .ok()
        .filter(|l| !l.is_empty())
        .or_else(|| UI_LANG.get().cloned())
        .unwrap_or_else(|| "zh-CN".to_owned())
}

#[cfg(windows)]
fn attach_console() {
    // A GUI-subsystem binary has no console; borrow the parent's so the CLI prints.
    #[link(name = "kernel32")]
    extern "system" {
        fn AttachConsole(pid: u32) -> i32;
    }
    // SAFETY: AttachConsole has no preconditions; failure just means no console.
    unsafe {
        AttachConsole(u32::MAX);
    }
}

#[cfg(not(windows))]
fn attach_console() {}

fn open(dir: &std::path::Path) -> Result<Library, CoreError> {
    let (lib, report) = Library::open(dir, &|_| {})?;
    if let Ok(Some(lang)) = lib.setting(UI_LANG_SETTING) {
        let _ = UI_LANG.set(lang);
    }
    if let (false, false, Some(why)) = (report.created, report.shared, report.rebuilt) {
        eprintln!("pizhu: rebuilt the search index ({why})");
    }
    Ok(lib)
}

fn print_json<T: serde::Serialize>(v: &T) {
    // Serialising our own plain data types cannot fail.
    println!("{}", serde_json::to_string(v).unwrap_or_default());
}

/// Runs one subcommand against the library in `dir`.
pub fn run(dir: &std::path::Path, command: Command) -> Result<(), CoreError> {
    let lib = open(dir)?;
    let mut out = std::io::stdout().lock();
    match command {
        Command::Documents { trash, json } => {
            let docs = if trash { lib.trashed_documents()? } else { lib.documents()? };
            if json {
                print_json(&docs);
            } else {
                for d in docs {
                    let _ = writeln!(out, "{}\t{}\t{} 段 / {} 字", d.id, d.title, d.blocks, d.chars);
                }
            }
        }
        Command::Show { doc, json } => {
            let d = lib.document(&doc)?;
            if json {
                print_json(&*d);
            } else {
                let _ = writeln!(out, "《{}》", d.title);
                for b in &d.blocks {
                    let mark = match b.kind {
                        BlockKind::Subtitle => "副题",
                        BlockKind::Heading => "标题",
                        BlockKind::Paragraph => "正文",
                    };
                    let _ = writeln!(out, "[{}] {} @{}  {}", b.index, mark, b.start, b.text);
                }
            }
        }
        Command::Import { file, title, version_of: None, json } => {
            let info = lib.import_file(&file, title.as_deref())?;
            if json {
                print_json(&info);
            } else {
                let _ = writeln!(out, "{}", info.id);
            }
        }
        Command::Import { file, version_of: Some(doc), json, .. } => {
            let r = lib.import_version(&doc, &file)?;
            if json {
                print_json(&r);
            } else {
                let _ = writeln!(
                    out,
                    "《{}》第 {} 版：{} 条批注原位，{} 条随文移动，{} 条待确认\n\
                     (version {}: {} stayed, {} moved, {} orphaned)",
                    r.document.title,
                    r.document.version,
                    r.stayed,
                    r.moved,
                    r.orphaned,
                    r.document.version,
                    r.stayed,
                    r.moved,
                    r.orphaned
                );
                if r.orphaned > 0 {
                    let _ = writeln!(out, "待确认的批注：pizhu orphans {doc}");
                }
            }
        }
        Command::Versions { doc, json } => {
            let versions = lib.versions(&doc)?;
            if json {
                print_json(&versions);
            } else {
                for v in versions {
                    let now = if v.replaced.is_none() { "  (当前 current)" } else { "" };
                    let _ = writeln!(out, "第 {} 版  {}  {} 字{now}", v.version, v.created, v.chars);
                }
            }
        }
        Command::Orphans { doc, json } => {
            let orphans = lib.orphans(doc.as_deref())?;
            if json {
                print_json(&orphans);
            } else {
                for o in orphans {
                    let a = &o.annotation;
                    let _ = writeln!(out, "{}  [第 {} 版] …{}【{}】{}…", a.id, o.version, o.before, a.exact, o.after);
                    if !a.note.trim().is_empty() {
                        let _ = writeln!(out, "    {}", a.note.trim().replace('\n', "\n    "));
                    }
                }
            }
        }
        Command::Reattach { id, start, end } => {
            let a = lib.reattach(&id, start, end)?;
            print_json(&a);
        }
        Command::Highlight(h) => {
            let a = match &h.quote {
                Some(q) => lib.highlight_quote(&h.doc, q, h.nth, &h.color, &h.note, &h.tags)?,
                // clap requires --start and --end without --quote; a missing one is an empty range.
                None => lib.create_annotation(&pizhu_core::model::NewAnnotation {
                    doc_id: h.doc,
                    start: h.start.unwrap_or(0),
                    end: h.end.unwrap_or(0),
                    color: h.color,
                    note: h.note,
                    tags: h.tags,
                })?,
            };
            print_json(&a);
        }
        Command::Notes { doc, tag, color, trash, mine, member, json } => {
            let author = match (mine, member) {
                (true, _) => Some(pizhu_core::model::annotation::MINE.to_owned()),
                (false, Some(m)) => {
                    let members = lib.members()?;
                    let found = members.iter().find(|x| x.id == m || x.name == m);
                    let found = found.ok_or_else(|| pizhu_core::StoreError::Invalid(format!("no group member {m}")))?;
                    Some(found.id.clone())
                }
                (false, None) => None,
            };
            let notes = lib.annotations(&NoteFilter { doc_id: doc, tag, color, text: None, trash, author })?;
            if json {
                let me = lib.reader_name()?.unwrap_or_else(|| pizhu_core::model::annotation::MINE.to_owned());
                let notes: Vec<serde_json::Value> = notes
                    .iter()
                    .map(|a| {
                        let mut v = serde_json::to_value(a).unwrap_or_default();
                        if let Some(o) = v.as_object_mut() {
                            let (name, member) = match &a.author {
                                Some(x) => (x.name.clone(), Some(x.id.clone())),
                                None => (me.clone(), None),
                            };
                            o.insert("author".into(), name.into());
                            o.insert("mine".into(), a.is_mine().into());
                            o.insert("member".into(), member.into());
                        }
                        v
                    })
                    .collect();
                print_json(&notes);
            } else {
                let colors = lib.colors()?;
                for a in notes {
                    let label = colors.iter().find(|c| c.key == a.color).map_or(a.color.as_str(), |c| c.label.as_str());
                    let _ = writeln!(out, "{}", human_note(&a, label));
                }
            }
        }
        Command::Edit { id, note, color, tags } => {
            let tags = (!tags.is_empty()).then_some(tags);
            let a = lib.update_annotation(&id, &AnnotationPatch { note, color, tags })?;
            print_json(&a);
        }
        Command::Delete { id } => {
            let a = lib.delete_annotation(&id)?;
            let _ = writeln!(out, "已移入回收站 (moved to trash): {} «{}»", a.id, a.exact);
        }
        Command::Restore { target } if !std::path::Path::new(&target).is_file() => {
            match lib.restore_annotation(&target) {
                Ok(a) => {
                    let _ = writeln!(out, "已恢复 (restored): {} «{}»", a.id, a.exact);
                }
                Err(CoreError::Store(pizhu_core::StoreError::NoAnnotation(_))) => {
                    let notes = lib.restore_document(&target)?;
                    let _ = writeln!(out, "已恢复文档 (document restored): {target}, {notes} 条批注");
                }
                Err(e) => return Err(e),
            }
        }
        Command::Review { card: Some(card), rate: Some(rating), json, .. } => {
            let c = lib.rate_card(&card, rating, 0)?.card;
            if json {
                print_json(&CardLine::of(&c, ""));
            } else {
                let _ = writeln!(out, "{}  {}  → {}", c.card, c.prompt, c.due.as_deref().unwrap_or_default());
            }
        }
        Command::Review { card: Some(card), rate: None, json, .. } => {
            let c = lib
                .review_cards(None)?
                .into_iter()
                .find(|c| c.card == card)
                .ok_or_else(|| CoreError::NotACard(card.clone()))?;
            if json {
                print_json(&CardLine::of(&c, ""));
            } else {
                let _ = writeln!(out, "{}  {}\n    {}", c.card, c.prompt, c.answer);
            }
        }
        Command::Review { card: None, limit, json, .. } => {
            let q = lib.review_queue(limit)?;
            let now = pizhu_core::now();
            if json {
                for c in &q.cards {
                    print_json(&CardLine::of(c, &now));
                }
            } else {
                let _ = writeln!(
                    out,
                    "今日复习 (due): 到期 {} 张, 新卡 {} 张, 共 {} 张, 今天已复习 {} 次",
                    q.due, q.new, q.total, q.done_today
                );
                for c in &q.cards {
                    let _ = writeln!(out, "{}  {}", c.card, c.prompt);
                }
            }
        }
        Command::Essays { json } => {
            let essays = lib.essays(None)?;
            if json {
                print_json(&essays);
            } else {
                for e in essays {
                    let target = if e.target > 0 { format!(" / {}", e.target) } else { String::new() };
                    let _ = writeln!(out, "{}\t{}\t{}{} 字\t{}", e.id, e.title, e.chars, target, e.updated);
                }
            }
        }
        Command::RenameDoc { doc, title } => {
            let d = lib.rename_document(&doc, &title)?;
            let _ = writeln!(out, "{}\t{}", d.id, d.title);
        }
        Command::RemoveDoc { doc } => {
            let notes = lib.remove_document(&doc)?;
            let _ = writeln!(out, "已移入回收站 (moved to trash): {doc}, {notes} 条批注 — pizhu restore {doc}");
        }
        Command::Restore { target } => {
            let r = lib.restore(std::path::Path::new(&target))?;
            let _ = writeln!(
                out,
                "已恢复 (restored): 新增 {} 条, 更新 {} 条, 未变 {} 条, 新增文档 {} 篇, 重新定位 {} 条, 心得 {} 篇",
                r.inserted,
                r.updated,
                r.unchanged,
                r.documents_added.len(),
                r.reanchored.len(),
                r.essays
            );
            for s in &r.skipped {
                let _ = writeln!(out, "未恢复 (skipped): {} «{}» — {}", s.annotation, s.exact, s.reason);
            }
        }
        Command::EmptyTrash => {
            let n = lib.empty_trash()?;
            let _ = writeln!(out, "已永久删除 {n} 条批注 (deleted for good)");
        }
        Command::Tags { json } => {
            let tags = lib.tags()?;
            if json {
                print_json(&tags);
            } else {
                for t in tags {
                    let _ = writeln!(out, "#{}\t{}", t.name, t.count);
                }
            }
        }
        Command::RenameTag { from, to } => {
            lib.rename_tag(&from, &to)?;
            let _ = writeln!(out, "#{from} → #{to}");
        }
        Command::RenameColor { key, label, label_en } => {
            for c in lib.rename_color(&key, Some(&label), label_en.as_deref())? {
                let _ = writeln!(out, "{}\t{}\t{}", c.key, c.label, c.label_en);
            }
        }
        Command::Colors { json } => {
            let colors = lib.colors()?;
            if json {
                print_json(&colors);
            } else {
                for c in colors {
                    let _ = writeln!(out, "{}\t{}\t{}", c.key, c.label, c.label_en);
                }
            }
        }
        Command::Search { query, json, limit } => {
            let results = lib.search(&query, limit.max(1))?;
            if json {
                for h in &results.hits {
                    print_json(&JsonHit::from(h));
                }
            } else {
                let tty = std::io::stdout().is_terminal();
                let _ = writeln!(out, "「{}」共 {} 处 ({} matches)", results.query, results.total, results.total);
                for h in &results.hits {
                    let _ = writeln!(out, "{}", human_hit(h, tty));
                }
            }
        }
        Command::Export(x) => {
            let bytes = match x.essay {
                Some(id) => lib.export_essay(&pizhu_core::EssayExportRequest {
                    id,
                    format: x.format,
                    style: x.style,
                    author: x.reader,
                    unit: x.unit,
                })?,
                None => lib.export(&ExportRequest {
                    format: x.format,
                    doc_id: x.doc,
                    style: x.style,
                    reader: x.reader,
                    title: x.title,
                    members: x.members,
                })?,
            };
            std::fs::write(&x.output, bytes)
                .map_err(|source| CoreError::Io { path: x.output.display().to_string(), source })?;
            let _ = writeln!(out, "已导出 (exported): {}", x.output.display());
        }
        Command::Backup { file } => {
            let m = lib.backup(&file)?;
            let _ = writeln!(
                out,
                "已备份 (backed up): {} — {} 篇文档, {} 条批注",
                file.display(),
                m.documents,
                m.annotations
            );
        }
        Command::Sync { forget: true, .. } => match lib.forget_sync_target()? {
            Some(t) => {
                let _ = writeln!(out, "不再同步 (no longer syncing with): {t}");
            }
            None => {
                let _ = writeln!(out, "没有同步目标 (no sync target)");
            }
        },
        Command::Sync { url, json, save_credentials, .. } => {
            let cwd = std::env::current_dir().map_err(|source| CoreError::Io { path: ".".into(), source })?;
            let t = Instant::now();
            let target = lib.sync_target_url(url.as_deref(), &cwd)?;
            let credentials = pizhu_core::Credentials::resolve(&target);
            let r = lib.sync_as(Some(&target.canonical), &cwd, Some(credentials.clone()))?;
            if save_credentials {
                credentials.save_to_keychain(&target.canonical).map_err(pizhu_core::SyncError::from)?;
            }
            if json {
                print_json(&serde_json::json!({
                    "sent": r.sent, "received": r.received, "conflicts": r.conflicts, "requests": r.requests,
                }));
            } else {
                let _ = writeln!(
                    out,
                    "已同步 (synced): 发送 {} 条, 收到 {} 条, 新冲突 {} 个, 请求 {} 次, {:.2} s",
                    r.sent,
                    r.received,
                    r.conflicts,
                    r.requests,
                    t.elapsed().as_secs_f64()
                );
                if r.conflicts > 0 {
                    let _ = writeln!(out, "有冲突待解决 (conflicts to resolve): pizhu conflicts");
                }
            }
        }
        Command::Share { leave: true, .. } => {
            let n = lib.leave_group()?;
            let _ = writeln!(out, "已退出学习小组 (left the group): 移除成员批注 {n} 条");
        }
        Command::Share { url, name, docs, notes, unshare, json, save_credentials, .. } => {
            let cwd = std::env::current_dir().map_err(|source| CoreError::Io { path: ".".into(), source })?;
            let t = Instant::now();
            let target = lib.group_url(url.as_deref(), &cwd)?;
            let credentials = pizhu_core::Credentials::resolve(&target);
            let edits = pizhu_core::ShareEdits { docs, notes, unshare };
            let r = lib.share(Some(&target.canonical), &cwd, name.as_deref(), &edits, Some(credentials.clone()))?;
            if save_credentials {
                credentials.save_to_keychain(&target.canonical).map_err(pizhu_core::SyncError::from)?;
            }
            if json {
                print_json(&serde_json::json!({
                    "sent": r.sent, "received": r.received, "members": r.members, "requests": r.requests,
                }));
            } else {
                let _ = writeln!(
                    out,
                    "已与学习小组交换 (shared): 发送 {} 条, 收到 {} 条, 成员 {} 位, 请求 {} 次, {:.2} s",
                    r.sent,
                    r.received,
                    r.members,
                    r.requests,
                    t.elapsed().as_secs_f64()
                );
            }
        }
        Command::Copy { id } => {
            let a = lib.copy_note(&id)?;
            print_json(&a);
        }
        Command::Conflicts { json } => {
            let conflicts = lib.conflicts()?;
            if json {
                print_json(&conflicts);
            } else {
                for c in conflicts {
                    let _ = writeln!(
                        out,
                        "{}\t批注 {}\n  这一版 (this):  {}\n  另一版 (other): {}  [{}]",
                        c.id, c.annotation_id, c.current, c.other, c.other_written
                    );
                }
            }
        }
        Command::Resolve { id, keep } => {
            let note = lib.resolve_conflict(&id, keep)?;
            let _ = writeln!(out, "已解决 (resolved): {id} — 批注 {note}");
        }
        Command::Reindex => {
            let t = Instant::now();
            let n = lib.rebuild(&|_| {})?;
            let _ = writeln!(out, "重建索引完成: {n} 条, {:.2} s (index rebuilt)", t.elapsed().as_secs_f64());
        }
    }
    Ok(())
}

/// One line of `search --json`: the documented fields, in the documented order.
#[derive(serde::Serialize)]
struct JsonHit<'a> {
    kind: HitKind,
    doc: &'a str,
    block: u32,
    start: u32,
    end: u32,
    note_id: Option<&'a str>,
    essay_id: Option<&'a str>,
    snippet: &'a str,
    highlights: &'a [(u32, u32)],
    /// Where the hit lies (`一、…`, `第二章 第一节 第十三条`), or the essay's title.
    section: Option<&'a str>,
}

impl<'a> From<&'a SearchHit> for JsonHit<'a> {
    fn from(h: &'a SearchHit) -> Self {
        JsonHit {
            kind: h.kind,
            doc: &h.doc,
            block: h.block,
            start: h.start,
            end: h.end,
            note_id: h.note_id.as_deref(),
            essay_id: h.essay_id.as_deref(),
            snippet: &h.snippet,
            highlights: &h.highlights,
            section: h.section.as_deref(),
        }
    }
}

/// A review card as `review --json` prints it.
#[derive(serde::Serialize)]
struct CardLine<'a> {
    card: &'a str,
    annotation_id: &'a str,
    prompt: &'a str,
    answer: &'a str,
    /// When it is due (a new card: now).
    due: &'a str,
    state: pizhu_core::model::CardState,
}

impl<'a> CardLine<'a> {
    fn of(c: &'a ReviewCard, now: &'a str) -> CardLine<'a> {
        CardLine {
            card: &c.card,
            annotation_id: &c.annotation_id,
            prompt: &c.prompt,
            answer: &c.answer,
            due: c.due.as_deref().unwrap_or(now),
            state: c.state,
        }
    }
}

fn human_note(a: &Annotation, label: &str) -> String {
    let tags: String = a.tags.iter().map(|t| format!(" #{t}")).collect();
    let note = if a.note.is_empty() { String::new() } else { format!(" — {}", a.note.replace('\n', " ")) };
    let place = if a.orphaned { "待确认 (orphaned)".to_owned() } else { format!("{}-{}", a.start, a.end) };
    let by = a.author.as_ref().map(|x| format!(" ({})", x.name)).unwrap_or_default();
    format!("{}  [{}] {}@{} «{}»{}{}{}", a.id, label, a.doc_id, place, a.exact, note, tags, by)
}

/// Marks highlights with 【】 (or bold on a terminal).
fn mark(snippet: &str, highlights: &[(u32, u32)], tty: bool) -> String {
    let (open, close) = if tty { ("\x1b[1;33m", "\x1b[0m") } else { ("【", "】") };
    let mut out = String::new();
    for (i, c) in snippet.chars().enumerate() {
        let i = i as u32;
        if highlights.iter().any(|&(s, _)| s == i) {
            out.push_str(open);
        }
        out.push(c);
        if highlights.iter().any(|&(_, e)| e == i + 1) {
            out.push_str(close);
        }
    }
    out
}

fn human_hit(h: &SearchHit, tty: bool) -> String {
    let kind = match h.kind {
        HitKind::Passage => "原文",
        HitKind::Note => "批注",
        HitKind::Essay => "心得",
    };
    let place = h.section.as_deref().map(|s| s.chars().take(16).collect::<String>()).unwrap_or_default();
    let id = h.note_id.as_deref().or(h.essay_id.as_deref()).map(|id| format!(" {id}")).unwrap_or_default();
    format!("[{kind}] {}#{} {place}{id}\n    {}", h.doc, h.block, mark(&h.snippet, &h.highlights, tty))
}
