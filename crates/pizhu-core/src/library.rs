//! [`Library`]: the store and the index of one data directory, kept in step.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use pizhu_export::backup::{self, Manifest, RestoreReport};
use pizhu_export::docx::DocxStyle;
use pizhu_export::{DocNotes, NotesOptions};
use pizhu_import::{ImportError, RichKind};
use pizhu_model::anchor::find_nth;
use pizhu_model::import::{self, MAX_IMPORT_BYTES};
use pizhu_model::{
    Annotation, AnnotationPatch, Color, CpText, Document, DocumentInfo, ModelError, NewAnnotation, NoteFilter, TagCount,
};
use pizhu_search::index::Change;
use pizhu_search::{EssayEntry, IndexEntry, NoteEntry, PassageEntry, SearchError, SearchIndex, SearchResults};
use pizhu_store::{now, Entity, Store, StoreError};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::CoreError;

type Result<T> = std::result::Result<T, CoreError>;

/// File name of the SQLite store inside the data directory.
pub const DB_FILE: &str = "pizhu.sqlite3";
/// Folder of the search index inside the data directory.
pub const INDEX_DIR: &str = "index";

/// Whether the index can be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IndexState {
    /// Up to date.
    Ready,
    /// Being rebuilt from the store.
    Rebuilding,
}

/// Progress of the search index, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IndexStatus {
    /// Ready or rebuilding.
    pub state: IndexState,
    /// Entries indexed so far during a rebuild.
    pub done: u32,
    /// Entries to index in all.
    pub total: u32,
}

impl IndexStatus {
    /// A ready index with `total` entries.
    pub fn ready(total: u32) -> IndexStatus {
        IndexStatus { state: IndexState::Ready, done: total, total }
    }
}

/// A format of [`Library::export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Word document (学习笔记).
    Docx,
    /// Markdown (Obsidian, Typora).
    Md,
    /// W3C Web Annotation JSON-LD.
    W3c,
}

impl ExportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Docx => "docx",
            ExportFormat::Md => "md",
            ExportFormat::W3c => "jsonld",
        }
    }
}

/// The look of a DOCX export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportStyle {
    /// After GB/T 9704: 小标宋 title, 黑体/楷体 headings, 仿宋 body.
    #[default]
    Gbt,
    /// 宋体 12 pt, ordinary margins.
    Plain,
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExportRequest {
    /// File format.
    pub format: ExportFormat,
    /// Only this document (default: every document with notes).
    pub doc_id: Option<String>,
    /// DOCX look.
    pub style: ExportStyle,
    /// Reader's name for the title block.
    pub reader: Option<String>,
    /// Title (default: the document's title).
    pub title: Option<String>,
    /// Also the study group's notes, grouped by member (mine first): what
    /// a group's secretary collects.
    #[serde(default)]
    pub members: bool,
}

/// An essay to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EssayExportRequest {
    /// The essay.
    pub id: String,
    /// `docx` or `md` (W3C has no place for an essay).
    pub format: ExportFormat,
    /// DOCX look.
    pub style: ExportStyle,
    /// 姓名 for the byline.
    pub author: Option<String>,
    /// 单位 for the byline.
    pub unit: Option<String>,
}

/// What opening the library had to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// Whether the library was created by this call.
    pub created: bool,
    /// Why the index was rebuilt, if it was.
    pub rebuilt: Option<String>,
    /// Whether another process (the app) holds the index: this handle reads
    /// it, and its writes go to SQLite only, for that process to index.
    pub shared: bool,
}

/// One data directory: documents, notes and their search index.
pub struct Library {
    dir: Option<PathBuf>,
    pub(crate) store: Mutex<Store>,
    index: SearchIndex,
    pub(crate) docs: Mutex<HashMap<String, Arc<Document>>>,
    /// Another process owns the index on disk (see [`OpenReport::shared`]).
    shared: bool,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io { path: path.display().to_string(), source }
}

