//! Studying: review cards and their history, time on screen per block
//! (学习进度), and essays (心得体会).
//!
//! Cards and reading time are the reader's own progress, not library
//! content that is searched, so writing them does not bump the generation
//! (a rating must stay cheap); essays are searched, so their writes are
//! journaled like annotations.

use pizhu_model::{count_chars, CardState, Essay, EssayPatch, ReadingSpan};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use crate::store::{later, now};
use crate::{MergeOutcome, Store, StoreError, VersionRecord};

type Result<T> = std::result::Result<T, StoreError>;

/// A card as stored, with the highlight it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRow {
    /// The annotation (and card) id.
    pub annotation_id: String,
    /// Its document.
    pub doc_id: String,
    /// The highlight, code points.
    pub start: u32,
    /// End of the highlight.
    pub end: u32,
    /// Colour key.
    pub color: String,
    /// Words chosen to hide instead of the highlight (document code points).
    pub hide: Vec<(u32, u32)>,
    /// Where the card is in its life, with its FSRS memory.
    pub schedule: CardSchedule,
}

/// A card's schedule: FSRS memory and when it is due.
#[derive(Debug, Clone, PartialEq)]
pub struct CardSchedule {
    /// New, relearning or review.
    pub state: CardState,
    /// FSRS stability, days.
    pub stability: f32,
    /// FSRS difficulty.
    pub difficulty: f32,
    /// Due (RFC 3339 UTC); `None` while new.
    pub due: Option<String>,
    /// Last review.
    pub last_review: Option<String>,
    /// Times reviewed.
    pub reps: u32,
    /// Times forgotten after being learnt.
    pub lapses: u32,
}

impl CardSchedule {
    /// A card never reviewed.
    pub fn new_card() -> CardSchedule {
        CardSchedule {
            state: CardState::New,
            stability: 0.0,
            difficulty: 0.0,
            due: None,
            last_review: None,
            reps: 0,
            lapses: 0,
        }
    }
}

/// Counts for the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReviewCounts {
    /// Cards switched on, on live highlights of live documents.
    pub total: u32,
    /// Cards reviewed before and due by the given time.
    pub due: u32,
    /// Cards never reviewed.
    pub new: u32,
    /// Reviews since the given start of the day.
    pub done_today: u32,
    /// New cards learnt since the start of the day.
    pub new_today: u32,
}

/// A card row as a backup carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRecord {
    /// The annotation.
    pub annotation_id: String,
    /// Switched on or off by the reader (`None`: as its colour says).
    pub enabled: Option<bool>,
    /// The words chosen to hide, as stored (JSON).
    pub hide: String,
    /// The schedule.
    pub schedule: CardSchedule,
}

/// One review as the history keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    /// The card's annotation.
    pub annotation_id: String,
    /// Who reviewed.
    pub reader: String,
    /// Grade, 1–4.
    pub rating: u8,
    /// When.
    pub reviewed: String,
    /// Days since the review before.
    pub elapsed_days: f64,
    /// Stability after it.
    pub stability: f64,
    /// Difficulty after it.
    pub difficulty: f64,
    /// Due after it.
    pub due: String,
    /// The card's first review.
    pub first: bool,
}

/// Time on screen of one block for one reader.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadingRecord {
    /// Document.
    pub doc_id: String,
    /// Reader.
    pub reader: String,
    /// Block index.
    pub block: u32,
    /// Seconds.
    pub seconds: f64,
    /// Last report.
    pub last: String,
}

/// Everything a reader's studying left in a library, for a restore. In a
/// merge: an essay absent is added and a present one replaced by a newer
/// `updated`; a card takes the schedule of its later review; reviews are
/// added unless the same review (card, time, grade) is there; reading time
/// per block keeps the larger figure, so that merging twice counts once.
/// Records of notes or documents the library does not have are left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StudyRecords {
    /// Essays, live and trashed.
    pub essays: Vec<Essay>,
    /// Card rows.
    pub cards: Vec<CardRecord>,
    /// The review history.
    pub reviews: Vec<ReviewRecord>,
    /// Reading time.
    pub reading: Vec<ReadingRecord>,
    /// Earlier versions of documents' texts (added when missing).
    pub versions: Vec<VersionRecord>,
    /// The version number of each document's current text.
    pub current_versions: Vec<(String, u32)>,
    /// Orphaned annotations (待确认) with the version their selectors describe.
    pub orphans: Vec<(String, u32)>,
}

