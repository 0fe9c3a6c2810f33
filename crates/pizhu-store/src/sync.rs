//! The store's side of sync: register stamps written by every write (in its
//! own transaction), records read from rows, remote records merged into rows
//! in one transaction, sync targets with their cursors, and conflicts.
//!
//! Registers are read from the rows as JSON values ([`registers_of`]); the
//! row's `stamps` column keeps, per register, the stamp that set it and a
//! digest of its value. After every write [`restamp`] compares the digests
//! and gives each changed register the transaction's one new clock value,
//! so no write path has to know about sync. A row that is gone leaves a
//! tombstone.

use std::collections::{BTreeMap, HashMap};

use pizhu_model::sync::{self as model, digest, Kind, Record, Reg, Stamp, GONE, TEXT_REGISTERS};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::store::{bump_from, now, set_tags, stamp, Entity, Touched};
use crate::{Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// A register's stamp as a row keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slot {
    s: Stamp,
    h: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<Stamp>,
}

type Slots = BTreeMap<String, Slot>;

/// A place this library syncs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncTarget {
    /// Row id (the journal's `origin` for what it brought).
    pub id: i64,
    /// Canonical URL, never with a password.
    pub url: String,
    /// This library's device id.
    pub device: String,
    /// The generation the last push sent up to.
    pub pushed_gen: u64,
    /// The last sequence number this device wrote there.
    pub pushed_seq: u64,
    /// The sequence number of this device's snapshot there (0: none yet).
    pub snapshot_seq: u64,
    /// The head a push began to write; above `pushed_seq` when a push was
    /// cut off and may have reached the target.
    pub pending_seq: u64,
    /// Whether this address has not met the target yet (its marker unread).
    pub fresh: bool,
    /// Whether the target is end-to-end encrypted (known from its marker).
    pub encrypted: bool,
    /// `"library"` (this reader's devices) or `"group"` (a study group).
    pub kind: String,
}

/// What one apply of remote records did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Records that changed something here.
    pub received: u32,
    /// New conflicts (texts that lost to a concurrent edit).
    pub conflicts: u32,
    /// Records waiting for their document or colour.
    pub parked: u32,
}

/// A text that lost to a concurrent edit, waiting for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncConflict {
    /// Its id (the same on every device).
    pub id: String,
    /// The annotation.
    pub annotation_id: String,
    /// The annotation's text now (this one).
    pub current: String,
    /// The text that lost (the other one).
    pub other: String,
    /// When the losing text was written (RFC 3339).
    pub other_written: String,
    /// When the conflict was found here.
    pub created: String,
}

/// How a conflict is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The text the note has now.
    This,
    /// The text that lost.
    Other,
    /// Both, this one first, separated by a rule.
    Both,
}

/// What separates the two texts when a conflict keeps both.
pub const BOTH_SEPARATOR: &str = "\n\n——————\n\n";

fn kind_of(entity: Entity) -> Option<Kind> {
    match entity {
        Entity::Annotation => Some(Kind::Annotation),
        Entity::Document => Some(Kind::Document),
        Entity::Color => Some(Kind::Color),
        Entity::Conflict => Some(Kind::Conflict),
        Entity::Essay => None,
    }
}

fn entity_of(kind: Kind) -> Entity {
    match kind {
        Kind::Annotation => Entity::Annotation,
        Kind::Document => Entity::Document,
        Kind::Color => Entity::Color,
        Kind::Conflict => Entity::Conflict,
    }
}

fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Annotation => "annotations",
        Kind::Document => "documents",
        Kind::Color => "colors",
        Kind::Conflict => "sync_conflicts",
    }
}

fn key_column(kind: Kind) -> &'static str {
    if kind == Kind::Color {
        "key"
    } else {
        "id"
    }
}

fn ms_of(rfc3339: &str) -> u64 {
    OffsetDateTime::parse(rfc3339, &Rfc3339).map(|t| (t.unix_timestamp_nanos() / 1_000_000).max(0) as u64).unwrap_or(0)
}

pub(crate) fn time_of(ms: u64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).map(stamp).unwrap_or_else(|_| now())
}

/// Milliseconds since 1970 on this machine's clock.
pub fn now_ms() -> u64 {
    let offset = i128::from(crate::store::clock_offset_seconds()) * 1_000;
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000 + offset).max(0) as u64
}

