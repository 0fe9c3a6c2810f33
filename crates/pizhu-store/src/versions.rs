//! New versions of a document's text.
//!
//! Importing a revised text keeps the document's id: the current text is
//! copied whole into `document_versions`, the new one takes its place, and
//! every annotation of the document is either moved onto the new text or
//! marked as orphaned (`orphan_of` = the version its selectors describe) —
//! all in one journaled transaction, so a killed process leaves either the
//! old version with its notes or the new one with its notes, never a mix.
//! Where each note goes is decided by the caller (`pizhu_model::reanchor`);
//! this module only records it.

use pizhu_model::{Annotation, Document, DocumentInfo, DocumentVersion, Quote};
use rusqlite::{params, OptionalExtension};

use crate::store::{info_of, now, parse_blocks};
use crate::{Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// title, blocks, created, version_created, version, builtin, deleted.
type CurrentRow = (String, String, String, Option<String>, u32, bool, Option<String>);

/// Where one annotation goes on a new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    /// Placed at `start..end` of the new text, quoting `quote` there; it was
    /// at `old_start` (chosen blanks of its card shift with it).
    Placed {
        /// Annotation id.
        id: String,
        /// Where it was, code points of the text its selectors described.
        old_start: u32,
        /// New start, code points.
        start: u32,
        /// New end (exclusive).
        end: u32,
        /// Quote and context taken from the new text.
        quote: Quote,
    },
    /// No place is certain: kept with its old selectors, 待确认.
    Orphaned {
        /// Annotation id.
        id: String,
    },
}

/// A stored version of a document (for backups): everything to put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    /// The document.
    pub doc_id: String,
    /// Its version number.
    pub version: u32,
    /// Its title then.
    pub title: String,
    /// Its blocks as JSON, as stored.
    pub blocks: String,
    /// When that text came.
    pub created: String,
    /// When it was replaced.
    pub replaced: String,
}