/// Where a library lives: this machine's name and the data folder. A copy
/// of the folder elsewhere gets its own sync device id (see
/// `Store::settle_device`).
fn device_home(dir: &Path) -> String {
    // systemd's machine id is stabler than a host name that DHCP may change.
    let host = std::fs::read_to_string("/etc/machine-id")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| gethostname::gethostname().to_string_lossy().into_owned());
    let path = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    format!("{host}\u{1f}{}", path.display())
}

/// Documents to export, each with notes and whose they are (`None`: mine,
/// in an export of mine alone).
type ExportSet = Vec<(Arc<Document>, Vec<Annotation>, Option<String>)>;

/// The export sets as the renderers take them.
fn doc_notes(set: &ExportSet) -> Vec<DocNotes<'_>> {
    set.iter().map(|(d, n, by)| DocNotes { doc: d, annotations: n, by: by.as_deref() }).collect()
}

/// Refuses a change to a study-group member's note (theirs, read-only here).
pub(crate) fn mine(store: &Store, id: &str) -> Result<()> {
    match store.author_of(id) {
        Ok(Some(name)) => Err(CoreError::NotYours { name }),
        Ok(None) | Err(pizhu_store::StoreError::NoAnnotation(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

impl Library {
    /// Opens (creating) the library in `dir`. Rebuilds the index when it is
    /// missing, damaged, outdated or behind the store; `progress` hears about it.
    pub fn open(dir: &Path, progress: &dyn Fn(IndexStatus)) -> Result<(Library, OpenReport)> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let created = !dir.join(DB_FILE).exists();
        let mut store = Store::open(&dir.join(DB_FILE))?;
        store.ensure_builtin(&Document::speech())?;
        store.settle_device(&device_home(dir))?;
        let generation = store.generation()?;
        let index_dir = dir.join(INDEX_DIR);
        let mut shared = false;
        let (index, reason) = match SearchIndex::open(&index_dir) {
            Ok(ix) if ix.generation() == Some(generation) => (ix, None),
            Ok(ix) => match ix.generation().map(|g| store.changes_since(g)).transpose()?.flatten() {
                // Behind by writes another process journaled: caught up below.
                Some(_) if ix.generation() < Some(generation) => (ix, None),
                _ => {
                    let why = format!("index is at generation {:?}, store at {generation}", ix.generation());
                    (ix, Some(why))
                }
            },
            Err(SearchError::Locked) => {
                // The app holds the index: read it as it is when it is
                // current, else search a copy built in memory.
                shared = true;
                match SearchIndex::open_read_only(&index_dir) {
                    Ok(ix) if ix.generation() == Some(generation) => (ix, None),
                    _ => (SearchIndex::in_ram()?, Some("another process is updating the index".to_owned())),
                }
            }
            Err(e) => {
                let why = if index_dir.exists() { e.to_string() } else { "index missing".to_owned() };
                (SearchIndex::create(&index_dir)?, Some(why))
            }
        };
        let lib =
            Library { dir: Some(dir.to_owned()), store: Mutex::new(store), index, docs: Mutex::default(), shared };
        if reason.is_some() {
            lib.rebuild_locked(&lock(&lib.store), progress)?;
        } else {
            lib.catch_up()?;
        }
        Ok((lib, OpenReport { created, rebuilt: reason, shared }))
    }

    /// Whether this handle writes the index (false while another process,
    /// the app, holds it: then writes go to SQLite, and that process
    /// indexes them from the journal).
    pub fn owns_index(&self) -> bool {
        !self.shared && self.index.is_writable()
    }

    /// Brings the index up to the store after writes by another process
    /// (the CLI while the app is open), from the store's journal; rebuilds
    /// when the journal does not reach back. Returns whether anything was
    /// behind. Cheap when nothing is: one query.
    pub fn catch_up(&self) -> Result<bool> {
        if !self.owns_index() {
            return Ok(false);
        }
        let mut store = lock(&self.store);
        let generation = store.generation()?;
        if self.index.generation() == Some(generation) {
            return Ok(false);
        }
        self.index_journal(&mut store, generation)?;
        Ok(true)
    }

    /// A library in memory: in-memory SQLite and a RAM index (tests, benchmarks).
    pub fn in_memory() -> Result<Library> {
        let mut store = Store::open_in_memory()?;
        store.ensure_builtin(&Document::speech())?;
        let lib = Library {
            dir: None,
            store: Mutex::new(store),
            index: SearchIndex::in_ram()?,
            docs: Mutex::default(),
            shared: false,
        };
        lib.rebuild(&|_| {})?;
        Ok(lib)
    }

    /// The data directory (`None` in memory).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The SQLite file of the library (`None` in memory).
    pub fn db_path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(DB_FILE))
    }

    // ---- export, backup, restore ----

    /// The documents to export with their live notes: `doc` only, or every
    /// document that has notes (the speech first); with `members`, each
    /// member's notes after mine, each set named by whose it is.
    fn export_set(&self, doc: Option<&str>, members: bool) -> Result<ExportSet> {
        let ids = match doc {
            Some(id) => vec![id.to_owned()],
            None => self.documents()?.into_iter().map(|d| d.id).collect(),
        };
        let mut layers: Vec<(String, Option<String>)> = vec![(pizhu_model::annotation::MINE.to_owned(), None)];
        if members {
            let me = self.setting("reader_name")?.unwrap_or_else(|| "我".to_owned());
            layers[0].1 = Some(me);
            for m in self.members()? {
                layers.push((m.id, Some(m.name)));
            }
        }
        let mut out = Vec::new();
        for (author, by) in layers {
            let first = out.is_empty();
            for id in &ids {
                // What a reader hands in is their own notes; a group's come
                // only when asked for, grouped by member.
                let notes = self.annotations(&NoteFilter {
                    doc_id: Some(id.clone()),
                    author: Some(author.clone()),
                    ..Default::default()
                })?;
                if (first && doc.is_some()) || !notes.is_empty() {
                    out.push((self.document(id)?, notes, by.clone()));
                }
            }
        }
        Ok(out)
    }

    /// Study notes as Markdown (`members`: with the group's, by member).
    pub fn export_markdown(&self, doc: Option<&str>, options: &NotesOptions, members: bool) -> Result<String> {
        let set = self.export_set(doc, members)?;
        Ok(pizhu_export::markdown::to_markdown(&doc_notes(&set), &self.colors()?, options))
    }

    /// Study notes as a Word document (the bytes of a `.docx`).
    pub fn export_docx(
        &self,
        doc: Option<&str>,
        options: &NotesOptions,
        style: DocxStyle,
        members: bool,
    ) -> Result<Vec<u8>> {
        let set = self.export_set(doc, members)?;
        Ok(pizhu_export::docx::to_docx(&doc_notes(&set), &self.colors()?, options, style)?)
    }

    /// The notes as a W3C Web Annotation collection (JSON-LD text); a
    /// member's notes carry their `creator`.
    pub fn export_w3c(&self, doc: Option<&str>, members: bool) -> Result<String> {
        let set = self.export_set(doc, members)?;
        Ok(pizhu_export::w3c::to_w3c_string(&doc_notes(&set), &self.colors()?, None)?)
    }

    /// Exports study notes in one of the formats (the bytes of the file).
    pub fn export(&self, request: &ExportRequest) -> Result<Vec<u8>> {
        let options = NotesOptions {
            title: request.title.clone().filter(|t| !t.trim().is_empty()),
            reader: request.reader.clone().filter(|r| !r.trim().is_empty()),
            date: pizhu_export::today_chinese(),
        };
        let doc = request.doc_id.as_deref();
        Ok(match request.format {
            ExportFormat::Docx => {
                let style = match request.style {
                    ExportStyle::Gbt => DocxStyle::Gbt,
                    ExportStyle::Plain => DocxStyle::Plain,
                };
                self.export_docx(doc, &options, style, request.members)?
            }
            ExportFormat::Md => self.export_markdown(doc, &options, request.members)?.into_bytes(),
            ExportFormat::W3c => self.export_w3c(doc, request.members)?.into_bytes(),
        })
    }

    /// Exports an essay (the bytes of the file).
    pub fn export_essay(&self, request: &EssayExportRequest) -> Result<Vec<u8>> {
        let essay = self.essay(&request.id)?;
        let doc_title = match &essay.doc_id {
            Some(id) => Some(self.document(id)?.title.clone()),
            None => None,
        };
        let options = pizhu_export::EssayOptions {
            author: request.author.clone().filter(|r| !r.trim().is_empty()),
            unit: request.unit.clone().filter(|r| !r.trim().is_empty()),
            date: pizhu_export::today_chinese(),
            doc_title,
        };
        Ok(match request.format {
            ExportFormat::Docx => {
                let style = match request.style {
                    ExportStyle::Gbt => DocxStyle::Gbt,
                    ExportStyle::Plain => DocxStyle::Plain,
                };
                pizhu_export::essay_docx(&essay, &options, style)?
            }
            ExportFormat::Md => pizhu_export::essay_markdown(&essay, &options).into_bytes(),
            ExportFormat::W3c => {
                return Err(pizhu_store::StoreError::Invalid("an essay exports as docx or md".into()).into())
            }
        })
    }

    /// Writes a backup of the library to `out` (a zip).
    pub fn backup(&self, out: &Path) -> Result<Manifest> {
        let db = self.db_path().ok_or_else(|| CoreError::Io {
            path: out.display().to_string(),
            source: std::io::Error::other("a library in memory cannot be backed up"),
        })?;
        Ok(backup::backup(&db, out)?)
    }

    /// Restores a backup by merging it into this library (all or nothing),
    /// then rebuilds the search index if anything changed.
    pub fn restore(&self, zip: &Path) -> Result<RestoreReport> {
        let mut store = lock(&self.store);
        let report = backup::restore(zip, &mut store)?;
        if report.changed {
            lock(&self.docs).clear();
            // A shared handle leaves it to the owner, which catches up from the journal.
            if self.owns_index() {
                self.rebuild_locked(&store, &|_| {})?;
            }
        }
        Ok(report)
    }

    /// Today's automatic backup into `DIR/backups` (one a day, seven kept);
    /// the file written, if one was. Nothing for a library in memory.
    pub fn rolling_backup(&self) -> Result<Option<PathBuf>> {
        match &self.dir {
            Some(dir) => Ok(backup::rolling_backup_now(dir)?),
            None => Ok(None),
        }
    }

    // ---- documents ----

    /// All documents, the bundled speech first.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        Ok(lock(&self.store).documents()?)
    }

    /// A document with its blocks.
    pub fn document(&self, id: &str) -> Result<Arc<Document>> {
        if let Some(d) = lock(&self.docs).get(id) {
            return Ok(d.clone());
        }
        let doc = Arc::new(lock(&self.store).document(id)?);
        lock(&self.docs).insert(id.to_owned(), doc.clone());
        Ok(doc)
    }

    /// Documents in the trash (removed, with their notes), newest first.
    pub fn trashed_documents(&self) -> Result<Vec<DocumentInfo>> {
        Ok(lock(&self.store).trashed_documents()?)
    }

    /// Renames a document; returns it as listed.
    pub fn rename_document(&self, id: &str, title: &str) -> Result<DocumentInfo> {
        let mut store = lock(&self.store);
        let generation = store.rename_document(id, title)?;
        self.index_written(&mut store, generation)?;
        drop(store);
        lock(&self.docs).remove(id);
        self.documents()?.into_iter().find(|d| d.id == id).ok_or_else(|| StoreError::NoDocument(id.to_owned()).into())
    }

    /// Moves a user's document to the trash with its notes (undo:
    /// [`Library::restore_document`]); returns how many notes went with it.
    pub fn remove_document(&self, id: &str) -> Result<u32> {
        let mut store = lock(&self.store);
        let (notes, generation) = store.trash_document(id)?;
        self.index_written(&mut store, generation)?;
        Ok(notes)
    }

    /// Brings a document back from the trash with the notes that went with
    /// it; returns how many.
    pub fn restore_document(&self, id: &str) -> Result<u32> {
        let mut store = lock(&self.store);
        let (notes, generation) = store.restore_document(id)?;
        self.index_written(&mut store, generation)?;
        Ok(notes)
    }

    /// Imports a file of one of [`crate::IMPORT_EXTENSIONS`] as a new document.
    pub fn import_file(&self, path: &Path, title: Option<&str>) -> Result<DocumentInfo> {
        let (name, bytes) = read_import(path)?;
        self.import_bytes(&name, &bytes, title)
    }

    /// Imports the bytes of a file named `name`: a Word `.docx`, a PDF, an
    /// EPUB or a saved web page through `pizhu-import`, a `.txt`/`.md`
    /// through the model.
    pub fn import_bytes(&self, name: &str, bytes: &[u8], title: Option<&str>) -> Result<DocumentInfo> {
        let id = format!("doc-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let doc = parse_import(&id, name, title, bytes)?;
        let mut store = lock(&self.store);
        let (info, generation) = store.add_document(&doc)?;
        let ordinal = store.document_ids()?.len().saturating_sub(1) as u64;
        let passages = passages(&doc, ordinal);
        self.index_changes(&mut store, &[Change::PutPassages(doc.id.clone(), passages)], generation)?;
        lock(&self.docs).insert(doc.id.clone(), Arc::new(doc));
        Ok(info)
    }

    // ---- annotations ----

    /// Creates many annotations in one transaction (all or nothing), each
    /// quoting its passage; one index commit for all of them.
    pub fn add_annotations(&self, inputs: &[NewAnnotation]) -> Result<Vec<Annotation>> {
        let stamp = now();
        let mut all = Vec::with_capacity(inputs.len());
        for input in inputs {
            let doc = self.document(&input.doc_id)?;
            let text = doc.text();
            all.push(Annotation::quoting(uuid::Uuid::new_v4().to_string(), input, &CpText::new(&text), &stamp)?);
        }
        let mut store = lock(&self.store);
        let generation = store.insert_annotations(&all)?;
        let mut changes = Vec::with_capacity(all.len());
        for a in &all {
            changes.push(Change::PutNote(self.note_entry(&store, a)?));
        }
        self.index_changes(&mut store, &changes, generation)?;
        Ok(all)
    }

    /// Creates an annotation on `start..end` (code points).
    pub fn create_annotation(&self, input: &NewAnnotation) -> Result<Annotation> {
        let doc = self.document(&input.doc_id)?;
        let text = doc.text();
        let a = Annotation::quoting(uuid::Uuid::new_v4().to_string(), input, &CpText::new(&text), &now())?;
        let mut store = lock(&self.store);
        let generation = store.insert_annotation(&a)?;
        let a = store.annotation(&a.id)?; // tags as the store cleaned them
        let change = Change::PutNote(self.note_entry(&store, &a)?);
        self.index_changes(&mut store, &[change], generation)?;
        Ok(a)
    }

    /// Creates an annotation on the `nth` (1-based) occurrence of `quote`.
    pub fn highlight_quote(
        &self,
        doc_id: &str,
        quote: &str,
        nth: usize,
        color: &str,
        note: &str,
        tags: &[String],
    ) -> Result<Annotation> {
        let doc = self.document(doc_id)?;
        let text = doc.text();
        let (start, end) = find_nth(&CpText::new(&text), quote, nth)?;
        self.create_annotation(&NewAnnotation {
            doc_id: doc_id.to_owned(),
            start,
            end,
            color: color.to_owned(),
            note: note.to_owned(),
            tags: tags.to_vec(),
        })
    }

    /// One annotation (live or in the trash).
    pub fn annotation(&self, id: &str) -> Result<Annotation> {
        Ok(lock(&self.store).annotation(id)?)
    }

    /// Annotations matching `filter`, in document order.
    pub fn annotations(&self, filter: &NoteFilter) -> Result<Vec<Annotation>> {
        Ok(lock(&self.store).annotations(filter)?)
    }

    /// Changes note, colour or tags.
    pub fn update_annotation(&self, id: &str, patch: &AnnotationPatch) -> Result<Annotation> {
        let mut store = lock(&self.store);
        mine(&store, id)?;
        let (a, generation) = store.update_annotation(id, patch)?;
        let change = Change::PutNote(self.note_entry(&store, &a)?);
        self.index_changes(&mut store, &[change], generation)?;
        Ok(a)
    }

    /// Moves an annotation to the trash.
    pub fn delete_annotation(&self, id: &str) -> Result<Annotation> {
        let mut store = lock(&self.store);
        mine(&store, id)?;
        let (a, generation) = store.trash_annotation(id)?;
        self.index_changes(&mut store, &[Change::RemoveNote(a.id.clone())], generation)?;
        Ok(a)
    }

    /// Brings an annotation back from the trash.
    pub fn restore_annotation(&self, id: &str) -> Result<Annotation> {
        let mut store = lock(&self.store);
        mine(&store, id)?;
        let (a, generation) = store.restore_annotation(id)?;
        // From the journal: restoring a note may bring its document back too.
        self.index_written(&mut store, generation)?;
        Ok(a)
    }

    /// Empties the trash; returns how many annotations were removed for good.
    pub fn empty_trash(&self) -> Result<u32> {
        let mut store = lock(&self.store);
        let (ids, generation) = store.empty_trash()?;
        let changes: Vec<Change> = ids.iter().cloned().map(Change::RemoveNote).collect();
        self.index_changes(&mut store, &changes, generation)?;
        Ok(ids.len() as u32)
    }

    // ---- tags and colours ----

    /// Tags with their counts.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        Ok(lock(&self.store).tags()?)
    }

    /// Renames (or merges) a tag.
    pub fn rename_tag(&self, from: &str, to: &str) -> Result<()> {
        let mut store = lock(&self.store);
        let (ids, generation) = store.rename_tag(from, to)?;
        let mut changes = Vec::with_capacity(ids.len());
        for id in ids {
            let a = store.annotation(&id)?;
            if a.deleted.is_none() {
                changes.push(Change::PutNote(self.note_entry(&store, &a)?));
            }
        }
        self.index_changes(&mut store, &changes, generation)
    }

    /// The colours and their meanings.
    pub fn colors(&self) -> Result<Vec<Color>> {
        Ok(lock(&self.store).colors()?)
    }

    /// Renames what a colour means.
    pub fn rename_color(&self, key: &str, label: Option<&str>, label_en: Option<&str>) -> Result<Vec<Color>> {
        let mut store = lock(&self.store);
        let colors = store.rename_color(key, label, label_en)?;
        // Nothing searchable changed, but the index records the generation.
        let generation = store.generation()?;
        self.index_changes(&mut store, &[], generation)?;
        Ok(colors)
    }

    /// A setting stored in the library (reading position, …).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(lock(&self.store).setting(key)?)
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        Ok(lock(&self.store).set_setting(key, value)?)
    }

    // ---- search ----

    /// Searches passages and notes; never fails on the query itself.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults> {
        Ok(self.index.search(query, limit)?)
    }

    /// The store generation the index reflects.
    pub fn index_generation(&self) -> Option<u64> {
        self.index.generation()
    }

    /// The store's generation.
    pub fn store_generation(&self) -> Result<u64> {
        Ok(lock(&self.store).generation()?)
    }

    /// Checks SQLite's integrity and that the index is in step with it.
    pub fn check(&self) -> Result<()> {
        let store = lock(&self.store);
        store.integrity_check()?;
        let generation = store.generation()?;
        if self.index.generation() != Some(generation) {
            return Err(SearchError::Outdated.into());
        }
        Ok(())
    }

    /// Rebuilds the index from the store; returns the number of entries.
    /// Refused while another process owns the index.
    pub fn rebuild(&self, progress: &dyn Fn(IndexStatus)) -> Result<u64> {
        if self.shared {
            return Err(SearchError::ReadOnly.into());
        }
        self.rebuild_locked(&lock(&self.store), progress)
    }

    // ---- helpers ----

    pub(crate) fn document_in(
        &self,
        store: &Store,
        id: &str,
    ) -> std::result::Result<Arc<Document>, pizhu_store::StoreError> {
        if let Some(d) = lock(&self.docs).get(id) {
            return Ok(d.clone());
        }
        let doc = Arc::new(store.document(id)?);
        lock(&self.docs).insert(id.to_owned(), doc.clone());
        Ok(doc)
    }

    fn note_entry(&self, store: &Store, a: &Annotation) -> Result<NoteEntry> {
        let doc = self.document_in(store, &a.doc_id)?;
        let ordinal = store.document_ids()?.iter().position(|d| *d == a.doc_id).unwrap_or(0) as u64;
        Ok(note_entry(&doc, ordinal, a))
    }

    /// Writes committed store changes to the index. If another process
    /// wrote in between (the index is not at `generation - 1`), everything
    /// since the index's generation is taken from the journal instead. If
    /// indexing fails, the index is rebuilt from the store; the store write
    /// stands either way. A handle that does not own the index leaves it to
    /// its owner.
    pub(crate) fn index_changes(
        &self,
        store: &mut MutexGuard<'_, Store>,
        changes: &[Change],
        generation: u64,
    ) -> Result<()> {
        if !self.owns_index() {
            return Ok(());
        }
        if self.index.generation().map(|g| g + 1) != Some(generation) {
            return self.index_journal(store, generation);
        }
        self.apply_or_rebuild(store, changes, generation)
    }

    fn apply_or_rebuild(&self, store: &mut MutexGuard<'_, Store>, changes: &[Change], generation: u64) -> Result<()> {
        match self.index.apply(changes, generation) {
            Ok(()) => Ok(()),
            Err(SearchError::Locked) => Err(SearchError::Locked.into()),
            Err(_) => self.rebuild_locked(store, &|_| {}).map(drop),
        }
    }

    /// Indexes a write whose changes the journal knows (documents renamed,
    /// removed, restored): the same path as another process's writes.
    pub(crate) fn index_written(&self, store: &mut MutexGuard<'_, Store>, generation: u64) -> Result<()> {
        if !self.owns_index() {
            return Ok(());
        }
        self.index_journal(store, generation)
    }

    /// Indexes what the journal says changed since the index's generation,
    /// up to `generation`; rebuilds when the journal does not reach back.
    fn index_journal(&self, store: &mut MutexGuard<'_, Store>, generation: u64) -> Result<()> {
        let since = match self.index.generation() {
            Some(g) if g < generation => g,
            _ => return self.rebuild_locked(store, &|_| {}).map(drop),
        };
        let Some(touched) = store.changes_since(since)? else {
            return self.rebuild_locked(store, &|_| {}).map(drop);
        };
        let mut changes = Vec::new();
        for (entity, id) in touched {
            match entity {
                Entity::Annotation => match store.annotation(&id) {
                    Ok(a) if a.deleted.is_none() => changes.push(Change::PutNote(self.note_entry(store, &a)?)),
                    Ok(_) | Err(StoreError::NoAnnotation(_)) => changes.push(Change::RemoveNote(id)),
                    Err(e) => return Err(e.into()),
                },
                Entity::Document => {
                    lock(&self.docs).remove(&id);
                    let ordinal = store.document_ids()?.iter().position(|d| *d == id);
                    let entries = match ordinal {
                        Some(o) => {
                            let doc: Arc<Document> = self.document_in(store, &id)?;
                            passages(&doc, o as u64)
                        }
                        None => Vec::new(), // removed: its passages go
                    };
                    changes.push(Change::PutPassages(id, entries));
                }
                // Colour meanings are not searched.
                Entity::Color | Entity::Conflict => {}
                Entity::Essay => match store.essay(&id) {
                    Ok(e) if e.deleted.is_none() => changes.push(Change::PutEssay(essay_entry(&e))),
                    Ok(_) | Err(StoreError::NoEssay(_)) => changes.push(Change::RemoveEssay(id)),
                    Err(e) => return Err(e.into()),
                },
            }
        }
        self.apply_or_rebuild(store, &changes, generation)
    }

    fn rebuild_locked(&self, store: &Store, progress: &dyn Fn(IndexStatus)) -> Result<u64> {
        let generation = store.generation()?;
        let docs = store.documents()?;
        let total = docs.iter().map(|d| u64::from(d.blocks)).sum::<u64>() + store.count_annotations()?;
        let report =
            |done: u64, state: IndexState| progress(IndexStatus { state, done: done as u32, total: total as u32 });
        report(0, IndexState::Rebuilding);
        let mut rebuild = self.index.rebuild()?;
        let mut ordinals = HashMap::new();
        for (ordinal, info) in docs.iter().enumerate() {
            let doc = self.document_in(store, &info.id)?;
            ordinals.insert(info.id.clone(), ordinal as u64);
            for p in passages(&doc, ordinal as u64) {
                rebuild.add(&IndexEntry::Passage(p))?;
            }
        }
        // The store streams rows through a closure that can only return its
        // own error type; keep the index's error aside and stop adding.
        let mut failed: Option<SearchError> = None;
        store.for_each_live(|a| {
            if failed.is_some() {
                return Ok(());
            }
            let doc = self.document_in(store, &a.doc_id)?;
            let ordinal = ordinals.get(&a.doc_id).copied().unwrap_or_default();
            if let Err(e) = rebuild.add(&IndexEntry::Note(note_entry(&doc, ordinal, &a))) {
                failed = Some(e);
            }
            if rebuild.added() % 10_000 == 0 {
                report(rebuild.added(), IndexState::Rebuilding);
            }
            Ok(())
        })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        for essay in store.essays(None)? {
            rebuild.add(&IndexEntry::Essay(essay_entry(&essay)))?;
        }
        let added = rebuild.added();
        rebuild.finish(generation)?;
        report(added, IndexState::Ready);
        Ok(added)
    }
}