/// SHA-256 of `bytes` in hex: a document text's content address.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The registers of one row as JSON values, `None` when there is no row.
fn registers_of(conn: &Connection, kind: Kind, id: &str) -> Result<Option<BTreeMap<String, Value>>> {
    let row = match kind {
        Kind::Annotation => conn
            .query_row(
                r#"SELECT doc_id, start, "end", exact, prefix, suffix, orphan_of, created, color, note, deleted,
                   (SELECT json_group_array(name) FROM (SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
                     WHERE at.annotation_id = a.id ORDER BY at.position))
                   FROM annotations a WHERE id = ?1"#,
                [id],
                |r| {
                    let anchor = json!({
                        "doc": r.get::<_, String>(0)?, "start": r.get::<_, u32>(1)?, "end": r.get::<_, u32>(2)?,
                        "exact": r.get::<_, String>(3)?, "prefix": r.get::<_, String>(4)?,
                        "suffix": r.get::<_, String>(5)?, "orphan_of": r.get::<_, Option<u32>>(6)?,
                        "created": r.get::<_, String>(7)?,
                    });
                    let tags: String = r.get(11)?;
                    Ok(BTreeMap::from([
                        ("anchor".to_owned(), anchor),
                        ("color".to_owned(), Value::String(r.get(8)?)),
                        ("note".to_owned(), Value::String(r.get(9)?)),
                        ("deleted".to_owned(), r.get::<_, Option<String>>(10)?.map_or(Value::Null, Value::String)),
                        ("tags".to_owned(), serde_json::from_str(&tags).unwrap_or(Value::Array(Vec::new()))),
                    ]))
                },
            )
            .optional()?,
        Kind::Document => conn
            .query_row(
                "SELECT title, deleted, builtin, blocks, version, created FROM documents WHERE id = ?1",
                [id],
                |r| {
                    let builtin: bool = r.get(2)?;
                    let text = if builtin {
                        json!({"builtin": true})
                    } else {
                        let blocks: String = r.get(3)?;
                        json!({"sha": sha256_hex(blocks.as_bytes()), "version": r.get::<_, u32>(4)?,
                               "created": r.get::<_, String>(5)?})
                    };
                    Ok(BTreeMap::from([
                        ("title".to_owned(), Value::String(r.get(0)?)),
                        ("deleted".to_owned(), r.get::<_, Option<String>>(1)?.map_or(Value::Null, Value::String)),
                        ("text".to_owned(), text),
                    ]))
                },
            )
            .optional()?,
        Kind::Color => conn
            .query_row("SELECT label, label_en, rgb, cards FROM colors WHERE key = ?1", [id], |r| {
                Ok(BTreeMap::from([
                    ("label".to_owned(), Value::String(r.get(0)?)),
                    ("label_en".to_owned(), Value::String(r.get(1)?)),
                    ("rgb".to_owned(), Value::String(r.get(2)?)),
                    ("cards".to_owned(), Value::Bool(r.get(3)?)),
                ]))
            })
            .optional()?,
        Kind::Conflict => conn
            .query_row("SELECT entity_id, text, stamp, resolved FROM sync_conflicts WHERE id = ?1", [id], |r| {
                Ok(BTreeMap::from([
                    (
                        "text".to_owned(),
                        json!({"annotation": r.get::<_, String>(0)?, "text": r.get::<_, String>(1)?,
                               "stamp": r.get::<_, String>(2)?}),
                    ),
                    ("resolved".to_owned(), r.get::<_, Option<String>>(3)?.map_or(Value::Null, Value::String)),
                ]))
            })
            .optional()?,
    };
    Ok(row)
}

