//! New versions of a document: a corrected text replaces the current one,
//! keeps the document's id and the texts before it, and every note follows
//! its words or waits, orphaned (待确认), for the reader to re-attach it.
//!
//! Where each note goes is `pizhu_model::reanchor` (exact place, then the
//! place mapped through a diff, then the quote with agreeing context, under
//! thresholds); this module reads the file, asks it for every note — live
//! and in the trash, and orphans of older versions against the text they
//! were made on — and writes the outcome in one store transaction.

use std::collections::HashMap;
use std::path::Path;

use pizhu_model::{
    Annotation, CpText, Document, DocumentVersion, NoteFilter, Orphan, Placement, Quote, Revision, VersionReport,
};
use pizhu_store::{Replacement, StoreError};

use crate::library::{lock, parse_import, read_import};
use crate::{CoreError, Library};

type Result<T> = std::result::Result<T, CoreError>;

impl Library {
    /// Imports the file at `path` as a new version of document `id`.
    pub fn import_version(&self, id: &str, path: &Path) -> Result<VersionReport> {
        let (name, bytes) = read_import(path)?;
        self.import_version_bytes(id, &name, &bytes)
    }

    /// Imports the bytes of a file named `name` as a new version of
    /// document `id` (see [`Library::import_version`]).
    pub fn import_version_bytes(&self, id: &str, name: &str, bytes: &[u8]) -> Result<VersionReport> {
        let new = parse_import(id, name, None, bytes)?;
        let new_text = new.text();
        let new_cp = CpText::new(&new_text);
        let mut store = lock(&self.store);
        let old = store.document(id)?;
        let mut notes = store.annotations(&NoteFilter { doc_id: Some(id.to_owned()), ..Default::default() })?;
        notes.extend(store.annotations(&NoteFilter {
            doc_id: Some(id.to_owned()),
            trash: true,
            ..Default::default()
        })?);
        let current = Revision::new(&old.text(), &new_text);
        let mut older: HashMap<u32, Option<Revision>> = HashMap::new();
        let (mut stayed, mut moved, mut orphaned) = (0, 0, 0);
        let mut replacements = Vec::with_capacity(notes.len());
        for a in &notes {
            let quote = Quote { exact: a.exact.clone(), prefix: a.prefix.clone(), suffix: a.suffix.clone() };
            let placement = if a.orphaned {
                // An orphan's selectors describe the version it was made on.
                let v = store.orphan_of(&a.id)?.unwrap_or(0);
                if let std::collections::hash_map::Entry::Vacant(e) = older.entry(v) {
                    let text = match store.document_version(id, v) {
                        Ok(d) => Some(d.text()),
                        Err(StoreError::Invalid(_)) => None,
                        Err(e) => return Err(e.into()),
                    };
                    e.insert(text.map(|t| Revision::new(&t, &new_text)));
                }
                match older.get(&v).and_then(Option::as_ref) {
                    Some(r) => r.place(a.start, a.end, &quote),
                    None => Placement::Orphaned,
                }
            } else {
                current.place(a.start, a.end, &quote)
            };
            let (start, end) = match placement {
                Placement::Stayed { start, end } => {
                    stayed += 1;
                    (start, end)
                }
                Placement::Moved { start, end } => {
                    moved += 1;
                    (start, end)
                }
                Placement::Orphaned => {
                    orphaned += 1;
                    replacements.push(Replacement::Orphaned { id: a.id.clone() });
                    continue;
                }
            };
            let quote = Quote::at(&new_cp, start, end)?;
            replacements.push(Replacement::Placed { id: a.id.clone(), old_start: a.start, start, end, quote });
        }
        let block_map = current.block_map(&old, &new);
        let (document, generation) = store.replace_text(&new, &replacements, &block_map)?;
        lock(&self.docs).remove(id);
        self.index_written(&mut store, generation)?;
        Ok(VersionReport { document, stayed, moved, orphaned })
    }

    /// Every version of a document, oldest first, the current text last.
    pub fn versions(&self, id: &str) -> Result<Vec<DocumentVersion>> {
        Ok(lock(&self.store).versions(id)?)
    }

    /// The text of one version of a document.
    pub fn document_version(&self, id: &str, version: u32) -> Result<Document> {
        Ok(lock(&self.store).document_version(id, version)?)
    }

    /// The notes waiting to be re-attached (of one document, or all), each
    /// with the old text around it.
    pub fn orphans(&self, doc_id: Option<&str>) -> Result<Vec<Orphan>> {
        let store = lock(&self.store);
        let rows = store.orphans(doc_id)?;
        let mut texts: HashMap<(String, u32), Option<Document>> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for (a, v) in rows {
            let key = (a.doc_id.clone(), v);
            if !texts.contains_key(&key) {
                let doc = match store.document_version(&a.doc_id, v) {
                    Ok(d) => Some(d),
                    Err(StoreError::Invalid(_)) => None,
                    Err(e) => return Err(e.into()),
                };
                texts.insert(key.clone(), doc);
            }
            let old = texts.get(&key).and_then(Option::as_ref);
            out.push(Orphan::new(a, v, old));
        }
        Ok(out)
    }

    /// Re-attaches an orphaned note to `start..end` of its document's
    /// current text (the reader chose the place); its quote and context are
    /// taken from there.
    pub fn reattach(&self, id: &str, start: u32, end: u32) -> Result<Annotation> {
        let mut store = lock(&self.store);
        crate::library::mine(&store, id)?;
        let a = store.annotation(id)?;
        if !a.orphaned {
            return Err(StoreError::Invalid("the note is not waiting to be re-attached".into()).into());
        }
        let doc = self.document_in(&store, &a.doc_id)?;
        let text = doc.text();
        let quote = Quote::at(&CpText::new(&text), start, end)?;
        let (a, generation) = store.set_anchor(id, start, end, &quote)?;
        self.index_written(&mut store, generation)?;
        Ok(a)
    }
}
