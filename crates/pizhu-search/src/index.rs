//! [`SearchIndex`]: the Tantivy index of passages and notes.
//!
//! One entry per document block (a *passage*) and one per live annotation
//! (a *note*: its body, quoted passage and tags). Every commit records, in
//! Tantivy's commit payload, the index schema and the store generation it
//! reflects; the owner compares that with the store and rebuilds when they
//! differ.
//!
//! One process at a time holds the writer (Tantivy's lock); others open the
//! index [read-only](SearchIndex::open_read_only) and may search it. Every
//! commit keeps the number of segments bounded by merging them at once, in
//! the committing call: a short-lived CLI process would exit before a
//! background merge ran, and segments would pile up with every write.

use std::cmp::Reverse;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use crate::snippet::snippet;
use crate::tokenizer::{NgramTokenizer, NAME};
use crate::{HitKind, ParsedQuery, SearchError, SearchHit, SearchResults};

type Result<T> = std::result::Result<T, SearchError>;

/// Version of the index layout; bump it when fields or tokenisation change
/// so that old indexes are rebuilt.
pub const INDEX_SCHEMA: u32 = 2;

/// Memory for the index writer (Tantivy's floor is 15 MB per thread).
const WRITER_MEMORY: usize = 64_000_000;

/// Most segments a commit leaves behind; past this they are merged into one.
pub const MAX_SEGMENTS: usize = 8;

/// A block of a document, as indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageEntry {
    /// Document id.
    pub doc: String,
    /// Block index.
    pub block: u32,
    /// Code-point offset of the block in the document text.
    pub start: u32,
    /// The block's text.
    pub text: String,
    /// Heading of its section.
    pub section: Option<String>,
    /// Position in reading order across the library (ties sort by it).
    pub order: u64,
}

/// A live annotation, as indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEntry {
    /// Annotation id.
    pub id: String,
    /// Document id.
    pub doc: String,
    /// Block the annotation starts in.
    pub block: u32,
    /// Start, code points.
    pub start: u32,
    /// End, code points.
    pub end: u32,
    /// Note body.
    pub note: String,
    /// Quoted passage.
    pub exact: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Heading of its section.
    pub section: Option<String>,
    /// Position in reading order across the library.
    pub order: u64,
}

/// A live essay (心得体会), as indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssayEntry {
    /// Essay id.
    pub id: String,
    /// The document it is about, if any.
    pub doc: Option<String>,
    /// Title.
    pub title: String,
    /// The text (Markdown).
    pub body: String,
}

/// Anything the index holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexEntry {
    /// A block.
    Passage(PassageEntry),
    /// A note.
    Note(NoteEntry),
    /// An essay.
    Essay(EssayEntry),
}

/// One change to apply to the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Add or replace a note.
    PutNote(NoteEntry),
    /// Remove a note (deleted or trashed).
    RemoveNote(String),
    /// Add or replace all passages of a document.
    PutPassages(String, Vec<PassageEntry>),
    /// Add or replace an essay.
    PutEssay(EssayEntry),
    /// Remove an essay (trashed).
    RemoveEssay(String),
}

#[derive(Clone, Copy)]
struct Fields {
    kind: Field,
    doc: Field,
    block: Field,
    start: Field,
    end: Field,
    note_id: Field,
    essay_id: Field,
    passage_doc: Field,
    order: Field,
    text: Field,
    body: Field,
    exact: Field,
    tags: Field,
    section: Field,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    schema: u32,
    generation: u64,
}