/// The name and bytes of a file to import, refused before reading when it
/// is larger than its kind allows or of a kind Pizhu does not read.
pub(crate) fn read_import(path: &Path) -> Result<(String, Vec<u8>)> {
    let meta = std::fs::metadata(path).map_err(io(path))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(kind) = RichKind::from_name(&name) {
        if meta.len() > kind.max_bytes() {
            return Err(ImportError::TooLarge { kind, size: meta.len(), limit: kind.max_bytes() }.into());
        }
    } else {
        if meta.len() > MAX_IMPORT_BYTES {
            return Err(ModelError::TooLarge { size: meta.len(), limit: MAX_IMPORT_BYTES }.into());
        }
        import::SourceKind::from_name(&name)?;
    }
    let bytes = std::fs::read(path).map_err(io(path))?;
    Ok((name, bytes))
}

/// The document in the bytes of a file named `name`, with id `id`: a rich
/// format (Word, PDF, EPUB, web page) through `pizhu-import`, a `.txt`/`.md`
/// through the model.
pub(crate) fn parse_import(id: &str, name: &str, title: Option<&str>, bytes: &[u8]) -> Result<Document> {
    Ok(match RichKind::from_name(name) {
        Some(kind) => pizhu_import::import(kind, id, name, title, bytes)?,
        None => import::import(id, name, title, bytes)?,
    })
}

