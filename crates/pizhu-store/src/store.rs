//! [`Store`]: the SQLite file and every query Pizhu makes of it.

use std::path::Path;

use pizhu_model::{
    default_colors, Annotation, AnnotationPatch, Author, Block, Color, Document, DocumentInfo, NoteFilter, TagCount,
};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::migrations::{LATEST, MIGRATIONS};
use crate::study::{merge_study, StudyRecords};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// The current time as RFC 3339 UTC with exactly three fraction digits, so
/// that timestamps sort correctly as text (`…:29.500Z`, never `…:29.5Z`).
pub fn now() -> String {
    stamp(OffsetDateTime::now_utc() + time::Duration::seconds(clock_offset_seconds()))
}

/// A test hook: `PIZHU_CLOCK_OFFSET_SECONDS` sets this process's clock that
/// far off (a machine whose clock is wrong), for the times the store writes
/// and the sync clock. Read once.
pub fn clock_offset_seconds() -> i64 {
    static OFFSET: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *OFFSET.get_or_init(|| {
        std::env::var("PIZHU_CLOCK_OFFSET_SECONDS").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(0)
    })
}

/// `t` as the store writes time: RFC 3339 UTC with three fraction digits.
pub fn stamp(t: OffsetDateTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

/// Whether timestamp `a` is later than `b`, comparing instants (backups may
/// come from other writers with other fraction widths), else text.
pub fn later(a: &str, b: &str) -> bool {
    match (OffsetDateTime::parse(a, &Rfc3339), OffsetDateTime::parse(b, &Rfc3339)) {
        (Ok(x), Ok(y)) => x > y,
        _ => a > b,
    }
}

/// The notes store: one SQLite connection.
pub struct Store {
    pub(crate) conn: Connection,
    /// Whether the schema is 3 or later (journal, colours' rgb); tests open older ones.
    journaled: bool,
    /// Whether the schema is 6 or later: writes stamp the registers they change (sync).
    stamped: bool,
}

const ANNOTATION_COLUMNS: &str = r#"a.id, a.doc_id, a.start, a."end", a.exact, a.prefix, a.suffix, a.color, a.note, a.created, a.updated, a.deleted,
       (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
         WHERE at.annotation_id = a.id ORDER BY at.position)),
       a.orphan_of IS NOT NULL, NULLIF(a.author, 'local'), (SELECT m.name FROM members m WHERE m.member = a.author)"#;

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Self::setup(Connection::open(path)?, LATEST)
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, LATEST)
    }

    /// Opens `path` migrating only up to schema `version` (to test upgrades from old schemas).
    pub fn open_at_version(path: &Path, version: u32) -> Result<Store> {
        Self::setup(Connection::open(path)?, version)
    }

    fn setup(mut conn: Connection, target: u32) -> Result<Store> {
        // A sync applies on a connection of its own (seconds for a first
        // sync of thousands of notes): a write here waits for it rather than fail.
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Every transaction takes the write lock when it begins: one that read
        // first and wrote later would fail at once (SQLITE_BUSY, no waiting)
        // when the other connection committed in between.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // WAL keeps readers off the writer's back; FULL makes a commit survive
        // a power cut as well as a killed process.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > LATEST {
            return Err(StoreError::TooNew { found, supported: LATEST });
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize).take(target.saturating_sub(found) as usize)
        {
            let tx = conn.transaction()?;
            tx.execute_batch(step)?;
            if i == 0 {
                for (pos, c) in default_colors().iter().enumerate() {
                    tx.execute(
                        "INSERT INTO colors (key, label, label_en, position) VALUES (?1, ?2, ?3, ?4)",
                        params![c.key, c.label, c.label_en, pos as i64],
                    )?;
                }
            }
            tx.pragma_update(None, "user_version", i as u32 + 1)?;
            tx.commit()?;
        }
        let journaled = target >= 3;
        Ok(Store { conn, journaled, stamped: target >= 6 })
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The generation: a counter bumped by every write that changes what is searchable.
    pub fn generation(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// Runs `f` in one transaction that also bumps the generation, stamps
    /// the registers it changed (sync) and journals what `f` says it
    /// touched; returns `f`'s value and the new generation.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &mut Touched) -> Result<T>) -> Result<(T, u64)> {
        let (journaled, stamped) = (self.journaled, self.stamped);
        let tx = self.conn.transaction()?;
        let mut touched = Touched::default();
        let value = f(&tx, &mut touched)?;
        let generation = bump(&tx, journaled.then_some(&touched), stamped)?;
        tx.commit()?;
        Ok((value, generation))
    }

    /// What changed after generation `since`, each entity once, or `None`
    /// when the journal does not reach back that far (then rebuild).
    pub fn changes_since(&self, since: u64) -> Result<Option<Vec<(Entity, String)>>> {
        let from: Option<i64> =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'journal_from'", [], |r| r.get(0)).optional()?;
        match from {
            Some(from) if since as i64 >= from => {}
            _ => return Ok(None),
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity, id FROM journal WHERE generation > ?1 GROUP BY entity, id ORDER BY min(generation)",
        )?;
        let rows = stmt.query_map([since as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (entity, id) = row?;
            out.push((Entity::parse(&entity).ok_or_else(|| StoreError::Damaged("journal".into(), entity))?, id));
        }
        Ok(Some(out))
    }

    /// SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let fk_violations: i64 =
            self.conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if verdict == "ok" && fk_violations == 0 {
            Ok(())
        } else {
            Err(StoreError::Invalid(format!(
                "integrity check failed: {verdict}; {fk_violations} foreign key violations"
            )))
        }
    }

    // ---- documents ----

    /// Inserts or refreshes a built-in document (the speech ships in the binary).
    /// Does not bump the generation when nothing changed.
    pub fn ensure_builtin(&mut self, doc: &Document) -> Result<Option<u64>> {
        let blocks = serde_json::to_string(&doc.blocks).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let same: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE id = ?1 AND title = ?2 AND blocks = ?3 AND builtin = 1",
                params![doc.id, doc.title, blocks],
                |r| r.get(0),
            )
            .optional()?;
        if same.is_some() {
            return Ok(None);
        }
        let ((), generation) = self.write(|tx, touched| {
            tx.execute(
                "INSERT INTO documents (id, title, builtin, blocks, created) VALUES (?1, ?2, 1, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET title = excluded.title, blocks = excluded.blocks, builtin = 1",
                params![doc.id, doc.title, blocks, now()],
            )?;
            touched.document(&doc.id);
            requote(tx, doc, touched)
        })?;
        Ok(Some(generation))
    }

    /// Adds a user's document.
    pub fn add_document(&mut self, doc: &Document) -> Result<(DocumentInfo, u64)> {
        let blocks = serde_json::to_string(&doc.blocks).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let created = now();
        let ((), generation) = self.write(|tx, touched| {
            tx.execute(
                "INSERT INTO documents (id, title, builtin, blocks, created) VALUES (?1, ?2, 0, ?3, ?4)",
                params![doc.id, doc.title, blocks, created],
            )?;
            touched.document(&doc.id);
            Ok(())
        })?;
        Ok((info_of(doc, false, created, 1), generation))
    }

    /// Whether a document with this id exists.
    pub fn has_document(&self, id: &str) -> Result<bool> {
        Ok(self.conn.query_row("SELECT count(*) FROM documents WHERE id = ?1", [id], |r| r.get::<_, i64>(0))? > 0)
    }

    /// All documents: built-in first, then by date added.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        self.document_infos("deleted IS NULL ORDER BY builtin DESC, created, id")
    }

    /// The documents matching `filter` (an SQL `WHERE … ORDER BY …` tail of our own).
    fn document_infos(&self, filter: &str) -> Result<Vec<DocumentInfo>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, title, builtin, blocks, created, version FROM documents WHERE {filter}"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, u32>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, builtin, blocks, created, version) = row?;
            let doc = Document { blocks: parse_blocks(&id, &blocks)?, id, title };
            out.push(info_of(&doc, builtin, created, version));
        }
        Ok(out)
    }

    /// Ids of all documents, in the order of [`Store::documents`].
    pub fn document_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE deleted IS NULL ORDER BY builtin DESC, created, id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Documents in the trash, most recently removed first.
    pub fn trashed_documents(&self) -> Result<Vec<DocumentInfo>> {
        self.document_infos("deleted IS NOT NULL ORDER BY deleted DESC")
    }

    /// Renames a document.
    pub fn rename_document(&mut self, id: &str, title: &str) -> Result<u64> {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(StoreError::Invalid("a title cannot be empty".into()));
        }
        let ((), generation) = self.write(|tx, touched| {
            if tx.execute("UPDATE documents SET title = ?2 WHERE id = ?1", params![id, title])? == 0 {
                return Err(StoreError::NoDocument(id.to_owned()));
            }
            touched.document(id);
            Ok(())
        })?;
        Ok(generation)
    }

    /// Moves a user's document to the trash with its live notes (they share
    /// the removal's time stamp, so [`Store::restore_document`] brings back
    /// exactly those). Returns how many notes went with it.
    pub fn trash_document(&mut self, id: &str) -> Result<(u32, u64)> {
        let stamp = now();
        self.write(|tx, touched| {
            let builtin: Option<bool> = tx
                .query_row("SELECT builtin FROM documents WHERE id = ?1 AND deleted IS NULL", [id], |r| r.get(0))
                .optional()?;
            match builtin {
                None => return Err(StoreError::NoDocument(id.to_owned())),
                Some(true) => return Err(StoreError::Invalid("the bundled speech cannot be removed".into())),
                Some(false) => {}
            }
            tx.execute("UPDATE documents SET deleted = ?2 WHERE id = ?1", params![id, stamp])?;
            let ids = {
                let mut stmt = tx.prepare(
                    "UPDATE annotations SET deleted = ?2 WHERE doc_id = ?1 AND deleted IS NULL AND author = 'local' RETURNING id",
                )?;
                let ids =
                    stmt.query_map(params![id, stamp], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                ids
            };
            touched.document(id);
            ids.iter().for_each(|a| touched.annotation(a));
            Ok(ids.len() as u32)
        })
    }

    /// Brings a document back from the trash with the notes that went with it.
    pub fn restore_document(&mut self, id: &str) -> Result<(u32, u64)> {
        self.write(|tx, touched| {
            let stamp: Option<String> = tx
                .query_row("SELECT deleted FROM documents WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NoDocument(id.to_owned()))?;
            let Some(stamp) = stamp else { return Err(StoreError::Invalid("the document is not in the trash".into())) };
            tx.execute("UPDATE documents SET deleted = NULL WHERE id = ?1", [id])?;
            let ids = {
                let mut stmt = tx
                    .prepare("UPDATE annotations SET deleted = NULL WHERE doc_id = ?1 AND deleted = ?2 AND author = 'local' RETURNING id")?;
                let ids =
                    stmt.query_map(params![id, stamp], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                ids
            };
            touched.document(id);
            ids.iter().for_each(|a| touched.annotation(a));
            Ok(ids.len() as u32)
        })
    }

    /// One document with its blocks (also one in the trash).
    pub fn document(&self, id: &str) -> Result<Document> {
        let (title, blocks): (String, String) = self
            .conn
            .query_row("SELECT title, blocks FROM documents WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NoDocument(id.to_owned()))?;
        Ok(Document { id: id.to_owned(), title, blocks: parse_blocks(id, &blocks)? })
    }

    // ---- annotations ----

    /// Inserts a complete annotation (the caller has computed its quote).
    pub fn insert_annotation(&mut self, a: &Annotation) -> Result<u64> {
        self.check_color(&a.color)?;
        let ((), generation) = self.write(|tx, touched| {
            tx.execute(
                r#"INSERT INTO annotations (id, doc_id, start, "end", exact, prefix, suffix, color, note, created, updated, deleted)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"#,
                params![a.id, a.doc_id, a.start, a.end, a.exact, a.prefix, a.suffix, a.color, a.note, a.created, a.updated, a.deleted],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
                    StoreError::NoDocument(a.doc_id.clone())
                }
                e => e.into(),
            })?;
            touched.annotation(&a.id);
            set_tags(tx, &a.id, &a.tags)
        })?;
        Ok(generation)
    }

    /// Inserts many complete annotations in one transaction (bulk loads,
    /// benchmarks); all or nothing.
    pub fn insert_annotations(&mut self, all: &[Annotation]) -> Result<u64> {
        for c in all.iter().map(|a| a.color.as_str()).collect::<std::collections::BTreeSet<_>>() {
            self.check_color(c)?;
        }
        let ((), generation) = self.write(|tx, touched| {
            let mut stmt = tx.prepare_cached(
                r#"INSERT INTO annotations (id, doc_id, start, "end", exact, prefix, suffix, color, note, created, updated, deleted)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"#,
            )?;
            for a in all {
                stmt.execute(params![
                    a.id, a.doc_id, a.start, a.end, a.exact, a.prefix, a.suffix, a.color, a.note, a.created, a.updated,
                    a.deleted
                ])?;
                set_tags(tx, &a.id, &a.tags)?;
                touched.annotation(&a.id);
            }
            Ok(())
        })?;
        Ok(generation)
    }

    /// One annotation, live or in the trash.
    pub fn annotation(&self, id: &str) -> Result<Annotation> {
        self.conn
            .query_row(&format!("SELECT {ANNOTATION_COLUMNS} FROM annotations a WHERE a.id = ?1"), [id], annotation_of)
            .optional()?
            .ok_or_else(|| StoreError::NoAnnotation(id.to_owned()))
    }

    /// Changes note, colour or tags of a live annotation.
    pub fn update_annotation(&mut self, id: &str, patch: &AnnotationPatch) -> Result<(Annotation, u64)> {
        if let Some(c) = &patch.color {
            self.check_color(c)?;
        }
        let ((), generation) = self.write(|tx, touched| {
            let changed = tx.execute(
                "UPDATE annotations SET note = coalesce(?2, note), color = coalesce(?3, color), updated = ?4
                 WHERE id = ?1 AND deleted IS NULL",
                params![id, patch.note, patch.color, now()],
            )?;
            if changed == 0 {
                return Err(StoreError::NoAnnotation(id.to_owned()));
            }
            if let Some(tags) = &patch.tags {
                set_tags(tx, id, tags)?;
            }
            touched.annotation(id);
            Ok(())
        })?;
        Ok((self.annotation(id)?, generation))
    }

    /// Moves a live annotation to the trash.
    pub fn trash_annotation(&mut self, id: &str) -> Result<(Annotation, u64)> {
        self.set_deleted(id, Some(now()))
    }

    /// Brings an annotation back from the trash.
    pub fn restore_annotation(&mut self, id: &str) -> Result<(Annotation, u64)> {
        self.set_deleted(id, None)
    }

    fn set_deleted(&mut self, id: &str, deleted: Option<String>) -> Result<(Annotation, u64)> {
        let want_live = deleted.is_some();
        let restoring = deleted.is_none();
        let ((), generation) = self.write(|tx, touched| {
            let changed = tx.execute(
                "UPDATE annotations SET deleted = ?2 WHERE id = ?1 AND (deleted IS NULL) = ?3",
                params![id, deleted, want_live],
            )?;
            if changed == 0 {
                return Err(StoreError::NoAnnotation(id.to_owned()));
            }
            if restoring {
                // A note restored from a removed document brings the document back.
                let doc =
                    tx.query_row("SELECT doc_id FROM annotations WHERE id = ?1", [id], |r| r.get::<_, String>(0))?;
                if tx.execute("UPDATE documents SET deleted = NULL WHERE id = ?1 AND deleted IS NOT NULL", [&doc])? > 0
                {
                    touched.document(&doc);
                }
            }
            touched.annotation(id);
            Ok(())
        })?;
        Ok((self.annotation(id)?, generation))
    }

    /// Deletes everything in the trash for good; returns the ids removed.
    pub fn empty_trash(&mut self) -> Result<(Vec<String>, u64)> {
        self.write(|tx, touched| {
            let ids = {
                let mut stmt = tx.prepare("DELETE FROM annotations WHERE deleted IS NOT NULL RETURNING id")?;
                let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                ids
            };
            // Group members' notes on a document removed for good go with it.
            let theirs = {
                let mut stmt = tx.prepare(
                    "DELETE FROM annotations WHERE author != 'local' AND doc_id IN (SELECT d.id FROM documents d
                     WHERE d.deleted IS NOT NULL AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.doc_id = d.id AND a.author = 'local'))
                     RETURNING id",
                )?;
                let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                ids
            };
            tx.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)", [])?;
            for id in ids.iter().chain(&theirs) {
                touched.annotation(id);
            }
            let docs = {
                let mut stmt = tx.prepare(
                    "DELETE FROM documents WHERE deleted IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.doc_id = documents.id) RETURNING id",
                )?;
                let docs = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                docs
            };
            docs.iter().for_each(|d| touched.document(d));
            Ok(ids)
        })
    }

    /// Annotations matching `filter`, in document order (document, start, end).
    pub fn annotations(&self, filter: &NoteFilter) -> Result<Vec<Annotation>> {
        let text = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let sql = format!(
            r#"SELECT {ANNOTATION_COLUMNS} FROM annotations a
               WHERE (a.deleted IS NOT NULL) = ?1
                 AND (?2 IS NULL OR a.doc_id = ?2)
                 AND (?3 IS NULL OR a.color = ?3)
                 AND (?4 IS NULL OR EXISTS (SELECT 1 FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
                                            WHERE at.annotation_id = a.id AND t.name = ?4))
                 AND (?5 IS NULL OR instr(lower(a.note), lower(?5)) > 0 OR instr(lower(a.exact), lower(?5)) > 0
                      OR EXISTS (SELECT 1 FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
                                 WHERE at.annotation_id = a.id AND instr(lower(t.name), lower(?5)) > 0))
                 AND (?6 IS NULL OR a.author = ?6)
               ORDER BY a.doc_id = 'speech' DESC, a.doc_id, a.start, a."end", a.created"#
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![filter.trash, filter.doc_id, filter.color, filter.tag, text, filter.author],
            annotation_of,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of live annotations.
    pub fn count_annotations(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM annotations WHERE deleted IS NULL", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Calls `f` on every live annotation, streaming (for index rebuilds).
    pub fn for_each_live(&self, mut f: impl FnMut(Annotation) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ANNOTATION_COLUMNS} FROM annotations a WHERE a.deleted IS NULL ORDER BY a.rowid"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(annotation_of(row)?)?;
        }
        Ok(())
    }

    // ---- tags ----

    /// Tags of live annotations with their counts, most used first.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.name, count(a.id) FROM tags t
             JOIN annotation_tags at ON at.tag_id = t.id
             JOIN annotations a ON a.id = at.annotation_id AND a.deleted IS NULL AND a.author = 'local'
             GROUP BY t.id ORDER BY count(a.id) DESC, t.name",
        )?;
        let rows = stmt.query_map([], |r| Ok(TagCount { name: r.get(0)?, count: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Renames a tag everywhere (merging into `to` if it exists); returns the
    /// ids of the annotations that changed.
    pub fn rename_tag(&mut self, from: &str, to: &str) -> Result<(Vec<String>, u64)> {
        let to = clean_tag(to).ok_or_else(|| StoreError::Invalid("a tag name cannot be empty".into()))?;
        self.write(|tx, touched| {
            let from_id: i64 = tx
                .query_row("SELECT id FROM tags WHERE name = ?1", [from], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NoTag(from.to_owned()))?;
            // My notes only: a study-group member's tags are theirs.
            let ids = {
                let mut stmt = tx.prepare(
                    "SELECT at.annotation_id FROM annotation_tags at JOIN annotations a ON a.id = at.annotation_id
                     WHERE at.tag_id = ?1 AND a.author = 'local'",
                )?;
                let ids = stmt.query_map([from_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                ids
            };
            if ids.is_empty() {
                return Err(StoreError::NoTag(from.to_owned()));
            }
            let to_id = tag_id(tx, &to)?;
            if to_id != from_id {
                for id in &ids {
                    tx.execute(
                        "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id, position)
                         SELECT annotation_id, ?2, position FROM annotation_tags WHERE tag_id = ?1 AND annotation_id = ?3",
                        params![from_id, to_id, id],
                    )?;
                    tx.execute(
                        "DELETE FROM annotation_tags WHERE tag_id = ?1 AND annotation_id = ?2",
                        params![from_id, id],
                    )?;
                }
                tx.execute(
                    "DELETE FROM tags WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM annotation_tags WHERE tag_id = ?1)",
                    [from_id],
                )?;
            }
            let stamp = now();
            for id in &ids {
                tx.execute("UPDATE annotations SET updated = ?2 WHERE id = ?1", params![id, stamp])?;
                touched.annotation(id);
            }
            Ok(ids)
        })
    }

    // ---- colours ----

    /// The colours and their meanings, in display order.
    pub fn colors(&self) -> Result<Vec<Color>> {
        let sql = if self.journaled {
            "SELECT key, label, label_en, rgb FROM colors ORDER BY position"
        } else {
            "SELECT key, label, label_en, '' FROM colors ORDER BY position"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| {
            let key: String = r.get(0)?;
            let rgb: String = r.get(3)?;
            let rgb = if Color::is_rgb(&rgb) { rgb } else { Color::fallback_rgb(&key) };
            Ok(Color { key, label: r.get(1)?, label_en: r.get(2)?, rgb })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Renames what a colour means (either language; `None` keeps it).
    pub fn rename_color(&mut self, key: &str, label: Option<&str>, label_en: Option<&str>) -> Result<Vec<Color>> {
        self.check_color(key)?;
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        let label_en = label_en.map(str::trim).filter(|l| !l.is_empty());
        // A journaled write: colour meanings are library content (shown,
        // exported, synced), unlike per-device settings.
        self.write(|tx, touched| {
            tx.execute(
                "UPDATE colors SET label = coalesce(?2, label), label_en = coalesce(?3, label_en) WHERE key = ?1",
                params![key, label, label_en],
            )?;
            touched.color(key);
            Ok(())
        })?;
        self.colors()
    }

    fn check_color(&self, key: &str) -> Result<()> {
        let colors = self.colors()?;
        if colors.iter().any(|c| c.key == key) {
            Ok(())
        } else {
            let keys: Vec<String> = colors.iter().map(|c| format!("{} ({})", c.key, c.label)).collect();
            Err(StoreError::NoColor(key.to_owned(), keys.join(", ")))
        }
    }

    // ---- settings ----

    /// A setting, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Sets a setting. Settings are per-device state (reading position,
    /// preferences), not library content: they do not bump the generation.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Removes a setting (nothing set is fine).
    pub fn remove_setting(&mut self, key: &str) -> Result<()> {
        self.conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }
}

// ---- merge (restore) ----

/// A document a merge adds when the store lacks it (from a backup).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeDocument {
    /// The document.
    pub doc: Document,
    /// Whether it is a built-in document.
    pub builtin: bool,
    /// When it was first added, RFC 3339 UTC.
    pub created: String,
}

/// What [`Store::merge`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeOutcome {
    /// Ids of the documents added.
    pub documents_added: Vec<String>,
    /// Ids of the annotations that were absent and were inserted.
    pub inserted: Vec<String>,
    /// Ids of the annotations replaced by a newer version.
    pub updated: Vec<String>,
    /// Number of annotations left as they were (the store's version is as new or newer).
    pub unchanged: u32,
    /// Keys of the colours added or whose default meaning was replaced.
    pub colors_changed: Vec<String>,
    /// Ids of the essays added or replaced by a newer version.
    pub essays_changed: Vec<String>,
    /// Review cards, reviews and reading-time rows written.
    pub study_rows: u32,
    /// The new generation, if anything changed (nothing is written otherwise).
    pub generation: Option<u64>,
}

impl MergeOutcome {
    /// Whether the merge changed anything.
    pub fn changed(&self) -> bool {
        self.generation.is_some()
    }
}

impl Store {
    /// Merges documents, colours and annotations (from a backup) in one
    /// transaction: all of it or, on any error, none of it.
    ///
    /// * `documents` absent from the store are added (present ones are kept as they are);
    /// * `colors` absent are added; a present colour whose meaning is still the
    ///   default takes the given meaning;
    /// * an annotation absent is inserted; a present one is replaced when the
    ///   given one's `updated` is newer (RFC 3339 UTC sorts as text), and kept
    ///   otherwise. Its document must exist (in the store or in `documents`).
    ///
    /// Merging the same data twice changes nothing the second time, and a
    /// merge that changes nothing writes nothing (the generation stays).
    pub fn merge(
        &mut self,
        documents: &[MergeDocument],
        colors: &[Color],
        annotations: &[Annotation],
    ) -> Result<MergeOutcome> {
        self.merge_with_study(documents, colors, annotations, &StudyRecords::default())
    }

    /// [`merge`](Self::merge), and in the same transaction the reader's
    /// study records (see [`StudyRecords`] for how each kind merges).
    pub fn merge_with_study(
        &mut self,
        documents: &[MergeDocument],
        colors: &[Color],
        annotations: &[Annotation],
        study: &StudyRecords,
    ) -> Result<MergeOutcome> {
        let defaults = default_colors();
        let (journaled, stamped) = (self.journaled, self.stamped);
        let tx = self.conn.transaction()?;
        let mut out = MergeOutcome::default();
        for c in colors {
            let current: Option<(String, String)> = tx
                .query_row("SELECT label, label_en FROM colors WHERE key = ?1", [&c.key], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            match current {
                None => {
                    tx.execute(
                        "INSERT INTO colors (key, label, label_en, position, rgb)
                         VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), -1) + 1 FROM colors), ?4)",
                        params![c.key, c.label, c.label_en, if Color::is_rgb(&c.rgb) { c.rgb.as_str() } else { "" }],
                    )?;
                    out.colors_changed.push(c.key.clone());
                }
                Some((label, label_en)) => {
                    let default = defaults.iter().find(|d| d.key == c.key);
                    let is_default = default.is_some_and(|d| d.label == label && d.label_en == label_en);
                    if is_default && (c.label != label || c.label_en != label_en) {
                        tx.execute(
                            "UPDATE colors SET label = ?2, label_en = ?3 WHERE key = ?1",
                            params![c.key, c.label, c.label_en],
                        )?;
                        out.colors_changed.push(c.key.clone());
                    }
                }
            }
        }
        for d in documents {
            let blocks = serde_json::to_string(&d.doc.blocks).map_err(|e| StoreError::Invalid(e.to_string()))?;
            let added = tx.execute(
                "INSERT INTO documents (id, title, builtin, blocks, created) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO NOTHING",
                params![d.doc.id, d.doc.title, d.builtin, blocks, d.created],
            )?;
            if added > 0 {
                if let Some((_, v)) = study.current_versions.iter().find(|(id, _)| *id == d.doc.id) {
                    tx.execute("UPDATE documents SET version = ?2 WHERE id = ?1", params![d.doc.id, v])?;
                }
                out.documents_added.push(d.doc.id.clone());
            }
        }
        // A backup carries group members' notes too; they come back with
        // the members' next share, never as this reader's.
        for a in annotations.iter().filter(|a| a.is_mine()) {
            let has_doc: bool =
                tx.query_row("SELECT count(*) > 0 FROM documents WHERE id = ?1", [&a.doc_id], |r| r.get(0))?;
            if !has_doc {
                return Err(StoreError::NoDocument(a.doc_id.clone()));
            }
            let has_color: bool =
                tx.query_row("SELECT count(*) > 0 FROM colors WHERE key = ?1", [&a.color], |r| r.get(0))?;
            if !has_color {
                let mut stmt = tx.prepare("SELECT key || ' (' || label || ')' FROM colors ORDER BY position")?;
                let keys = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                return Err(StoreError::NoColor(a.color.clone(), keys.join(", ")));
            }
            let current: Option<(String, bool)> = tx
                .query_row("SELECT updated, author = 'local' FROM annotations WHERE id = ?1", [&a.id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let current = match current {
                Some((_, false)) => continue,
                Some((updated, true)) => Some(updated),
                None => None,
            };
            match current {
                None => {
                    tx.execute(
                        r#"INSERT INTO annotations (id, doc_id, start, "end", exact, prefix, suffix, color, note, created, updated, deleted)
                           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"#,
                        params![a.id, a.doc_id, a.start, a.end, a.exact, a.prefix, a.suffix, a.color, a.note, a.created, a.updated, a.deleted],
                    )?;
                    set_tags(&tx, &a.id, &a.tags)?;
                    set_orphan(&tx, a, study)?;
                    out.inserted.push(a.id.clone());
                }
                Some(updated) if later(&a.updated, &updated) => {
                    tx.execute(
                        r#"UPDATE annotations SET doc_id = ?2, start = ?3, "end" = ?4, exact = ?5, prefix = ?6, suffix = ?7,
                           color = ?8, note = ?9, created = ?10, updated = ?11, deleted = ?12 WHERE id = ?1"#,
                        params![a.id, a.doc_id, a.start, a.end, a.exact, a.prefix, a.suffix, a.color, a.note, a.created, a.updated, a.deleted],
                    )?;
                    set_tags(&tx, &a.id, &a.tags)?;
                    set_orphan(&tx, a, study)?;
                    out.updated.push(a.id.clone());
                }
                Some(_) => out.unchanged += 1,
            }
        }
        merge_study(&tx, study, &mut out)?;
        let changed = !(out.documents_added.is_empty()
            && out.inserted.is_empty()
            && out.updated.is_empty()
            && out.colors_changed.is_empty()
            && out.essays_changed.is_empty()
            && out.study_rows == 0);
        if changed {
            let mut touched = Touched::default();
            out.essays_changed.iter().for_each(|id| touched.essay(id));
            out.documents_added.iter().for_each(|id| touched.document(id));
            out.inserted.iter().chain(&out.updated).for_each(|id| touched.annotation(id));
            out.colors_changed.iter().for_each(|key| touched.color(key));
            let generation = bump(&tx, journaled.then_some(&touched), stamped)?;
            tx.commit()?;
            out.generation = Some(generation);
        }
        // Without changes the transaction is dropped, which rolls it back.
        Ok(out)
    }

    /// Every annotation, live and in the trash, in document order.
    pub fn all_annotations(&self) -> Result<Vec<Annotation>> {
        let mut all = self.annotations(&NoteFilter::default())?;
        all.extend(self.annotations(&NoteFilter { trash: true, ..Default::default() })?);
        Ok(all)
    }

    /// Every document with whether it is built in and when it was added.
    pub fn document_records(&self) -> Result<Vec<MergeDocument>> {
        let infos = self.documents()?;
        let mut out = Vec::with_capacity(infos.len());
        for info in infos {
            out.push(MergeDocument { doc: self.document(&info.id)?, builtin: info.builtin, created: info.created });
        }
        Ok(out)
    }
}

/// Takes the quotes of `doc`'s annotations (live and trashed) from its
/// current text after the text changed, e.g. a new typesetting of the bundled
/// speech (`,` → `，`): each passage is found again by position and quote
/// (width-insensitive) and its exact/prefix/suffix rewritten from the new
/// text. A passage that cannot be found keeps its old selectors.
fn requote(tx: &Transaction<'_>, doc: &Document, touched: &mut Touched) -> Result<()> {
    let text = doc.text();
    let cp = pizhu_model::CpText::new(&text);
    let rows = {
        let mut stmt =
            tx.prepare(r#"SELECT id, start, "end", exact, prefix, suffix FROM annotations WHERE doc_id = ?1"#)?;
        let rows = stmt
            .query_map([&doc.id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, u32>(2)?,
                    pizhu_model::Quote { exact: r.get(3)?, prefix: r.get(4)?, suffix: r.get(5)? },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    for (id, start, end, quote) in rows {
        let Some((s, e)) = pizhu_model::anchor::anchor(&cp, &quote, start, end) else { continue };
        let Ok(new) = pizhu_model::Quote::at(&cp, s, e) else { continue };
        if (s, e) != (start, end) || new != quote {
            tx.execute(
                r#"UPDATE annotations SET start = ?2, "end" = ?3, exact = ?4, prefix = ?5, suffix = ?6 WHERE id = ?1"#,
                params![id, s, e, new.exact, new.prefix, new.suffix],
            )?;
            touched.annotation(&id);
        }
    }
    Ok(())
}

/// Marks a merged annotation orphaned as its copy was (with the version
/// its selectors describe; the one before the current text if unknown), or
/// placed.
fn set_orphan(tx: &Transaction<'_>, a: &Annotation, study: &StudyRecords) -> Result<()> {
    let known = study.orphans.iter().find(|(id, _)| *id == a.id).map(|(_, v)| *v);
    tx.execute(
        "UPDATE annotations SET orphan_of = CASE WHEN ?2 THEN coalesce(?3,
             (SELECT max(version - 1, 1) FROM documents WHERE id = annotations.doc_id)) END WHERE id = ?1",
        params![a.id, a.orphaned, known],
    )?;
    Ok(())
}

/// A kind of thing the journal records as changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    /// An annotation (id): created, changed, trashed, restored or deleted for good.
    Annotation,
    /// A document (id): added or changed.
    Document,
    /// A colour (key): added or renamed.
    Color,
    /// An essay (id): written, changed, trashed or restored.
    Essay,
    /// A sync conflict (id): found, or resolved.
    Conflict,
}

impl Entity {
    fn as_str(self) -> &'static str {
        match self {
            Entity::Annotation => "annotation",
            Entity::Document => "document",
            Entity::Color => "color",
            Entity::Essay => "essay",
            Entity::Conflict => "conflict",
        }
    }

    fn parse(s: &str) -> Option<Entity> {
        match s {
            "annotation" => Some(Entity::Annotation),
            "document" => Some(Entity::Document),
            "color" => Some(Entity::Color),
            "essay" => Some(Entity::Essay),
            "conflict" => Some(Entity::Conflict),
            _ => None,
        }
    }
}

/// What one write transaction touched, journaled with its generation.
#[derive(Debug, Default)]
pub(crate) struct Touched(Vec<(Entity, String)>);

impl Touched {
    pub(crate) fn items(&self) -> &[(Entity, String)] {
        &self.0
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub(crate) fn push(&mut self, entity: Entity, id: &str) {
        self.0.push((entity, id.to_owned()));
    }
    pub(crate) fn annotation(&mut self, id: &str) {
        self.0.push((Entity::Annotation, id.to_owned()));
    }
    pub(crate) fn document(&mut self, id: &str) {
        self.0.push((Entity::Document, id.to_owned()));
    }
    fn color(&mut self, key: &str) {
        self.0.push((Entity::Color, key.to_owned()));
    }
    pub(crate) fn essay(&mut self, id: &str) {
        self.0.push((Entity::Essay, id.to_owned()));
    }
}

/// Bumps the generation, stamps what `touched` changed (`stamped`: a
/// schema with sync) and journals it under the new generation as a local
/// edit (`None`: a schema without the journal).
fn bump(tx: &Transaction<'_>, touched: Option<&Touched>, stamped: bool) -> Result<u64> {
    if let (Some(touched), true) = (touched, stamped) {
        crate::sync::restamp(tx, touched)?;
    }
    let generation: i64 =
        tx.query_row("UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value", [], |r| r.get(0))?;
    if let Some(touched) = touched {
        let mut stmt = tx.prepare_cached("INSERT INTO journal (generation, entity, id) VALUES (?1, ?2, ?3)")?;
        for (entity, id) in &touched.0 {
            stmt.execute(params![generation, entity.as_str(), id])?;
        }
    }
    Ok(generation as u64)
}

/// Bumps the generation and journals `touched` as brought by sync target
/// `origin`, keeping the stamps the merge wrote.
pub(crate) fn bump_from(tx: &Transaction<'_>, touched: &Touched, origin: i64) -> Result<u64> {
    let generation: i64 =
        tx.query_row("UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value", [], |r| r.get(0))?;
    let mut stmt = tx.prepare_cached("INSERT INTO journal (generation, entity, id, origin) VALUES (?1, ?2, ?3, ?4)")?;
    for (entity, id) in &touched.0 {
        stmt.execute(params![generation, entity.as_str(), id, origin])?;
    }
    Ok(generation as u64)
}

/// Normalises a tag: trimmed, without a leading `#`, inner white space collapsed.
pub(crate) fn clean_tag(tag: &str) -> Option<String> {
    let t = tag.trim().trim_start_matches(['#', '＃']).split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn tag_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    tx.execute("INSERT OR IGNORE INTO tags (name) VALUES (?1)", [name])?;
    Ok(tx.query_row("SELECT id FROM tags WHERE name = ?1", [name], |r| r.get(0))?)
}

pub(crate) fn set_tags(tx: &Transaction<'_>, annotation: &str, tags: &[String]) -> Result<()> {
    let removed = tx.execute("DELETE FROM annotation_tags WHERE annotation_id = ?1", [annotation])?;
    let mut seen = Vec::new();
    for tag in tags.iter().filter_map(|t| clean_tag(t)) {
        if seen.contains(&tag) {
            continue;
        }
        let id = tag_id(tx, &tag)?;
        tx.execute(
            "INSERT INTO annotation_tags (annotation_id, tag_id, position) VALUES (?1, ?2, ?3)",
            params![annotation, id, seen.len() as i64],
        )?;
        seen.push(tag);
    }
    if removed > 0 {
        // Only a removal can orphan a tag.
        tx.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)", [])?;
    }
    Ok(())
}

fn annotation_of(r: &Row<'_>) -> rusqlite::Result<Annotation> {
    let tags: Option<String> = r.get(12)?;
    Ok(Annotation {
        id: r.get(0)?,
        doc_id: r.get(1)?,
        start: r.get(2)?,
        end: r.get(3)?,
        exact: r.get(4)?,
        prefix: r.get(5)?,
        suffix: r.get(6)?,
        color: r.get(7)?,
        note: r.get(8)?,
        created: r.get(9)?,
        updated: r.get(10)?,
        deleted: r.get(11)?,
        tags: tags.map(|t| t.split('\u{1f}').map(str::to_owned).collect()).unwrap_or_default(),
        orphaned: r.get(13)?,
        author: match r.get::<_, Option<String>>(14)? {
            Some(id) => {
                let name = r.get::<_, Option<String>>(15)?.unwrap_or_else(|| id.clone());
                Some(Author { id, name })
            }
            None => None,
        },
    })
}

pub(crate) fn parse_blocks(id: &str, json: &str) -> Result<Vec<Block>> {
    serde_json::from_str(json).map_err(|e| StoreError::Damaged(id.to_owned(), e.to_string()))
}

pub(crate) fn info_of(doc: &Document, builtin: bool, created: String, version: u32) -> DocumentInfo {
    DocumentInfo {
        id: doc.id.clone(),
        title: doc.title.clone(),
        builtin,
        blocks: doc.blocks.len() as u32,
        chars: doc.visible_chars(),
        created,
        version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str, start: u32, end: u32, tags: &[&str]) -> Annotation {
        Annotation {
            id: id.into(),
            doc_id: "speech".into(),
            start,
            end,
            exact: "x".into(),
            prefix: String::new(),
            suffix: String::new(),
            color: "yellow".into(),
            note: format!("note {id}"),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            created: now(),
            updated: now(),
            deleted: None,
            orphaned: false,
            author: None,
        }
    }

    fn store() -> Store {
        let mut s = Store::open_in_memory().expect("open");
        s.ensure_builtin(&Document::speech()).expect("speech");
        s
    }

    #[test]
    fn timestamps_have_fixed_width_and_compare_as_instants() {
        let t = now();
        assert_eq!(t.len(), "2026-11-27T09:47:29.530Z".len(), "{t}");
        assert!(later("2026-11-27T09:47:29.53Z", "2026-11-27T09:47:29.5Z"));
        assert!(later("2026-11-27T09:47:29.1Z", "2026-11-27T09:47:29Z"));
        assert!(!later("2026-11-27T09:47:29.100Z", "2026-11-27T09:47:29.1Z"));
    }

    #[test]
    fn annotations_round_trip_with_tags_in_order() {
        let mut s = store();
        let g0 = s.generation().expect("gen");
        s.insert_annotation(&note("a", 5, 9, &["#学习", "重点 ", "学习"])).expect("insert");
        assert!(s.generation().expect("gen") > g0);
        let a = s.annotation("a").expect("get");
        assert_eq!(a.tags, vec!["学习", "重点"]);
        assert_eq!((a.start, a.end), (5, 9));
        let tags = s.tags().expect("tags");
        assert_eq!(tags.len(), 2);
    }

    #[test]
    fn trash_restore_and_empty() {
        let mut s = store();
        s.insert_annotation(&note("a", 1, 2, &["t"])).expect("insert");
        s.insert_annotation(&note("b", 3, 4, &[])).expect("insert");
        s.trash_annotation("a").expect("trash");
        assert!(s.trash_annotation("a").is_err(), "already in the trash");
        assert_eq!(s.annotations(&NoteFilter::default()).expect("list").len(), 1);
        assert!(s.tags().expect("tags").is_empty(), "trashed notes do not count");
        s.restore_annotation("a").expect("restore");
        assert_eq!(s.annotations(&NoteFilter::default()).expect("list").len(), 2);
        s.trash_annotation("b").expect("trash");
        let (gone, _) = s.empty_trash().expect("empty");
        assert_eq!(gone, vec!["b".to_string()]);
        assert!(matches!(s.annotation("b"), Err(StoreError::NoAnnotation(_))));
    }

    #[test]
    fn unknown_document_and_colour_are_refused() {
        let mut s = store();
        let mut a = note("a", 1, 2, &[]);
        a.doc_id = "nope".into();
        assert!(matches!(s.insert_annotation(&a), Err(StoreError::NoDocument(_))));
        let mut a = note("a", 1, 2, &[]);
        a.color = "pink".into();
        assert!(matches!(s.insert_annotation(&a), Err(StoreError::NoColor(..))));
    }

    #[test]
    fn rename_tag_merges() {
        let mut s = store();
        s.insert_annotation(&note("a", 1, 2, &["甲", "乙"])).expect("insert");
        s.insert_annotation(&note("b", 3, 4, &["乙"])).expect("insert");
        let (ids, _) = s.rename_tag("甲", "乙").expect("rename");
        assert_eq!(ids, vec!["a".to_string()]);
        assert_eq!(s.tags().expect("tags"), vec![TagCount { name: "乙".into(), count: 2 }]);
        assert!(matches!(s.rename_tag("丙", "丁"), Err(StoreError::NoTag(_))));
    }

    // ---- merge (restore) ----

    #[test]
    fn merge_inserts_newest_wins_and_is_idempotent() {
        let mut s = store();
        let mut a = note("a", 1, 2, &["甲"]);
        a.updated = "2024-01-01T00:00:00.000Z".into();
        s.insert_annotation(&a).expect("insert");
        let g0 = s.generation().expect("gen");
        let mut newer = a.clone();
        newer.note = "newer".into();
        newer.tags = vec!["乙".into()];
        newer.updated = "2024-02-01T00:00:00.000Z".into();
        let mut older = note("b", 3, 4, &[]);
        older.updated = "2023-01-01T00:00:00.000Z".into();
        let doc = Document::from_text("user", "用户文档", "正文");
        let docs = [MergeDocument { doc, builtin: false, created: "2024-01-01T00:00:00.000Z".into() }];
        let mut on_user = note("c", 0, 2, &["丙"]);
        on_user.doc_id = "user".into();
        let batch = [newer.clone(), older.clone(), on_user];
        let out = s.merge(&docs, &default_colors(), &batch).expect("merge");
        assert_eq!(out.documents_added, vec!["user".to_string()]);
        assert_eq!(out.inserted, vec!["b".to_string(), "c".to_string()]);
        assert_eq!(out.updated, vec!["a".to_string()]);
        assert_eq!(out.generation, Some(g0 + 1));
        let got = s.annotation("a").expect("a");
        assert_eq!((got.note.as_str(), got.tags.clone()), ("newer", vec!["乙".to_string()]));
        assert_eq!(s.tags().expect("tags").iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), vec!["丙", "乙"]);

        let again = s.merge(&docs, &default_colors(), &batch).expect("merge again");
        assert!(!again.changed());
        assert_eq!(again.unchanged, 3);
        assert_eq!(s.generation().expect("gen"), g0 + 1, "a merge that changes nothing writes nothing");

        let mut stale = newer;
        stale.note = "stale".into();
        stale.updated = "2023-06-01T00:00:00.000Z".into();
        assert!(!s.merge(&[], &[], &[stale]).expect("merge").changed());
        assert_eq!(s.annotation("a").expect("a").note, "newer");
    }

    #[test]
    fn merge_is_all_or_nothing() {
        let mut s = store();
        let g0 = s.generation().expect("gen");
        let ok = note("a", 1, 2, &["甲"]);
        let mut orphan = note("b", 1, 2, &[]);
        orphan.doc_id = "nowhere".into();
        let docs = [MergeDocument {
            doc: Document::from_text("user", "t", "x"),
            builtin: false,
            created: "2024-01-01T00:00:00.000Z".into(),
        }];
        assert!(matches!(s.merge(&docs, &[], &[ok, orphan]), Err(StoreError::NoDocument(d)) if d == "nowhere"));
        assert_eq!(s.generation().expect("gen"), g0);
        assert!(s.annotation("a").is_err());
        assert!(!s.has_document("user").expect("has"));
        assert!(s.tags().expect("tags").is_empty());
    }

    #[test]
    fn merge_takes_renamed_colours_only_over_defaults() {
        let mut s = store();
        let mut colors = default_colors();
        colors[0].label = "要点".into();
        colors.push(Color { key: "pink".into(), label: "粉".into(), label_en: "Pink".into(), rgb: "#ff66aa".into() });
        let out = s.merge(&[], &colors, &[]).expect("merge");
        assert_eq!(out.colors_changed, vec!["yellow".to_string(), "pink".to_string()]);
        assert_eq!(s.colors().expect("colors")[0].label, "要点");
        assert_eq!(s.colors().expect("colors")[5].key, "pink");
        s.rename_color("yellow", Some("我的"), None).expect("rename");
        assert!(!s.merge(&[], &colors, &[]).expect("merge").changed(), "the user's own meaning stays");
        assert_eq!(s.colors().expect("colors")[0].label, "我的");
    }

    #[test]
    fn filters_by_colour_tag_and_text() {
        let mut s = store();
        let mut a = note("a", 1, 2, &["法治"]);
        a.note = "关于Party history".into();
        s.insert_annotation(&a).expect("insert");
        let mut b = note("b", 3, 4, &[]);
        b.color = "red".into();
        s.insert_annotation(&b).expect("insert");
        let f = |f: NoteFilter| s.annotations(&f).expect("list").into_iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(f(NoteFilter { color: Some("red".into()), ..Default::default() }), vec!["b"]);
        assert_eq!(f(NoteFilter { tag: Some("法治".into()), ..Default::default() }), vec!["a"]);
        assert_eq!(f(NoteFilter { text: Some("party".into()), ..Default::default() }), vec!["a"]);
        assert_eq!(f(NoteFilter { text: Some("法".into()), ..Default::default() }), vec!["a"]);
    }
}