/// The cards that exist: this reader's live highlights of live documents
/// whose card is switched on, explicitly or by their colour.
///
/// Documents are not joined row by row: their `deleted` column lies past
/// the (large) blocks, so reading it per card costs an overflow-page walk;
/// the trashed ones come once from their index instead.
const CARDS: &str = r#"
    FROM annotations a
    JOIN colors k ON k.key = a.color
    LEFT JOIN cards c ON c.annotation_id = a.id
    WHERE a.deleted IS NULL AND a.orphan_of IS NULL AND a.author = 'local' AND coalesce(c.enabled, k.cards) = 1
      AND a.doc_id NOT IN (SELECT id FROM documents WHERE deleted IS NOT NULL)"#;

const CARD_COLUMNS: &str = r#"a.id, a.doc_id, a.start, a."end", a.color, c.hide, c.state, c.stability,
    c.difficulty, c.due, c.last_review, c.reps, c.lapses"#;

/// Reading order, as the notes list has it: the speech first, then by document.
const DOC_ORDER: &str = "a.doc_id = 'speech' DESC, a.doc_id, a.start, a.\"end\"";

impl Store {
    // ---- review cards ----

    /// Counts for the queue: due by `now`, reviewed since `day_start`.
    pub fn review_counts(&self, now: &str, day_start: &str) -> Result<ReviewCounts> {
        let (total, due, new) = self.conn.query_row(
            &format!(
                "SELECT count(*), coalesce(sum(c.due IS NOT NULL AND c.due <= ?1), 0), coalesce(sum(c.due IS NULL), 0) {CARDS}"
            ),
            [now],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)),
        )?;
        let (done_today, new_today) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(first), 0) FROM reviews WHERE reviewed >= ?1",
            [day_start],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )?;
        Ok(ReviewCounts {
            total: total as u32,
            due: due as u32,
            new: new as u32,
            done_today: done_today as u32,
            new_today: new_today as u32,
        })
    }

    /// Cards due by `now`, oldest due first.
    pub fn due_cards(&self, now: &str, limit: u32) -> Result<Vec<CardRow>> {
        self.card_query(
            &format!("{CARDS} AND c.due IS NOT NULL AND c.due <= ?1 ORDER BY c.due LIMIT ?2"),
            params![now, limit],
        )
    }

    /// New cards in reading order.
    pub fn new_cards(&self, limit: u32) -> Result<Vec<CardRow>> {
        self.card_query(&format!("{CARDS} AND c.due IS NULL ORDER BY {DOC_ORDER} LIMIT ?1"), params![limit])
    }

    /// Every card (of one document), in reading order.
    pub fn cards(&self, doc: Option<&str>) -> Result<Vec<CardRow>> {
        self.card_query(&format!("{CARDS} AND (?1 IS NULL OR a.doc_id = ?1) ORDER BY {DOC_ORDER}"), params![doc])
    }

    /// Up to `n` cards (of one document) picked at random, for a self-test.
    pub fn random_cards(&self, doc: Option<&str>, n: u32) -> Result<Vec<CardRow>> {
        self.card_query(
            &format!("{CARDS} AND (?1 IS NULL OR a.doc_id = ?1) ORDER BY random() LIMIT ?2"),
            params![doc, n],
        )
    }

    /// The card of a highlight, if it is switched on.
    pub fn card(&self, annotation_id: &str) -> Result<Option<CardRow>> {
        Ok(self.card_query(&format!("{CARDS} AND a.id = ?1"), params![annotation_id])?.pop())
    }

    fn card_query(&self, tail: &str, params: impl rusqlite::Params) -> Result<Vec<CardRow>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {CARD_COLUMNS} {tail}"))?;
        let rows = stmt.query_map(params, card_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Switches a highlight's card on or off (`None`: as its colour says).
    pub fn set_card_enabled(&mut self, annotation_id: &str, enabled: Option<bool>) -> Result<()> {
        self.live_annotation(annotation_id)?;
        self.conn.execute(
            "INSERT INTO cards (annotation_id, enabled) VALUES (?1, ?2)
             ON CONFLICT (annotation_id) DO UPDATE SET enabled = excluded.enabled",
            params![annotation_id, enabled],
        )?;
        Ok(())
    }

    /// Sets the words a card hides (document code points; empty: the highlight).
    pub fn set_card_hide(&mut self, annotation_id: &str, hide: &[(u32, u32)]) -> Result<()> {
        self.live_annotation(annotation_id)?;
        let json = serde_json::to_string(hide).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO cards (annotation_id, hide) VALUES (?1, ?2)
             ON CONFLICT (annotation_id) DO UPDATE SET hide = excluded.hide",
            params![annotation_id, json],
        )?;
        Ok(())
    }

    /// Records a review: the card's new schedule and a history row, in one
    /// transaction.
    pub fn record_review(
        &mut self,
        annotation_id: &str,
        reader: &str,
        rating: u8,
        elapsed_days: f32,
        schedule: &CardSchedule,
        first: bool,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let reviewed = schedule.last_review.clone().unwrap_or_else(now);
        let due = schedule.due.clone().unwrap_or_else(|| reviewed.clone());
        tx.execute(
            "INSERT INTO cards (annotation_id, state, stability, difficulty, due, last_review, reps, lapses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (annotation_id) DO UPDATE SET state = excluded.state, stability = excluded.stability,
               difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review,
               reps = excluded.reps, lapses = excluded.lapses",
            params![
                annotation_id,
                state_str(schedule.state),
                schedule.stability,
                schedule.difficulty,
                due,
                reviewed,
                schedule.reps,
                schedule.lapses
            ],
        )?;
        tx.execute(
            "INSERT INTO reviews (annotation_id, reader, rating, reviewed, elapsed_days, stability, difficulty, due, first)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                annotation_id,
                reader,
                rating,
                reviewed,
                elapsed_days,
                schedule.stability,
                schedule.difficulty,
                due,
                first
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Number of reviews recorded for a card (its history).
    pub fn review_count(&self, annotation_id: &str) -> Result<u32> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM reviews WHERE annotation_id = ?1", [annotation_id], |r| r.get(0))?)
    }

    fn live_annotation(&self, id: &str) -> Result<()> {
        let live: Option<bool> = self
            .conn
            .query_row("SELECT deleted IS NULL FROM annotations WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        match live {
            Some(true) => Ok(()),
            _ => Err(StoreError::NoAnnotation(id.to_owned())),
        }
    }

    // ---- reading time ----

    /// Adds seconds on screen per block of a document for `reader`.
    pub fn add_reading(&mut self, doc_id: &str, reader: &str, spans: &[ReadingSpan]) -> Result<()> {
        let blocks: Option<u32> = self
            .conn
            .query_row(
                "SELECT json_array_length(blocks) FROM documents WHERE id = ?1 AND deleted IS NULL",
                [doc_id],
                |r| r.get(0),
            )
            .optional()?;
        let blocks = blocks.ok_or_else(|| StoreError::NoDocument(doc_id.to_owned()))?;
        let stamp = now();
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO reading (doc_id, reader, block, seconds, last) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (doc_id, reader, block) DO UPDATE SET seconds = seconds + excluded.seconds, last = excluded.last",
            )?;
            for span in spans {
                // A report is at most a few minutes of one window; anything
                // else (a clock jump, a bad caller) is not reading time.
                if span.block >= blocks || !span.seconds.is_finite() || span.seconds <= 0.0 || span.seconds > 600.0 {
                    continue;
                }
                stmt.execute(params![doc_id, reader, span.block, f64::from(span.seconds), stamp])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Seconds on screen per block (indexed by block) of a document for `reader`.
    pub fn reading(&self, doc_id: &str, reader: &str) -> Result<Vec<f32>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT block, seconds FROM reading WHERE doc_id = ?1 AND reader = ?2 ORDER BY block")?;
        let mut out = Vec::new();
        let rows = stmt.query_map(params![doc_id, reader], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, f64>(1)?)))?;
        for row in rows {
            let (block, secs) = row?;
            if out.len() <= block as usize {
                out.resize(block as usize + 1, 0.0);
            }
            out[block as usize] = secs as f32;
        }
        Ok(out)
    }

    // ---- essays ----

    /// Live essays (of one document), most recently changed first.
    pub fn essays(&self, doc: Option<&str>) -> Result<Vec<Essay>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, doc_id, title, body, target, created, updated, deleted FROM essays
             WHERE deleted IS NULL AND (?1 IS NULL OR doc_id = ?1) ORDER BY updated DESC, id",
        )?;
        let rows = stmt.query_map([doc], essay_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every essay, live or trashed (index rebuilds, backups).
    pub fn all_essays(&self) -> Result<Vec<Essay>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, doc_id, title, body, target, created, updated, deleted FROM essays ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], essay_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One essay (live or in the trash).
    pub fn essay(&self, id: &str) -> Result<Essay> {
        self.conn
            .query_row(
                "SELECT id, doc_id, title, body, target, created, updated, deleted FROM essays WHERE id = ?1",
                [id],
                essay_of,
            )
            .optional()?
            .ok_or_else(|| StoreError::NoEssay(id.to_owned()))
    }

    /// Writes a new essay.
    pub fn insert_essay(&mut self, essay: &Essay) -> Result<u64> {
        if let Some(doc) = &essay.doc_id {
            if !self.has_document(doc)? {
                return Err(StoreError::NoDocument(doc.clone()));
            }
        }
        let ((), generation) = self.write(|tx, touched| {
            tx.execute(
                "INSERT INTO essays (id, doc_id, title, body, target, created, updated, deleted)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    essay.id,
                    essay.doc_id,
                    essay.title,
                    essay.body,
                    essay.target,
                    essay.created,
                    essay.updated,
                    essay.deleted
                ],
            )?;
            touched.essay(&essay.id);
            Ok(())
        })?;
        Ok(generation)
    }

    /// Changes a live essay's title, body or target.
    pub fn update_essay(&mut self, id: &str, patch: &EssayPatch) -> Result<(Essay, u64)> {
        let current = self.essay(id)?;
        if current.deleted.is_some() {
            return Err(StoreError::NoEssay(id.to_owned()));
        }
        if let Some(title) = &patch.title {
            if title.trim().is_empty() {
                return Err(StoreError::Invalid("a title cannot be empty".into()));
            }
        }
        let ((), generation) = self.write(|tx, touched| {
            tx.execute(
                "UPDATE essays SET title = coalesce(?2, title), body = coalesce(?3, body),
                 target = coalesce(?4, target), updated = ?5 WHERE id = ?1",
                params![id, patch.title.as_deref().map(str::trim), patch.body, patch.target, now()],
            )?;
            touched.essay(id);
            Ok(())
        })?;
        Ok((self.essay(id)?, generation))
    }

    /// Moves an essay to the trash (`true`) or back (`false`).
    pub fn trash_essay(&mut self, id: &str, trash: bool) -> Result<(Essay, u64)> {
        let current = self.essay(id)?;
        if current.deleted.is_some() == trash {
            return Err(if trash {
                StoreError::NoEssay(id.to_owned())
            } else {
                StoreError::Invalid("the essay is not in the trash".into())
            });
        }
        let ((), generation) = self.write(|tx, touched| {
            tx.execute("UPDATE essays SET deleted = ?2 WHERE id = ?1", params![id, trash.then(now)])?;
            touched.essay(id);
            Ok(())
        })?;
        Ok((self.essay(id)?, generation))
    }
}