/// Reading-order key: document, then position, passages before notes.
fn order(ordinal: u64, start: u32, note: bool) -> u64 {
    (ordinal << 40) | (u64::from(start) << 1) | u64::from(note)
}

fn passages(doc: &Document, ordinal: u64) -> Vec<PassageEntry> {
    doc.blocks
        .iter()
        .map(|b| PassageEntry {
            doc: doc.id.clone(),
            block: b.index,
            start: b.start,
            text: b.text.clone(),
            section: doc.section_label(b.index),
            order: order(ordinal, b.start, false),
        })
        .collect()
}

pub(crate) fn essay_entry(e: &pizhu_model::Essay) -> EssayEntry {
    EssayEntry { id: e.id.clone(), doc: e.doc_id.clone(), title: e.title.clone(), body: e.body.clone() }
}

fn note_entry(doc: &Document, ordinal: u64, a: &Annotation) -> NoteEntry {
    // An orphan's position describes an older text: it has no section here.
    let block = if a.orphaned { None } else { doc.block_at(a.start).map(|b| b.index) };
    let section = block.and_then(|b| doc.section_label(b));
    let block = block.unwrap_or(0);
    NoteEntry {
        id: a.id.clone(),
        doc: a.doc_id.clone(),
        block,
        start: a.start,
        end: a.end,
        note: a.note.clone(),
        exact: a.exact.clone(),
        tags: a.tags.clone(),
        section,
        order: order(ordinal, a.start, true),
    }
}