/// The search index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// `None` when opened read-only.
    writer: Option<Mutex<IndexWriter>>,
    fields: Fields,
    generation: Mutex<Option<u64>>,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let ngram = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(NAME).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        doc: b.add_text_field("doc", STRING | STORED),
        block: b.add_u64_field("block", STORED),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        note_id: b.add_text_field("note_id", STRING | STORED),
        essay_id: b.add_text_field("essay_id", STRING | STORED),
        passage_doc: b.add_text_field("passage_doc", STRING),
        order: b.add_u64_field("order", FAST),
        text: b.add_text_field("text", ngram),
        body: b.add_text_field("body", STORED),
        exact: b.add_text_field("exact", STORED),
        tags: b.add_text_field("tags", STORED),
        section: b.add_text_field("section", STORED),
    };
    (b.build(), fields)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves Tantivy's own state consistent;
    // keep going rather than poisoning every later call.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl SearchIndex {
    /// A new, empty index in memory (tests, benchmarks).
    pub fn in_ram() -> Result<SearchIndex> {
        Self::wrap(Index::create_in_ram(schema().0))
    }

    /// Creates a new, empty index in `dir`, removing whatever was there.
    pub fn create(dir: &Path) -> Result<SearchIndex> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        Self::wrap(Index::create_in_dir(dir, schema().0)?)
    }

    /// Opens the index in `dir`, refusing one that is missing, damaged, or of
    /// another schema (the caller then [`create`](Self::create)s and rebuilds).
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let ix = Self::wrap(Self::open_checked(dir)?)?;
        match ix.generation() {
            Some(_) => Ok(ix),
            None => Err(SearchError::Outdated),
        }
    }

    /// Opens the index in `dir` for searching only, without the writer lock:
    /// for a second process (the CLI while the app is open). It sees the
    /// index as last committed; [`apply`](Self::apply) and
    /// [`rebuild`](Self::rebuild) refuse with [`SearchError::ReadOnly`].
    pub fn open_read_only(dir: &Path) -> Result<SearchIndex> {
        Self::open_with(Self::open_checked(dir)?, false)
    }

    fn open_checked(dir: &Path) -> Result<Index> {
        let index = Index::open(MmapDirectory::open(dir)?)?;
        if index.schema() != schema().0 {
            return Err(SearchError::Outdated);
        }
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            return Err(SearchError::Damaged(damaged.len()));
        }
        Ok(index)
    }

    fn wrap(index: Index) -> Result<SearchIndex> {
        Self::open_with(index, true)
    }

    fn open_with(index: Index, write: bool) -> Result<SearchIndex> {
        index.tokenizers().register(NAME, NgramTokenizer::default());
        let writer = if write {
            let writer = index.writer_with_num_threads(2, WRITER_MEMORY).map_err(|e| match e {
                TantivyError::LockFailure(..) => SearchError::Locked,
                e => e.into(),
            })?;
            // Merging is done in `commit`, synchronously; see the module docs.
            writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
            Some(Mutex::new(writer))
        } else {
            None
        };
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let payload = index.load_metas()?.payload;
        let generation = payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .filter(|p| p.schema == INDEX_SCHEMA)
            .map(|p| p.generation);
        let (_, fields) = schema();
        Ok(SearchIndex { index, reader, writer, fields, generation: Mutex::new(generation) })
    }

    /// Whether this handle can write (it holds the writer lock).
    pub fn is_writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Number of segments searches go through.
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    fn writer(&self) -> Result<MutexGuard<'_, IndexWriter>> {
        self.writer.as_ref().map(lock).ok_or(SearchError::ReadOnly)
    }

    /// The store generation this index reflects, if it records one.
    pub fn generation(&self) -> Option<u64> {
        *lock(&self.generation)
    }

    /// Number of entries (passages + notes).
    pub fn num_entries(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn to_doc(&self, entry: &IndexEntry) -> TantivyDocument {
        let f = &self.fields;
        match entry {
            IndexEntry::Passage(p) => doc!(
                f.kind => "passage",
                f.doc => p.doc.as_str(),
                f.passage_doc => p.doc.as_str(),
                f.block => u64::from(p.block),
                f.start => u64::from(p.start),
                f.end => u64::from(p.start) + p.text.chars().count() as u64,
                f.order => p.order,
                f.text => p.text.as_str(),
                f.body => p.text.as_str(),
                f.section => p.section.as_deref().unwrap_or_default(),
            ),
            IndexEntry::Note(n) => {
                let tags = n.tags.join("\u{1f}");
                // Newlines keep terms from matching across the three parts.
                let text = format!("{}\n{}\n{}", n.note, n.exact, n.tags.join("\n"));
                doc!(
                    f.kind => "note",
                    f.doc => n.doc.as_str(),
                    f.note_id => n.id.as_str(),
                    f.block => u64::from(n.block),
                    f.start => u64::from(n.start),
                    f.end => u64::from(n.end),
                    f.order => n.order,
                    f.text => text,
                    f.body => n.note.as_str(),
                    f.exact => n.exact.as_str(),
                    f.tags => tags,
                    f.section => n.section.as_deref().unwrap_or_default(),
                )
            }
            IndexEntry::Essay(e) => doc!(
                f.kind => "essay",
                f.doc => e.doc.as_deref().unwrap_or_default(),
                f.essay_id => e.id.as_str(),
                f.block => 0u64,
                f.start => 0u64,
                f.end => 0u64,
                // After every passage and note on equal scores.
                f.order => u64::MAX,
                f.text => format!("{}\n{}", e.title, e.body),
                f.body => e.body.as_str(),
                f.exact => e.title.as_str(),
                f.section => e.title.as_str(),
            ),
        }
    }

    /// Applies changes and commits them as reflecting store `generation`;
    /// they are searchable when this returns.
    pub fn apply(&self, changes: &[Change], generation: u64) -> Result<()> {
        let mut writer = self.writer()?;
        for change in changes {
            match change {
                Change::PutNote(n) => {
                    writer.delete_term(Term::from_field_text(self.fields.note_id, &n.id));
                    writer.add_document(self.to_doc(&IndexEntry::Note(n.clone())))?;
                }
                Change::RemoveNote(id) => {
                    writer.delete_term(Term::from_field_text(self.fields.note_id, id));
                }
                Change::PutEssay(e) => {
                    writer.delete_term(Term::from_field_text(self.fields.essay_id, &e.id));
                    writer.add_document(self.to_doc(&IndexEntry::Essay(e.clone())))?;
                }
                Change::RemoveEssay(id) => {
                    writer.delete_term(Term::from_field_text(self.fields.essay_id, id));
                }
                Change::PutPassages(doc, passages) => {
                    writer.delete_term(Term::from_field_text(self.fields.passage_doc, doc));
                    for p in passages {
                        writer.add_document(self.to_doc(&IndexEntry::Passage(p.clone())))?;
                    }
                }
            }
        }
        self.commit(&mut writer, generation)
    }

    fn commit(&self, writer: &mut IndexWriter, generation: u64) -> Result<()> {
        let payload = serde_json::to_string(&Payload { schema: INDEX_SCHEMA, generation }).unwrap_or_default();
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        *lock(&self.generation) = Some(generation);
        let mut segments = self.index.searchable_segment_metas()?;
        if segments.len() > MAX_SEGMENTS {
            // Merge in this call: the result must exist before a CLI process
            // exits. Everything but the largest segment (the last rebuild,
            // usually) is merged, so a merge costs what was written since,
            // not the whole library.
            segments.sort_by_key(|m| Reverse(m.num_docs()));
            let small: Vec<_> = segments.iter().skip(1).map(|m| m.id()).collect();
            writer.merge(&small).wait()?;
            writer.garbage_collect_files().wait()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Starts a rebuild: everything is removed, then [`Rebuild::add`] each
    /// entry and [`Rebuild::finish`]. Searches see the old contents until then.
    pub fn rebuild(&self) -> Result<Rebuild<'_>> {
        let writer = self.writer()?;
        writer.delete_all_documents()?;
        Ok(Rebuild { index: self, writer, added: 0 })
    }

    /// Searches passages and notes. Never fails on the query itself.
    pub fn search(&self, input: &str, limit: usize) -> Result<SearchResults> {
        let query = ParsedQuery::parse(input);
        let mut results = SearchResults { query: input.to_owned(), total: 0, hits: Vec::new() };
        if query.is_empty() {
            return Ok(results);
        }
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit.max(1)).tweak_score(|segment: &tantivy::SegmentReader| {
            let order = segment.fast_fields().u64("order").ok().map(|c| c.first_or_default_col(0));
            // Best score first; equal scores in reading order.
            move |doc, score| (score, Reverse(order.as_ref().map_or(0, |c| c.get_val(doc))))
        });
        let (top, total) = searcher.search(&*query.to_query(self.fields.text), &(top, Count))?;
        results.total = total as u32;
        for ((score, _), address) in top.into_iter().take(limit) {
            let d: TantivyDocument = searcher.doc(address)?;
            results.hits.push(self.hit(&d, &query, score));
        }
        Ok(results)
    }

    fn hit(&self, d: &TantivyDocument, query: &ParsedQuery, score: f32) -> SearchHit {
        let f = &self.fields;
        let text = |field: Field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or_default();
        let num = |field: Field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or_default() as u32;
        let kind = match text(f.kind) {
            "note" => HitKind::Note,
            "essay" => HitKind::Essay,
            _ => HitKind::Passage,
        };
        let section = Some(text(f.section).to_owned()).filter(|s| !s.is_empty());
        let (start, end) = (num(f.start), num(f.end));
        match kind {
            HitKind::Passage => {
                let s = snippet(text(f.body), query);
                let (ms, me) = s.first.unwrap_or((0, 0));
                SearchHit {
                    kind,
                    doc: text(f.doc).to_owned(),
                    block: num(f.block),
                    start: start + ms,
                    end: start + me,
                    note_id: None,
                    essay_id: None,
                    snippet: s.text,
                    highlights: s.highlights,
                    section,
                    score,
                }
            }
            HitKind::Note => {
                let tags = text(f.tags).replace('\u{1f}', " #");
                let tags = if tags.is_empty() { tags } else { format!("#{tags}") };
                // Show the part that matched: the note, else the passage, else the tags.
                let s = [text(f.body), text(f.exact), tags.as_str()]
                    .into_iter()
                    .map(|t| snippet(t, query))
                    .find(|s| s.first.is_some())
                    .unwrap_or_else(|| snippet(text(f.body), query));
                SearchHit {
                    kind,
                    doc: text(f.doc).to_owned(),
                    block: num(f.block),
                    start,
                    end,
                    note_id: Some(text(f.note_id).to_owned()),
                    essay_id: None,
                    snippet: s.text,
                    highlights: s.highlights,
                    section,
                    score,
                }
            }
            HitKind::Essay => {
                // The body where it matched, else the title.
                let s = [text(f.body), text(f.exact)]
                    .into_iter()
                    .map(|t| snippet(t, query))
                    .find(|s| s.first.is_some())
                    .unwrap_or_else(|| snippet(text(f.body), query));
                SearchHit {
                    kind,
                    doc: text(f.doc).to_owned(),
                    block: 0,
                    start: 0,
                    end: 0,
                    note_id: None,
                    essay_id: Some(text(f.essay_id).to_owned()),
                    snippet: s.text,
                    highlights: s.highlights,
                    section,
                    score,
                }
            }
        }
    }
}

/// A rebuild in progress; dropping it without [`finish`](Self::finish) rolls back.
pub struct Rebuild<'a> {
    index: &'a SearchIndex,
    writer: MutexGuard<'a, IndexWriter>,
    added: u64,
}

impl Rebuild<'_> {
    /// Adds one entry.
    pub fn add(&mut self, entry: &IndexEntry) -> Result<()> {
        self.writer.add_document(self.index.to_doc(entry))?;
        self.added += 1;
        Ok(())
    }

    /// Entries added so far.
    pub fn added(&self) -> u64 {
        self.added
    }

    /// Commits the rebuilt index as reflecting store `generation`.
    pub fn finish(mut self, generation: u64) -> Result<()> {
        let index = self.index;
        index.commit(&mut self.writer, generation)?;
        self.added = u64::MAX; // committed: nothing to roll back
        Ok(())
    }
}

impl Drop for Rebuild<'_> {
    fn drop(&mut self) {
        if self.added != u64::MAX {
            // Best effort: an unfinished rebuild must not leave a half index
            // behind; if even rollback fails, the generation check on the
            // next start rebuilds anyway.
            let _ = self.writer.rollback();
        }
    }
}