impl Store {
    /// Replaces the text of document `doc.id` by `doc.blocks` (its title
    /// stays: the reader may have renamed it), keeping the current text as a
    /// version, and applies `replacements` to its annotations. Built-in and
    /// trashed documents are refused. Reading time (学习进度) follows its
    /// blocks through `block_map` (old block index → new one); time on
    /// blocks that did not survive is dropped.
    pub fn replace_text(
        &mut self,
        doc: &Document,
        replacements: &[Replacement],
        block_map: &[Option<u32>],
    ) -> Result<(DocumentInfo, u64)> {
        let blocks = serde_json::to_string(&doc.blocks).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let stamp = now();
        self.write(|tx, touched| {
            let row: Option<CurrentRow> = tx
                .query_row(
                    "SELECT title, blocks, created, version_created, version, builtin, deleted FROM documents WHERE id = ?1",
                    [&doc.id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
                )
                .optional()?;
            let Some((title, old_blocks, created, version_created, version, builtin, deleted)) = row else {
                return Err(StoreError::NoDocument(doc.id.clone()));
            };
            if builtin {
                return Err(StoreError::Invalid("the bundled speech has no new versions".into()));
            }
            if deleted.is_some() {
                return Err(StoreError::Invalid("the document is in the trash".into()));
            }
            tx.execute(
                "INSERT INTO document_versions (doc_id, version, title, blocks, created, replaced)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![doc.id, version, title, old_blocks, version_created.as_deref().unwrap_or(&created), stamp],
            )?;
            tx.execute(
                "UPDATE documents SET blocks = ?2, version = ?3, version_created = ?4 WHERE id = ?1",
                params![doc.id, blocks, version + 1, stamp],
            )?;
            touched.document(&doc.id);
            let mut place = tx.prepare(
                r#"UPDATE annotations SET start = ?2, "end" = ?3, exact = ?4, prefix = ?5, suffix = ?6, orphan_of = NULL
                   WHERE id = ?1 AND doc_id = ?7"#,
            )?;
            let mut orphan = tx.prepare(
                "UPDATE annotations SET orphan_of = coalesce(orphan_of, ?2) WHERE id = ?1 AND doc_id = ?3",
            )?;
            let mut hides = tx.prepare("SELECT hide FROM cards WHERE annotation_id = ?1")?;
            let mut set_hide = tx.prepare("UPDATE cards SET hide = ?2 WHERE annotation_id = ?1")?;
            for r in replacements {
                match r {
                    Replacement::Placed { id, old_start, start, end, quote } => {
                        place.execute(params![id, start, end, quote.exact, quote.prefix, quote.suffix, doc.id])?;
                        if old_start != start {
                            let hide: Option<String> = hides.query_row([id], |r| r.get(0)).optional()?;
                            if let Some(shifted) = hide.and_then(|h| shift_hide(&h, *start as i64 - *old_start as i64)) {
                                set_hide.execute(params![id, shifted])?;
                            }
                        }
                        touched.annotation(id);
                    }
                    Replacement::Orphaned { id } => {
                        orphan.execute(params![id, version, doc.id])?;
                        touched.annotation(id);
                    }
                }
            }
            let reading = {
                let mut stmt =
                    tx.prepare("DELETE FROM reading WHERE doc_id = ?1 RETURNING reader, block, seconds, last")?;
                let rows = stmt.query_map([&doc.id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, f64>(2)?, r.get::<_, String>(3)?))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let mut keep = tx.prepare(
                "INSERT INTO reading (doc_id, reader, block, seconds, last) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (doc_id, reader, block) DO UPDATE SET seconds = seconds + excluded.seconds,
                     last = max(last, excluded.last)",
            )?;
            for (reader, block, seconds, last) in reading {
                if let Some(Some(to)) = block_map.get(block as usize) {
                    keep.execute(params![doc.id, reader, to, seconds, last])?;
                }
            }
            let created: String =
                tx.query_row("SELECT created FROM documents WHERE id = ?1", [&doc.id], |r| r.get(0))?;
            let current = Document { id: doc.id.clone(), title, blocks: doc.blocks.clone() };
            Ok(info_of(&current, false, created, version + 1))
        })
    }

    /// Every version of a document, oldest first, the current text last.
    pub fn versions(&self, doc_id: &str) -> Result<Vec<DocumentVersion>> {
        let current: Option<(String, String, Option<String>, u32)> = self
            .conn
            .query_row("SELECT blocks, created, version_created, version FROM documents WHERE id = ?1", [doc_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((blocks, created, version_created, version)) = current else {
            return Err(StoreError::NoDocument(doc_id.to_owned()));
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, blocks, created, replaced FROM document_versions WHERE doc_id = ?1 ORDER BY version",
        )?;
        let rows = stmt
            .query_map([doc_id], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<(u32, String, String, String)>>>()?;
        let mut out = Vec::with_capacity(rows.len() + 1);
        for (v, b, created, replaced) in rows {
            out.push(listed(doc_id, v, &b, created, Some(replaced))?);
        }
        out.push(listed(doc_id, version, &blocks, version_created.unwrap_or(created), None)?);
        Ok(out)
    }

    /// The text of one version of a document (the current one too).
    pub fn document_version(&self, doc_id: &str, version: u32) -> Result<Document> {
        let current = self.document(doc_id)?;
        let now: u32 = self.conn.query_row("SELECT version FROM documents WHERE id = ?1", [doc_id], |r| r.get(0))?;
        if version == now {
            return Ok(current);
        }
        let (title, blocks): (String, String) = self
            .conn
            .query_row(
                "SELECT title, blocks FROM document_versions WHERE doc_id = ?1 AND version = ?2",
                params![doc_id, version],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("document {doc_id} has no version {version}")))?;
        Ok(Document { id: doc_id.to_owned(), title, blocks: parse_blocks(doc_id, &blocks)? })
    }

    /// The orphaned annotations (live ones; of one document, or all), each
    /// with the version its selectors describe, in the order of that text.
    pub fn orphans(&self, doc_id: Option<&str>) -> Result<Vec<(Annotation, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, orphan_of FROM annotations
             WHERE orphan_of IS NOT NULL AND deleted IS NULL AND author = 'local' AND (?1 IS NULL OR doc_id = ?1)
             ORDER BY doc_id, orphan_of, start",
        )?;
        let rows = stmt
            .query_map([doc_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|(id, v)| Ok((self.annotation(&id)?, v))).collect()
    }

    /// The version an orphaned annotation's selectors describe (`None`: placed).
    pub fn orphan_of(&self, id: &str) -> Result<Option<u32>> {
        self.conn
            .query_row("SELECT orphan_of FROM annotations WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NoAnnotation(id.to_owned()))
    }

    /// Places an annotation at `start..end` of its document's current text,
    /// quoting `quote` (re-attaching an orphan, or moving a highlight).
    pub fn set_anchor(&mut self, id: &str, start: u32, end: u32, quote: &Quote) -> Result<(Annotation, u64)> {
        let stamp = now();
        let ((), generation) = self.write(|tx, touched| {
            let n = tx.execute(
                r#"UPDATE annotations SET start = ?2, "end" = ?3, exact = ?4, prefix = ?5, suffix = ?6,
                       orphan_of = NULL, updated = ?7 WHERE id = ?1"#,
                params![id, start, end, quote.exact, quote.prefix, quote.suffix, stamp],
            )?;
            if n == 0 {
                return Err(StoreError::NoAnnotation(id.to_owned()));
            }
            // Chosen blanks were words of the old place.
            tx.execute("UPDATE cards SET hide = '[]' WHERE annotation_id = ?1", [id])?;
            touched.annotation(id);
            Ok(())
        })?;
        Ok((self.annotation(id)?, generation))
    }

    /// Every stored earlier version (for backups).
    pub fn version_records(&self) -> Result<Vec<VersionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc_id, version, title, blocks, created, replaced FROM document_versions ORDER BY doc_id, version",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(VersionRecord {
                doc_id: r.get(0)?,
                version: r.get(1)?,
                title: r.get(2)?,
                blocks: r.get(3)?,
                created: r.get(4)?,
                replaced: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The current version number of each document (for backups).
    pub fn current_versions(&self) -> Result<Vec<(String, u32)>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, version FROM documents")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn listed(
    doc_id: &str,
    version: u32,
    blocks: &str,
    created: String,
    replaced: Option<String>,
) -> Result<DocumentVersion> {
    let doc = Document { id: doc_id.to_owned(), title: String::new(), blocks: parse_blocks(doc_id, blocks)? };
    Ok(DocumentVersion { version, created, replaced, blocks: doc.blocks.len() as u32, chars: doc.visible_chars() })
}

/// A card's chosen blanks (`[[start, end], …]`) shifted by `delta` code
/// points; `None` when there are none or a range would fall before 0.
fn shift_hide(json: &str, delta: i64) -> Option<String> {
    let ranges: Vec<(i64, i64)> = serde_json::from_str(json).ok()?;
    if ranges.is_empty() {
        return None;
    }
    let shifted: Option<Vec<(i64, i64)>> =
        ranges.iter().map(|&(s, e)| (s + delta >= 0).then_some((s + delta, e + delta))).collect();
    serde_json::to_string(&shifted.unwrap_or_default()).ok()
}