impl Store {
    /// Everything studying wrote, for a backup's restore.
    pub fn study_records(&self) -> Result<StudyRecords> {
        let essays = self.all_essays()?;
        let cards = {
            let mut stmt = self.conn.prepare(
                "SELECT annotation_id, enabled, hide, state, stability, difficulty, due, last_review, reps, lapses FROM cards",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(CardRecord {
                    annotation_id: r.get(0)?,
                    enabled: r.get(1)?,
                    hide: r.get(2)?,
                    schedule: CardSchedule {
                        state: state_of(r.get::<_, String>(3)?.as_str()),
                        stability: r.get::<_, f64>(4)? as f32,
                        difficulty: r.get::<_, f64>(5)? as f32,
                        due: r.get(6)?,
                        last_review: r.get(7)?,
                        reps: r.get(8)?,
                        lapses: r.get(9)?,
                    },
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let reviews = {
            let mut stmt = self.conn.prepare(
                "SELECT annotation_id, reader, rating, reviewed, elapsed_days, stability, difficulty, due, first
                 FROM reviews ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(ReviewRecord {
                    annotation_id: r.get(0)?,
                    reader: r.get(1)?,
                    rating: r.get(2)?,
                    reviewed: r.get(3)?,
                    elapsed_days: r.get(4)?,
                    stability: r.get(5)?,
                    difficulty: r.get(6)?,
                    due: r.get(7)?,
                    first: r.get(8)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let reading = {
            let mut stmt = self.conn.prepare("SELECT doc_id, reader, block, seconds, last FROM reading")?;
            let rows = stmt.query_map([], |r| {
                Ok(ReadingRecord {
                    doc_id: r.get(0)?,
                    reader: r.get(1)?,
                    block: r.get(2)?,
                    seconds: r.get(3)?,
                    last: r.get(4)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let orphans = {
            let mut stmt = self.conn.prepare("SELECT id, orphan_of FROM annotations WHERE orphan_of IS NOT NULL")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(StudyRecords {
            essays,
            cards,
            reviews,
            reading,
            versions: self.version_records()?,
            current_versions: self.current_versions()?,
            orphans,
        })
    }
}

/// Merges study records inside [`Store::merge_with_study`]'s transaction.
pub(crate) fn merge_study(tx: &Transaction<'_>, study: &StudyRecords, out: &mut MergeOutcome) -> Result<()> {
    // Earlier texts: a version number names the same text on every copy of
    // a library (each import of a new version counts up from the same one).
    for v in &study.versions {
        out.study_rows += tx.execute(
            "INSERT INTO document_versions (doc_id, version, title, blocks, created, replaced)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?1)
             ON CONFLICT (doc_id, version) DO NOTHING",
            params![v.doc_id, v.version, v.title, v.blocks, v.created, v.replaced],
        )? as u32;
    }
    let exists = |sql: &str, id: &str| -> Result<bool> { Ok(tx.query_row(sql, [id], |r| r.get::<_, bool>(0))?) };
    let has_note = |id: &str| exists("SELECT count(*) > 0 FROM annotations WHERE id = ?1", id);
    let has_doc = |id: &str| exists("SELECT count(*) > 0 FROM documents WHERE id = ?1", id);
    for e in &study.essays {
        let doc = match &e.doc_id {
            Some(d) if has_doc(d)? => Some(d.as_str()),
            _ => None,
        };
        let current: Option<String> =
            tx.query_row("SELECT updated FROM essays WHERE id = ?1", [&e.id], |r| r.get(0)).optional()?;
        let write = match current {
            None => true,
            Some(updated) => later(&e.updated, &updated),
        };
        if write {
            tx.execute(
                "INSERT INTO essays (id, doc_id, title, body, target, created, updated, deleted)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO UPDATE SET doc_id = excluded.doc_id, title = excluded.title, body = excluded.body,
                   target = excluded.target, created = excluded.created, updated = excluded.updated, deleted = excluded.deleted",
                params![e.id, doc, e.title, e.body, e.target, e.created, e.updated, e.deleted],
            )?;
            out.essays_changed.push(e.id.clone());
        }
    }
    for c in &study.cards {
        if !has_note(&c.annotation_id)? {
            continue;
        }
        let current: Option<(Option<String>, Option<bool>, String)> = tx
            .query_row(
                "SELECT last_review, enabled, hide FROM cards WHERE annotation_id = ?1",
                [&c.annotation_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let newer = match &current {
            None => true,
            Some((None, enabled, hide)) => {
                c.schedule.last_review.is_some() || (*enabled, hide.as_str()) != (c.enabled, c.hide.as_str())
            }
            Some((Some(ours), ..)) => c.schedule.last_review.as_deref().is_some_and(|theirs| later(theirs, ours)),
        };
        if newer {
            let s = &c.schedule;
            tx.execute(
                "INSERT INTO cards (annotation_id, enabled, hide, state, stability, difficulty, due, last_review, reps, lapses)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (annotation_id) DO UPDATE SET enabled = excluded.enabled, hide = excluded.hide,
                   state = excluded.state, stability = excluded.stability, difficulty = excluded.difficulty,
                   due = excluded.due, last_review = excluded.last_review, reps = excluded.reps, lapses = excluded.lapses",
                params![
                    c.annotation_id,
                    c.enabled,
                    c.hide,
                    state_str(s.state),
                    s.stability,
                    s.difficulty,
                    s.due,
                    s.last_review,
                    s.reps,
                    s.lapses
                ],
            )?;
            out.study_rows += 1;
        }
    }
    for r in &study.reviews {
        if !has_note(&r.annotation_id)? {
            continue;
        }
        let added = tx.execute(
            "INSERT INTO reviews (annotation_id, reader, rating, reviewed, elapsed_days, stability, difficulty, due, first)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
             WHERE NOT EXISTS (SELECT 1 FROM reviews WHERE annotation_id = ?1 AND reviewed = ?4 AND rating = ?3)",
            params![
                r.annotation_id,
                r.reader,
                r.rating,
                r.reviewed,
                r.elapsed_days,
                r.stability,
                r.difficulty,
                r.due,
                r.first
            ],
        )?;
        out.study_rows += added as u32;
    }
    for r in &study.reading {
        if !has_doc(&r.doc_id)? {
            continue;
        }
        let changed = tx.execute(
            "INSERT INTO reading (doc_id, reader, block, seconds, last) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (doc_id, reader, block) DO UPDATE SET seconds = excluded.seconds, last = excluded.last
             WHERE excluded.seconds > reading.seconds",
            params![r.doc_id, r.reader, r.block, r.seconds, r.last],
        )?;
        out.study_rows += changed as u32;
    }
    Ok(())
}

fn state_of(s: &str) -> CardState {
    match s {
        "review" => CardState::Review,
        "relearning" => CardState::Relearning,
        _ => CardState::New,
    }
}

fn state_str(state: CardState) -> &'static str {
    match state {
        CardState::New => "new",
        CardState::Relearning => "relearning",
        CardState::Review => "review",
    }
}

fn card_of(r: &Row<'_>) -> rusqlite::Result<CardRow> {
    let hide: Option<String> = r.get(5)?;
    let hide: Vec<(u32, u32)> = hide.and_then(|h| serde_json::from_str(&h).ok()).unwrap_or_default();
    let state = state_of(r.get::<_, Option<String>>(6)?.as_deref().unwrap_or("new"));
    Ok(CardRow {
        annotation_id: r.get(0)?,
        doc_id: r.get(1)?,
        start: r.get(2)?,
        end: r.get(3)?,
        color: r.get(4)?,
        hide,
        schedule: CardSchedule {
            state,
            stability: r.get::<_, Option<f64>>(7)?.unwrap_or(0.0) as f32,
            difficulty: r.get::<_, Option<f64>>(8)?.unwrap_or(0.0) as f32,
            due: r.get(9)?,
            last_review: r.get(10)?,
            reps: r.get::<_, Option<u32>>(11)?.unwrap_or(0),
            lapses: r.get::<_, Option<u32>>(12)?.unwrap_or(0),
        },
    })
}

fn essay_of(r: &Row<'_>) -> rusqlite::Result<Essay> {
    let body: String = r.get(3)?;
    Ok(Essay {
        id: r.get(0)?,
        doc_id: r.get(1)?,
        title: r.get(2)?,
        chars: count_chars(&body),
        body,
        target: r.get(4)?,
        created: r.get(5)?,
        updated: r.get(6)?,
        deleted: r.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use pizhu_model::{Annotation, Document};

    use super::*;

    fn store_with(colors: &[&str]) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        s.ensure_builtin(&Document::speech()).unwrap();
        for (i, c) in colors.iter().enumerate() {
            let a = Annotation {
                id: format!("a{i}"),
                doc_id: "speech".into(),
                start: i as u32 * 10,
                end: i as u32 * 10 + 4,
                exact: "x".into(),
                prefix: String::new(),
                suffix: String::new(),
                color: (*c).into(),
                note: String::new(),
                tags: vec![],
                created: now(),
                updated: now(),
                deleted: None,
                orphaned: false,
                author: None,
            };
            s.insert_annotation(&a).unwrap();
        }
        s
    }

    #[test]
    fn green_highlights_are_cards_until_switched_off() {
        let mut s = store_with(&["green", "yellow", "green"]);
        let ids = |s: &Store| s.cards(None).unwrap().into_iter().map(|c| c.annotation_id).collect::<Vec<_>>();
        assert_eq!(ids(&s), ["a0", "a2"]);
        s.set_card_enabled("a1", Some(true)).unwrap();
        s.set_card_enabled("a0", Some(false)).unwrap();
        assert_eq!(ids(&s), ["a1", "a2"]);
        let c = s.review_counts("9999", "0000").unwrap();
        assert_eq!((c.total, c.new, c.due), (2, 2, 0));
        assert!(matches!(s.set_card_enabled("nope", Some(true)), Err(StoreError::NoAnnotation(_))));
    }

    #[test]
    fn a_review_is_kept_with_its_history() {
        let mut s = store_with(&["green"]);
        let mut sched = CardSchedule::new_card();
        sched.state = CardState::Review;
        sched.due = Some("2030-01-01T00:00:00.000Z".into());
        sched.last_review = Some("2029-12-30T00:00:00.000Z".into());
        sched.reps = 1;
        s.record_review("a0", "me", 3, 0.0, &sched, true).unwrap();
        let c = s.card("a0").unwrap().unwrap();
        assert_eq!(c.schedule, sched);
        assert_eq!(s.review_count("a0").unwrap(), 1);
        let counts = s.review_counts("2030-01-02T00:00:00.000Z", "2029-12-29").unwrap();
        assert_eq!((counts.due, counts.new, counts.done_today, counts.new_today), (1, 0, 1, 1));
        assert_eq!(s.due_cards("2030-01-02", 10).unwrap().len(), 1);
        assert_eq!(s.due_cards("2029-01-02", 10).unwrap().len(), 0);
    }

    #[test]
    fn reading_adds_up_and_ignores_nonsense() {
        let mut s = store_with(&[]);
        let span = |block, seconds| ReadingSpan { block, seconds };
        s.add_reading("speech", "me", &[span(0, 2.0), span(3, 1.5)]).unwrap();
        s.add_reading("speech", "me", &[span(3, 1.0), span(99_999, 5.0), span(1, f32::NAN), span(2, -4.0)]).unwrap();
        assert_eq!(s.reading("speech", "me").unwrap(), vec![2.0, 0.0, 0.0, 2.5]);
        assert!(s.reading("speech", "other").unwrap().is_empty());
        assert!(matches!(s.add_reading("nope", "me", &[]), Err(StoreError::NoDocument(_))));
    }

    #[test]
    fn essays_are_written_changed_trashed_and_journaled() {
        let mut s = store_with(&[]);
        let g0 = s.generation().unwrap();
        let e = Essay {
            id: "e1".into(),
            doc_id: Some("speech".into()),
            title: "心得".into(),
            body: String::new(),
            target: 1500,
            chars: 0,
            created: now(),
            updated: now(),
            deleted: None,
        };
        s.insert_essay(&e).unwrap();
        let (e2, _) =
            s.update_essay("e1", &EssayPatch { body: Some("**铁军**".into()), ..Default::default() }).unwrap();
        assert_eq!((e2.body.as_str(), e2.chars, e2.target), ("**铁军**", 2, 1500));
        s.trash_essay("e1", true).unwrap();
        assert!(s.essays(None).unwrap().is_empty());
        assert!(s.update_essay("e1", &EssayPatch::default()).is_err());
        s.trash_essay("e1", false).unwrap();
        assert_eq!(s.essays(Some("speech")).unwrap().len(), 1);
        let changes = s.changes_since(g0).unwrap().unwrap();
        assert_eq!(changes, vec![(crate::Entity::Essay, "e1".to_string())]);
    }
}