fn slots_of(conn: &Connection, kind: Kind, id: &str) -> Result<Slots> {
    let sql = format!("SELECT stamps FROM {} WHERE {} = ?1", table(kind), key_column(kind));
    let text: Option<String> = conn.query_row(&sql, [id], |r| r.get(0)).optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

fn write_slots(conn: &Connection, kind: Kind, id: &str, slots: &Slots) -> Result<()> {
    let sql = format!("UPDATE {} SET stamps = ?2 WHERE {} = ?1", table(kind), key_column(kind));
    let text = serde_json::to_string(slots).map_err(|e| StoreError::Invalid(e.to_string()))?;
    conn.execute(&sql, params![id, text])?;
    Ok(())
}

/// The time a row without stamps reads as (its own time, else 1970).
fn legacy_ms(conn: &Connection, kind: Kind, id: &str) -> Result<u64> {
    let sql = match kind {
        Kind::Annotation => "SELECT updated FROM annotations WHERE id = ?1",
        Kind::Document => "SELECT created FROM documents WHERE id = ?1 AND builtin = 0",
        Kind::Color => return Ok(0),
        // A conflict's registers read as the stamp of the text that lost: the
        // same on every device that found it.
        Kind::Conflict => {
            let s: Option<String> =
                conn.query_row("SELECT stamp FROM sync_conflicts WHERE id = ?1", [id], |r| r.get(0)).optional()?;
            return Ok(s.and_then(|s| Stamp::parse(&s)).map_or(0, |s| s.ms()));
        }
    };
    let t: Option<String> = conn.query_row(sql, [id], |r| r.get(0)).optional()?;
    Ok(t.map_or(0, |t| ms_of(&t)))
}

/// The stamp a register without one reads as.
fn legacy_stamp(conn: &Connection, kind: Kind, id: &str) -> Result<Stamp> {
    if kind == Kind::Conflict {
        let s: Option<String> =
            conn.query_row("SELECT stamp FROM sync_conflicts WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        if let Some(s) = s.and_then(|s| Stamp::parse(&s)) {
            return Ok(s);
        }
    }
    Ok(Stamp::legacy(legacy_ms(conn, kind, id)?))
}

fn tombstone(conn: &Connection, kind: Kind, id: &str) -> Result<Option<Reg>> {
    let row: Option<(String, String)> = conn
        .query_row("SELECT stamp, deleted FROM tombstones WHERE entity = ?1 AND id = ?2", [kind.entity(), id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(row.and_then(|(s, deleted)| Some(Reg { s: Stamp::parse(&s)?, v: Value::String(deleted), b: None })))
}

/// The full state of one entity as a record (`None`: never here).
pub(crate) fn record_of(conn: &Connection, kind: Kind, id: &str) -> Result<Option<Record>> {
    let regs = registers_of(conn, kind, id)?;
    let gone = tombstone(conn, kind, id)?;
    if regs.is_none() && gone.is_none() {
        return Ok(None);
    }
    let mut r = BTreeMap::new();
    if let Some(regs) = regs {
        let slots = slots_of(conn, kind, id)?;
        let legacy = legacy_stamp(conn, kind, id)?;
        for (name, v) in regs {
            let (s, b) = match slots.get(&name) {
                Some(slot) => (slot.s.clone(), slot.b.clone()),
                None => (legacy.clone(), None),
            };
            r.insert(name, Reg { s, v, b });
        }
    }
    if let Some(gone) = gone {
        r.insert(GONE.to_owned(), gone);
    }
    Ok(Some(Record { t: kind, id: id.to_owned(), r, blob: None }))
}

/// Whether annotation `id` is this reader's (or gone: a tombstone is mine).
pub(crate) fn is_mine(conn: &Connection, id: &str) -> Result<bool> {
    let author: Option<String> =
        conn.query_row("SELECT author FROM annotations WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    Ok(author.is_none_or(|a| a == pizhu_model::annotation::MINE))
}

/// This library's device id, made on first use (a setting: it is not content).
pub(crate) fn device(conn: &Connection) -> Result<String> {
    let found: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = 'device_id'", [], |r| r.get(0)).optional()?;
    if let Some(d) = found.filter(|d| model::is_device_id(d)) {
        return Ok(d);
    }
    let random: i64 = conn.query_row("SELECT random()", [], |r| r.get(0))?;
    let d = model::device_id(random as u64);
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('device_id', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [&d],
    )?;
    Ok(d)
}

fn clock(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = 'hlc'", [], |r| r.get::<_, i64>(0))? as u64)
}

fn set_clock(conn: &Connection, value: u64) -> Result<()> {
    conn.execute("UPDATE meta SET value = ?1 WHERE key = 'hlc'", [value as i64])?;
    Ok(())
}

/// Gives every register that `touched` changed the transaction's one new
/// stamp, keeping for text the base it was written over; rows that are gone
/// get a tombstone. Called by every write, in its transaction.
pub(crate) fn restamp(tx: &Transaction<'_>, touched: &Touched) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    let mut authored: Option<bool> = None;
    let mut tick: Option<Stamp> = None;
    let mut me: Option<String> = None;
    let mut next = |tx: &Transaction<'_>| -> Result<(Stamp, String)> {
        if let (Some(t), Some(d)) = (&tick, &me) {
            return Ok((t.clone(), d.clone()));
        }
        let d = device(tx)?;
        let value = model::tick(clock(tx)?, now_ms());
        set_clock(tx, value)?;
        let t = Stamp::from_clock(value, &d).ok_or_else(|| StoreError::Invalid("the clock ran out".into()))?;
        tick = Some(t.clone());
        me = Some(d.clone());
        Ok((t, d))
    };
    for (entity, id) in touched.items() {
        let Some(kind) = kind_of(*entity) else { continue };
        if !seen.insert((kind, id.as_str())) {
            continue;
        }
        // A group member's note is theirs: never stamped, never sent. (A
        // store opened at an older schema, in tests, has no authors.)
        if kind == Kind::Annotation {
            let has = match authored {
                Some(has) => has,
                None => *authored.insert(tx.query_row(
                    "SELECT count(*) > 0 FROM pragma_table_info('annotations') WHERE name = 'author'",
                    [],
                    |r| r.get(0),
                )?),
            };
            if has && !is_mine(tx, id)? {
                continue;
            }
        }
        match registers_of(tx, kind, id)? {
            Some(regs) => {
                let mut slots = slots_of(tx, kind, id)?;
                let legacy = legacy_stamp(tx, kind, id)?;
                let mut changed = false;
                for (name, v) in &regs {
                    let h = digest(v.to_string().as_bytes());
                    let old = slots.get(name);
                    if old.is_some_and(|o| o.h == h) {
                        continue;
                    }
                    let (t, me) = next(tx)?;
                    let b = TEXT_REGISTERS.contains(&name.as_str()).then(|| match old {
                        Some(o) if o.s.device() == me => o.b.clone(),
                        Some(o) => Some(o.s.clone()),
                        None => Some(legacy.clone()),
                    });
                    slots.insert(name.clone(), Slot { s: t, h, b: b.flatten() });
                    changed = true;
                }
                if changed {
                    write_slots(tx, kind, id, &slots)?;
                }
            }
            None if matches!(kind, Kind::Annotation | Kind::Document) => {
                let (t, _) = next(tx)?;
                tx.execute(
                    "INSERT INTO tombstones (entity, id, stamp, deleted) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (entity, id) DO UPDATE SET stamp = excluded.stamp, deleted = excluded.deleted
                     WHERE excluded.stamp > tombstones.stamp",
                    params![kind.entity(), id, t.as_str(), now()],
                )?;
            }
            None => {}
        }
    }
    Ok(())
}

impl Store {
    /// The sync target at `url`, recorded on first use; when `url` is a
    /// second address of a target known by another, that target.
    pub fn sync_target(&mut self, url: &str) -> Result<SyncTarget> {
        let tx = self.conn.transaction()?;
        let me = device(&tx)?;
        tx.execute("INSERT OR IGNORE INTO sync_targets (url, device) VALUES (?1, ?2)", params![url, me])?;
        let (own, fresh): (i64, bool) = tx.query_row(
            "SELECT coalesce(alias_of, id), target_key IS NULL AND alias_of IS NULL AND pushed_seq = 0
             FROM sync_targets WHERE url = ?1",
            [url],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let target = tx.query_row(
            "SELECT id, url, device, pushed_gen, pushed_seq, snapshot_seq, pending_seq, encrypted, kind FROM sync_targets WHERE id = ?1",
            [own],
            |r| {
                Ok(SyncTarget {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    device: r.get(2)?,
                    pushed_gen: r.get::<_, i64>(3)? as u64,
                    pushed_seq: r.get::<_, i64>(4)? as u64,
                    snapshot_seq: r.get::<_, i64>(5)? as u64,
                    pending_seq: r.get::<_, i64>(6)? as u64,
                    fresh,
                    encrypted: r.get(7)?,
                    kind: r.get(8)?,
                })
            },
        )?;
        tx.commit()?;
        Ok(target)
    }

    /// How many notes, documents, colours and conflicts changed here since
    /// the last push to the target at `url` (the same set a push would
    /// send); `None` when this library has not met that target.
    pub fn sync_pending(&self, url: &str) -> Result<Option<u64>> {
        let target: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT t.id, t.pushed_gen FROM sync_targets u JOIN sync_targets t ON t.id = coalesce(u.alias_of, u.id)
                 WHERE u.url = ?1",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, pushed_gen)) = target else { return Ok(None) };
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM journal j WHERE generation > ?1 AND origin != ?2
             AND entity IN ('color', 'document', 'annotation', 'conflict')
             AND (j.entity != 'annotation' OR EXISTS (SELECT 1 FROM annotations a WHERE a.id = j.id AND a.author = 'local')
                  OR EXISTS (SELECT 1 FROM tombstones t WHERE t.entity = 'annotation' AND t.id = j.id))
             GROUP BY entity, id)",
            params![pushed_gen, id],
            |r| r.get(0),
        )?;
        Ok(Some(n as u64))
    }

    /// Makes sure this library's device id is its own: `home` names where
    /// the library lives (machine and folder). A data folder copied to
    /// another place or machine would otherwise write under the same id as
    /// the original, overwriting its files on every target. When `home`
    /// changed and the library has synced, it takes a new id, sends a fresh
    /// snapshot under it, and reads the old id's files as a peer's from
    /// where the copy left off. Returns the new id when there is one.
    pub fn settle_device(&mut self, home: &str) -> Result<Option<String>> {
        let tx = self.conn.transaction()?;
        let known: Option<String> =
            tx.query_row("SELECT value FROM settings WHERE key = 'device_home'", [], |r| r.get(0)).optional()?;
        if known.as_deref() == Some(home) {
            return Ok(None);
        }
        let synced: bool = tx.query_row("SELECT count(*) > 0 FROM sync_targets", [], |r| r.get(0))?;
        let mut fresh = None;
        if known.is_some() && synced {
            let random: i64 = tx.query_row("SELECT random()", [], |r| r.get(0))?;
            let new = model::device_id(random as u64);
            tx.execute(
                "INSERT INTO sync_peers (target, device, applied_seq)
                 SELECT id, device, max(pushed_seq, pending_seq) FROM sync_targets WHERE alias_of IS NULL
                 ON CONFLICT (target, device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)",
                [],
            )?;
            tx.execute(
                "UPDATE sync_targets SET device = ?1, pushed_gen = 0, pushed_seq = 0, snapshot_seq = 0, pending_seq = 0",
                [&new],
            )?;
            tx.execute("UPDATE settings SET value = ?1 WHERE key = 'device_id'", [&new])?;
            fresh = Some(new);
        }
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('device_home', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [home],
        )?;
        tx.commit()?;
        Ok(fresh)
    }

    /// Records that the target at `url` calls itself `key` (its marker's
    /// id). When another address already knows that target, `url` becomes
    /// an alias of it and shares its cursors.
    pub fn bind_target(&mut self, url: &str, key: &str) -> Result<SyncTarget> {
        let tx = self.conn.transaction()?;
        let other: Option<i64> = tx
            .query_row(
                "SELECT id FROM sync_targets WHERE target_key = ?1 AND alias_of IS NULL AND url != ?2 ORDER BY id",
                params![key, url],
                |r| r.get(0),
            )
            .optional()?;
        match other {
            Some(primary) => tx.execute(
                "UPDATE sync_targets SET alias_of = ?2, target_key = ?3 WHERE url = ?1 AND pushed_seq = 0",
                params![url, primary, key],
            )?,
            None => tx.execute("UPDATE sync_targets SET target_key = ?2 WHERE url = ?1", params![url, key])?,
        };
        tx.commit()?;
        let mut t = self.sync_target(url)?;
        t.fresh = false;
        Ok(t)
    }

    /// The last sequence number of `device` applied from `target`.
    pub fn peer_seq(&self, target: i64, device: &str) -> Result<u64> {
        let seq: Option<i64> = self
            .conn
            .query_row(
                "SELECT applied_seq FROM sync_peers WHERE target = ?1 AND device = ?2",
                params![target, device],
                |r| r.get(0),
            )
            .optional()?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// Which device's folder on `target` holds the blob `hash`, if known.
    pub fn blob_at(&self, target: i64, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT at FROM sync_blobs WHERE target = ?1 AND hash = ?2", params![target, hash], |r| r.get(0))
            .optional()?)
    }

    /// Remembers that `target` holds blob `hash` in `at`'s folder.
    pub fn note_blob(&mut self, target: i64, hash: &str, at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO sync_blobs (target, hash, at) VALUES (?1, ?2, ?3)",
            params![target, hash, at],
        )?;
        Ok(())
    }

    /// The text (blocks JSON) of document `id` when its hash is `hash`.
    pub fn document_blob(&self, id: &str, hash: &str) -> Result<Option<String>> {
        let blocks: Option<String> =
            self.conn.query_row("SELECT blocks FROM documents WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        Ok(blocks.filter(|b| sha256_hex(b.as_bytes()) == hash))
    }

    /// The record of one entity as it is here.
    pub fn sync_record(&self, kind: Kind, id: &str) -> Result<Option<Record>> {
        record_of(&self.conn, kind, id)
    }

    /// What a push to `target` sends, and the generation it reaches: every
    /// entity (a snapshot) when `snapshot`, else the entities changed since
    /// the last push by anything but `target` itself.
    pub fn outgoing(&self, target: &SyncTarget, snapshot: bool) -> Result<(Vec<Record>, u64)> {
        let generation = self.generation()?;
        let mut keys: Vec<(Kind, String)> = Vec::new();
        if snapshot {
            for (kind, sql) in [
                (Kind::Color, "SELECT key FROM colors ORDER BY position"),
                (Kind::Document, "SELECT id FROM documents ORDER BY created, id"),
                (Kind::Annotation, "SELECT id FROM annotations WHERE author = 'local' ORDER BY rowid"),
                (Kind::Conflict, "SELECT id FROM sync_conflicts ORDER BY created, id"),
                (Kind::Document, "SELECT id FROM tombstones WHERE entity = 'document' ORDER BY id"),
                (Kind::Annotation, "SELECT id FROM tombstones WHERE entity = 'annotation' ORDER BY id"),
            ] {
                let mut stmt = self.conn.prepare(sql)?;
                for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
                    keys.push((kind, id?));
                }
            }
        } else {
            let mut stmt = self.conn.prepare(
                "SELECT entity, id FROM journal j WHERE generation > ?1 AND origin != ?2
                 AND entity IN ('color', 'document', 'annotation', 'conflict')
                 AND (j.entity != 'annotation' OR EXISTS (SELECT 1 FROM annotations a WHERE a.id = j.id AND a.author = 'local')
                      OR EXISTS (SELECT 1 FROM tombstones t WHERE t.entity = 'annotation' AND t.id = j.id))
                 GROUP BY entity, id ORDER BY min(generation)",
            )?;
            let rows = stmt.query_map(params![target.pushed_gen as i64, target.id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (entity, id) = row?;
                let kind = match entity.as_str() {
                    "color" => Kind::Color,
                    "document" => Kind::Document,
                    "conflict" => Kind::Conflict,
                    _ => Kind::Annotation,
                };
                keys.push((kind, id));
            }
        }
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(keys.len());
        for (kind, id) in keys {
            if seen.insert((kind, id.clone())) {
                if let Some(r) = record_of(&self.conn, kind, &id)? {
                    out.push(r);
                }
            }
        }
        // Colours and documents before the notes that need them.
        out.sort_by_key(|r| r.t);
        Ok((out, generation))
    }

    /// Records that a push is about to write head `seq` (before its first
    /// byte goes out).
    pub fn begin_push(&mut self, target: i64, seq: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_targets SET pending_seq = max(pending_seq, ?2) WHERE id = ?1",
            params![target, seq as i64],
        )?;
        Ok(())
    }

    /// The sequence number of the head a push is about to write, taken
    /// atomically (two syncs of one library at once never share one) and
    /// recorded before any byte goes out.
    pub fn next_push_seq(&mut self, target: i64) -> Result<u64> {
        let seq: i64 = self.conn.query_row(
            "UPDATE sync_targets SET pending_seq = max(pending_seq, pushed_seq) + 1 WHERE id = ?1 RETURNING pending_seq",
            [target],
            |r| r.get(0),
        )?;
        Ok(seq as u64)
    }

    /// Records that everything changed up to `generation` had nothing to
    /// send to `target` (rows already gone, a group member's notes).
    pub fn mark_nothing_to_send(&mut self, target: i64, generation: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_targets SET pushed_gen = max(pushed_gen, ?2) WHERE id = ?1",
            params![target, generation as i64],
        )?;
        Ok(())
    }

    /// Records that the target is end-to-end encrypted: a sync without the
    /// passphrase is refused before it reads or writes anything.
    pub fn set_encrypted(&mut self, target: i64) -> Result<()> {
        self.conn.execute("UPDATE sync_targets SET encrypted = 1 WHERE id = ?1", [target])?;
        Ok(())
    }

    /// Records that a push reached `generation` with sequence number `seq`
    /// (`snapshot`: that file was a snapshot).
    pub fn mark_pushed(&mut self, target: i64, generation: u64, seq: u64, snapshot: bool) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_targets SET pushed_gen = max(pushed_gen, ?2), pushed_seq = ?3,
             snapshot_seq = CASE WHEN ?4 THEN ?3 ELSE snapshot_seq END, last_sync = ?5 WHERE id = ?1",
            params![target, generation as i64, seq as i64, snapshot, now()],
        )?;
        Ok(())
    }

    /// Merges remote records (and the texts of their documents, by hash) in
    /// one transaction, with the peers' new cursors: all of it or nothing.
    /// What changes is journaled with `origin = target`.
    pub fn apply_sync(
        &mut self,
        target: i64,
        records: Vec<Record>,
        blobs: &HashMap<String, String>,
        blob_at: &[(String, String)],
        peers: &[(String, u64)],
    ) -> Result<Applied> {
        let tx = self.conn.transaction()?;
        let mut all = Vec::new();
        {
            let mut stmt = tx.prepare("DELETE FROM sync_parked WHERE target = ?1 RETURNING record")?;
            for text in stmt.query_map([target], |r| r.get::<_, String>(0))? {
                if let Ok(r) = serde_json::from_str::<Record>(&text?) {
                    all.push(r);
                }
            }
        }
        all.extend(records);
        // Colours, then living documents, then notes, then documents deleted
        // for good (after their notes went).
        all.sort_by_key(|r| (r.t == Kind::Document && !r.alive(), r.t));
        let mut touched = Touched::default();
        // Conflicts found here are this device's news: journaled as local so
        // they travel to the device whose text won (it never sees the loser).
        let mut found = Touched::default();
        let mut out = Applied::default();
        let mut highest = clock(&tx)?;
        for remote in &all {
            highest = highest.max(remote.newest().map_or(0, Stamp::clock));
            // A row of a group member's is no local state to merge with (see `write_record`).
            let local = if remote.t == Kind::Annotation && !is_mine(&tx, &remote.id)? {
                None
            } else {
                record_of(&tx, remote.t, &remote.id)?
            };
            let merged = model::merge(local.as_ref(), remote);
            for c in &merged.conflicts {
                let inserted = tx.execute(
                    "INSERT OR IGNORE INTO sync_conflicts (id, entity, entity_id, text, stamp, created)
                     VALUES (?1, 'annotation', ?2, ?3, ?4, ?5)",
                    params![c.id, c.entity_id, c.text, c.stamp.as_str(), now()],
                )?;
                if inserted > 0 {
                    out.conflicts += 1;
                    found.push(Entity::Conflict, &c.id);
                }
            }
            if !merged.changed {
                continue;
            }
            match write_record(&tx, &merged.record, blobs)? {
                Written::Done => {
                    out.received += 1;
                    if remote.t == Kind::Conflict && local.is_none() {
                        out.conflicts += 1;
                    }
                    touched.push(entity_of(remote.t), &remote.id);
                }
                Written::Parked => {
                    let text = serde_json::to_string(remote).map_err(|e| StoreError::Invalid(e.to_string()))?;
                    tx.execute("INSERT INTO sync_parked (target, record) VALUES (?1, ?2)", params![target, text])?;
                    out.parked += 1;
                }
            }
        }
        set_clock(&tx, highest)?;
        for (hash, at) in blob_at {
            tx.execute(
                "INSERT OR IGNORE INTO sync_blobs (target, hash, at) VALUES (?1, ?2, ?3)",
                params![target, hash, at],
            )?;
        }
        for (device, seq) in peers {
            tx.execute(
                "INSERT INTO sync_peers (target, device, applied_seq) VALUES (?1, ?2, ?3)
                 ON CONFLICT (target, device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)",
                params![target, device, *seq as i64],
            )?;
        }
        if !touched.is_empty() {
            bump_from(&tx, &touched, target)?;
        }
        if !found.is_empty() {
            bump_from(&tx, &found, 0)?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Conflicts not yet resolved, oldest first.
    pub fn conflicts(&self) -> Result<Vec<SyncConflict>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.entity_id, coalesce(a.note, ''), c.text, c.stamp, c.created FROM sync_conflicts c
             LEFT JOIN annotations a ON a.id = c.entity_id WHERE c.resolved IS NULL ORDER BY c.created, c.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let stamp: String = r.get(4)?;
            Ok(SyncConflict {
                id: r.get(0)?,
                annotation_id: r.get(1)?,
                current: r.get(2)?,
                other: r.get(3)?,
                other_written: Stamp::parse(&stamp).map_or_else(String::new, |s| time_of(s.ms())),
                created: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Resolves a conflict: the note keeps this text, the other, or both.
    /// Returns the annotation's id and the generation (a changed note syncs).
    pub fn resolve_conflict(&mut self, id: &str, keep: Keep) -> Result<(String, u64)> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT entity_id, text FROM sync_conflicts WHERE id = ?1 AND resolved IS NULL", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((annotation, other)) = row else { return Err(StoreError::NoConflict(id.to_owned())) };
        let ((), generation) = self.write(|tx, touched| {
            let current: Option<String> =
                tx.query_row("SELECT note FROM annotations WHERE id = ?1", [&annotation], |r| r.get(0)).optional()?;
            if let Some(current) = current {
                let text = match keep {
                    Keep::This => current.clone(),
                    Keep::Other => other.clone(),
                    Keep::Both if current.is_empty() => other.clone(),
                    Keep::Both => format!("{current}{BOTH_SEPARATOR}{other}"),
                };
                if text != current {
                    tx.execute(
                        "UPDATE annotations SET note = ?2, updated = ?3 WHERE id = ?1",
                        params![annotation, text, now()],
                    )?;
                    touched.annotation(&annotation);
                }
            }
            tx.execute("UPDATE sync_conflicts SET resolved = ?2 WHERE id = ?1", params![id, now()])?;
            touched.push(Entity::Conflict, id);
            Ok(())
        })?;
        Ok((annotation, generation))
    }
}

pub(crate) enum Written {
    Done,
    Parked,
}

pub(crate) fn str_of<'a>(v: &'a BTreeMap<String, Value>, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Writes a merged record into its row (or removes the row), then its stamps.
pub(crate) fn write_record(tx: &Transaction<'_>, record: &Record, blobs: &HashMap<String, String>) -> Result<Written> {
    let (kind, id) = (record.t, record.id.as_str());
    let bad = |what: &str| StoreError::Invalid(format!("sync record {id}: {what}"));
    if let Some(gone) = record.r.get(GONE) {
        tx.execute(
            "INSERT INTO tombstones (entity, id, stamp, deleted) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (entity, id) DO UPDATE SET stamp = excluded.stamp, deleted = excluded.deleted
             WHERE excluded.stamp > tombstones.stamp",
            params![kind.entity(), id, gone.s.as_str(), gone.v.as_str().map_or_else(now, str::to_owned)],
        )?;
    }
    let Some(view) = record.view() else {
        match kind {
            Kind::Annotation => {
                // A group member's row under this id is theirs to remove.
                tx.execute("DELETE FROM annotations WHERE id = ?1 AND author = 'local'", [id])?;
                tx.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)", [])?;
            }
            Kind::Document => {
                tx.execute(
                    "DELETE FROM documents WHERE id = ?1 AND builtin = 0
                     AND NOT EXISTS (SELECT 1 FROM annotations WHERE doc_id = ?1)
                     AND NOT EXISTS (SELECT 1 FROM essays WHERE doc_id = ?1)",
                    [id],
                )?;
            }
            Kind::Color | Kind::Conflict => {}
        }
        return Ok(Written::Done);
    };
    let deleted = str_of(&view, "deleted");
    match kind {
        Kind::Color => {
            tx.execute(
                "INSERT INTO colors (key, label, label_en, rgb, cards, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), -1) + 1 FROM colors))
                 ON CONFLICT (key) DO UPDATE SET label = excluded.label, label_en = excluded.label_en,
                 rgb = excluded.rgb, cards = excluded.cards",
                params![
                    id,
                    str_of(&view, "label").unwrap_or(id),
                    str_of(&view, "label_en").unwrap_or(id),
                    str_of(&view, "rgb").unwrap_or(""),
                    view.get("cards").and_then(Value::as_bool).unwrap_or(false)
                ],
            )?;
        }
        Kind::Document => {
            let title = str_of(&view, "title").ok_or_else(|| bad("no title"))?;
            let text = view.get("text").ok_or_else(|| bad("no text"))?;
            let current: Option<(bool, u32, String, String)> = tx
                .query_row("SELECT builtin, version, title, created FROM documents WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?;
            if text.get("builtin").and_then(Value::as_bool) == Some(true) {
                if current.is_none() {
                    // A built-in text this build does not have: wait for it.
                    return Ok(Written::Parked);
                }
            } else {
                let sha = text.get("sha").and_then(Value::as_str).ok_or_else(|| bad("no hash"))?;
                let version = text.get("version").and_then(Value::as_u64).unwrap_or(1) as u32;
                let created = text.get("created").and_then(Value::as_str).unwrap_or_default();
                let have: Option<String> =
                    tx.query_row("SELECT blocks FROM documents WHERE id = ?1", [id], |r| r.get(0)).optional()?;
                let same = have.as_deref().is_some_and(|b| sha256_hex(b.as_bytes()) == sha);
                if !same {
                    let blocks = blobs.get(sha).ok_or_else(|| bad("its text did not come"))?;
                    if let (Some(old), Some((_, old_version, old_title, old_created))) = (&have, &current) {
                        if *old_version < version {
                            tx.execute(
                                "INSERT OR IGNORE INTO document_versions (doc_id, version, title, blocks, created, replaced)
                                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                params![id, old_version, old_title, old, old_created, now()],
                            )?;
                        }
                    }
                    tx.execute(
                        "INSERT INTO documents (id, title, builtin, blocks, created, version) VALUES (?1, ?2, 0, ?3, ?4, ?5)
                         ON CONFLICT (id) DO UPDATE SET blocks = excluded.blocks, version = excluded.version,
                         created = excluded.created",
                        params![id, title, blocks, created, version],
                    )?;
                } else {
                    tx.execute(
                        "UPDATE documents SET version = ?2, created = ?3 WHERE id = ?1",
                        params![id, version, created],
                    )?;
                }
            }
            tx.execute("UPDATE documents SET title = ?2, deleted = ?3 WHERE id = ?1", params![id, title, deleted])?;
        }
        Kind::Conflict => {
            let text = view.get("text").ok_or_else(|| bad("no text"))?;
            let field = |k: &str| text.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            tx.execute(
                "INSERT INTO sync_conflicts (id, entity, entity_id, text, stamp, created, resolved)
                 VALUES (?1, 'annotation', ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET resolved = excluded.resolved",
                params![id, field("annotation"), field("text"), field("stamp"), now(), str_of(&view, "resolved")],
            )?;
        }
        Kind::Annotation => {
            if !is_mine(tx, id)? {
                // Only my own devices write to my library's target: this is
                // my note, which reached this device first through a group
                // (shared there by my other device). It becomes mine here.
                tx.execute("DELETE FROM annotations WHERE id = ?1", [id])?;
            }
            let anchor = view.get("anchor").ok_or_else(|| bad("no anchor"))?;
            let color = str_of(&view, "color").ok_or_else(|| bad("no colour"))?;
            let doc = anchor.get("doc").and_then(Value::as_str).ok_or_else(|| bad("no document"))?;
            let doc_here: bool =
                tx.query_row("SELECT count(*) > 0 FROM documents WHERE id = ?1", [doc], |r| r.get(0))?;
            let color_here: bool =
                tx.query_row("SELECT count(*) > 0 FROM colors WHERE key = ?1", [color], |r| r.get(0))?;
            if !doc_here || !color_here {
                return Ok(Written::Parked);
            }
            let s = |k: &str| anchor.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            let n = |k: &str| anchor.get(k).and_then(Value::as_u64).unwrap_or(0) as u32;
            let updated = time_of(record.r.values().map(|r| r.s.ms()).max().unwrap_or(0));
            tx.execute(
                r#"INSERT INTO annotations (id, doc_id, start, "end", exact, prefix, suffix, color, note, created, updated, deleted, orphan_of)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                   ON CONFLICT (id) DO UPDATE SET doc_id = excluded.doc_id, start = excluded.start, "end" = excluded."end",
                   exact = excluded.exact, prefix = excluded.prefix, suffix = excluded.suffix, color = excluded.color,
                   note = excluded.note, created = excluded.created, updated = max(updated, excluded.updated),
                   deleted = excluded.deleted, orphan_of = excluded.orphan_of
                   WHERE annotations.author = 'local'"#,
                params![
                    id,
                    doc,
                    n("start"),
                    n("end"),
                    s("exact"),
                    s("prefix"),
                    s("suffix"),
                    color,
                    str_of(&view, "note").unwrap_or_default(),
                    s("created"),
                    updated,
                    deleted,
                    anchor.get("orphan_of").and_then(Value::as_u64).map(|v| v as i64)
                ],
            )?;
            let tags: Vec<String> = view
                .get("tags")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            set_tags(tx, id, &tags)?;
        }
    }
    // The stamps the merge chose, over digests of the values as stored here.
    let regs = registers_of(tx, kind, id)?.unwrap_or_default();
    let mut slots = Slots::new();
    for (name, reg) in &record.r {
        if let Some(v) = regs.get(name) {
            slots
                .insert(name.clone(), Slot { s: reg.s.clone(), h: digest(v.to_string().as_bytes()), b: reg.b.clone() });
        }
    }
    write_slots(tx, kind, id, &slots)?;
    Ok(Written::Done)
}

#[cfg(test)]
mod tests {
    use pizhu_model::{Annotation, AnnotationPatch, Document};

    use super::*;

    fn store() -> Store {
        let mut s = Store::open_in_memory().expect("store");
        s.ensure_builtin(&Document::speech()).expect("speech");
        s
    }

    fn note(id: &str) -> Annotation {
        Annotation {
            id: id.into(),
            doc_id: "speech".into(),
            start: 3,
            end: 7,
            exact: "深入开展".into(),
            prefix: "——".into(),
            suffix: String::new(),
            color: "blue".into(),
            note: "甲".into(),
            tags: vec!["心得".into()],
            created: now(),
            updated: now(),
            deleted: None,
            orphaned: false,
            author: None,
        }
    }

    fn stamp_of(s: &Store, id: &str, reg: &str) -> Stamp {
        s.sync_record(Kind::Annotation, id).expect("read").expect("some").r[reg].s.clone()
    }

    #[test]
    fn a_write_stamps_only_the_registers_it_changed_in_its_transaction() {
        let mut s = store();
        s.insert_annotation(&note("n1")).expect("insert");
        let device = device(&s.conn).expect("device");
        let first = stamp_of(&s, "n1", "note");
        assert_eq!(first.device(), device);
        let color = stamp_of(&s, "n1", "color");
        s.update_annotation("n1", &AnnotationPatch { note: Some("乙".into()), ..Default::default() }).expect("edit");
        let second = stamp_of(&s, "n1", "note");
        assert!(second > first);
        assert_eq!(stamp_of(&s, "n1", "color"), color, "an unchanged register keeps its stamp");
        // Text keeps the base it was written over: the line of this device's edits starts at the insert.
        let rec = s.sync_record(Kind::Annotation, "n1").expect("read").expect("some");
        assert!(rec.r["note"].b.is_some());
        // The clock is stored and only moves forward.
        let clock_now = clock(&s.conn).expect("clock");
        assert_eq!(clock_now, second.clock());
        // A failed write stamps nothing (one transaction).
        assert!(s.update_annotation("nope", &AnnotationPatch::default()).is_err());
        assert_eq!(clock(&s.conn).expect("clock"), clock_now);
        // Deleted for good: a tombstone newer than every register.
        s.trash_annotation("n1").expect("trash");
        s.empty_trash().expect("empty");
        let rec = s.sync_record(Kind::Annotation, "n1").expect("read").expect("tombstone");
        assert!(!rec.alive());
        assert!(rec.r[GONE].s > second);
    }

    #[test]
    fn rows_from_before_sync_read_as_their_own_time() {
        let mut s = store();
        s.insert_annotation(&note("n1")).expect("insert");
        s.conn.execute("UPDATE annotations SET stamps = '{}'", []).expect("legacy");
        let rec = s.sync_record(Kind::Annotation, "n1").expect("read").expect("some");
        assert_eq!(rec.r["note"].s.device(), model::LEGACY_DEVICE);
        assert_eq!(rec.r["note"].s.ms(), ms_of(&s.annotation("n1").expect("n1").updated));
    }
}
