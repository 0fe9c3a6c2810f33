//! Study groups, the store's side: what this reader shares with a group
//! target, the layer a share sends (a snapshot of it), and the members'
//! layers that come back.
//!
//! A member's layer is replaced whole by each of their shares, in one
//! transaction: what they stopped sharing disappears, nothing is merged.
//! Members' notes carry `author` = the member's id; they are never stamped,
//! never sent by a library sync, never cards; this reader cannot change
//! them (the core refuses) but can copy one into their own notes.

use std::collections::{HashMap, HashSet};

use pizhu_model::annotation::MINE;
use pizhu_model::sync::{Kind, Record};
use pizhu_model::Member;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;

use crate::store::{bump_from, now, set_tags, Touched};
use crate::sync::{record_of, sha256_hex, str_of, write_record, Written};
use crate::{Store, StoreError, SyncTarget};

type Result<T> = std::result::Result<T, StoreError>;

/// What a member's share brought.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayerApplied {
    /// Notes of theirs new or changed here.
    pub changed: u32,
    /// Notes of theirs gone (no longer shared).
    pub removed: u32,
    /// Documents added to this library with them.
    pub documents: u32,
}

/// What to share (`entity` `"document"`: every note of mine on it, now and
/// later; `"annotation"`: one note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// `"document"` or `"annotation"`.
    pub entity: String,
    /// Its id.
    pub id: String,
}

impl Store {
    /// The group target at `url` (recorded on first use). An address this
    /// library already syncs with as its own library is refused.
    pub fn group_target(&mut self, url: &str) -> Result<SyncTarget> {
        let mut target = self.sync_target(url)?;
        if target.kind != "group" {
            if !target.fresh {
                return Err(StoreError::Invalid(format!(
                    "{url} is where this library syncs with your own devices, not a study group"
                )));
            }
            self.set_target_kind(target.id, "group")?;
            target.kind = "group".into();
        }
        Ok(target)
    }

    /// Records what kind of target `target` is (`"library"` or `"group"`).
    pub fn set_target_kind(&mut self, target: i64, kind: &str) -> Result<()> {
        self.conn.execute("UPDATE sync_targets SET kind = ?2 WHERE id = ?1", params![target, kind])?;
        Ok(())
    }

    /// Shares (`shared`) or stops sharing one of this reader's documents
    /// or notes with `target`. Only this reader's notes can be shared.
    pub fn set_shared(&mut self, target: i64, share: &Share, shared: bool) -> Result<()> {
        match share.entity.as_str() {
            "document" => {
                if !self.has_document(&share.id)? {
                    return Err(StoreError::NoDocument(share.id.clone()));
                }
            }
            "annotation" => {
                let author: Option<String> = self
                    .conn
                    .query_row("SELECT author FROM annotations WHERE id = ?1", [&share.id], |r| r.get(0))
                    .optional()?;
                match author.as_deref() {
                    None => return Err(StoreError::NoAnnotation(share.id.clone())),
                    Some(MINE) => {}
                    Some(_) => return Err(StoreError::Invalid("a group member's note cannot be shared again".into())),
                }
            }
            other => return Err(StoreError::Invalid(format!("cannot share a {other}"))),
        }
        if shared {
            self.conn.execute(
                "INSERT OR IGNORE INTO shares (target, entity, id) VALUES (?1, ?2, ?3)",
                params![target, share.entity, share.id],
            )?;
        } else {
            self.conn.execute(
                "DELETE FROM shares WHERE target = ?1 AND entity = ?2 AND id = ?3",
                params![target, share.entity, share.id],
            )?;
        }
        Ok(())
    }

    /// What this reader shares with `target`, as given.
    pub fn shares(&self, target: i64) -> Result<Vec<Share>> {
        let mut stmt = self.conn.prepare("SELECT entity, id FROM shares WHERE target = ?1 ORDER BY entity, id")?;
        let rows = stmt.query_map([target], |r| Ok(Share { entity: r.get(0)?, id: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// This reader's layer for `target`: the live, placed notes shared
    /// (one by one or by their document), their documents and colours, in
    /// that order (colours and documents before the notes that need them),
    /// with a digest of the whole, so that an unchanged layer is not sent.
    pub fn shared_layer(&self, target: i64) -> Result<(Vec<Record>, String)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.doc_id, a.color FROM annotations a JOIN documents d ON d.id = a.doc_id
             WHERE a.author = 'local' AND a.deleted IS NULL AND a.orphan_of IS NULL AND d.deleted IS NULL
               AND (EXISTS (SELECT 1 FROM shares s WHERE s.target = ?1 AND s.entity = 'annotation' AND s.id = a.id)
                 OR EXISTS (SELECT 1 FROM shares s WHERE s.target = ?1 AND s.entity = 'document' AND s.id = a.doc_id))
             ORDER BY a.doc_id, a.start, a.id",
        )?;
        let rows = stmt
            .query_map([target], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (mut colors, mut docs, mut notes) = (Vec::new(), Vec::new(), Vec::new());
        let (mut seen_c, mut seen_d) = (HashSet::new(), HashSet::new());
        for (id, doc, color) in rows {
            if seen_c.insert(color.clone()) {
                colors.extend(record_of(&self.conn, Kind::Color, &color)?);
            }
            if seen_d.insert(doc.clone()) {
                docs.extend(record_of(&self.conn, Kind::Document, &doc)?);
            }
            notes.extend(record_of(&self.conn, Kind::Annotation, &id)?);
        }
        let mut all = colors;
        all.extend(docs);
        all.extend(notes);
        // Stamps included: a register that changed has a new one.
        let body = serde_json::to_string(&all).map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok((all, sha256_hex(body.as_bytes())))
    }

    /// The digest of the layer last sent to `target`.
    pub fn sent_layer(&self, target: i64) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT layer FROM sync_targets WHERE id = ?1", [target], |r| r.get(0))?)
    }

    /// Records that the layer with `digest` went to `target` as head `seq`.
    pub fn mark_layer_sent(&mut self, target: i64, digest: &str, seq: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_targets SET layer = ?2, pushed_seq = ?3, snapshot_seq = ?3, last_sync = ?4 WHERE id = ?1",
            params![target, digest, seq as i64, now()],
        )?;
        Ok(())
    }

    /// Replaces the layer of `member` (their device id on `target`, named
    /// `name`) by `records`, the whole of what they share now, in one
    /// transaction, and records that their head `seq` is applied.
    ///
    /// Colours are added only when this library lacks the key (a member's
    /// names for colours never replace mine); documents only when missing
    /// (with their texts from `blobs`); my own notes are never touched, nor
    /// any row of another member.
    pub fn apply_member_layer(
        &mut self,
        target: i64,
        member: &str,
        name: &str,
        seq: u64,
        records: &[Record],
        blobs: &HashMap<String, String>,
    ) -> Result<LayerApplied> {
        if member == MINE {
            return Err(StoreError::Invalid("a member cannot be called local".into()));
        }
        let tx = self.conn.transaction()?;
        let mut out = LayerApplied::default();
        let mut touched = Touched::default();
        tx.execute(
            "INSERT INTO members (member, target, name, seen) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (member) DO UPDATE SET target = excluded.target, name = excluded.name, seen = excluded.seen",
            params![member, target, name, now()],
        )?;
        tx.execute(
            "INSERT INTO sync_peers (target, device, applied_seq) VALUES (?1, ?2, ?3)
             ON CONFLICT (target, device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)",
            params![target, member, seq as i64],
        )?;
        let mut incoming = HashSet::new();
        // Each document's text once, as code points (a layer holds hundreds of notes).
        let mut texts = HashMap::new();
        for r in records.iter().filter(|r| r.alive()) {
            match r.t {
                Kind::Color => {
                    let here: bool =
                        tx.query_row("SELECT count(*) > 0 FROM colors WHERE key = ?1", [&r.id], |x| x.get(0))?;
                    if !here && matches!(write_record(&tx, r, blobs)?, Written::Done) {
                        touched.push(crate::Entity::Color, &r.id);
                    }
                }
                Kind::Document => {
                    if !exists(&tx, "SELECT count(*) > 0 FROM documents WHERE id = ?1", &r.id)?
                        && matches!(write_record(&tx, r, blobs)?, Written::Done)
                    {
                        touched.document(&r.id);
                        out.documents += 1;
                    }
                }
                Kind::Annotation => {
                    // A note they deleted is not in what they share (a record saying so is ignored).
                    if r.view().is_none_or(|v| v.get("deleted").is_some_and(|d| !d.is_null())) {
                        continue;
                    }
                    if write_member_note(&tx, r, member, &mut texts)? {
                        touched.annotation(&r.id);
                        out.changed += 1;
                    }
                    incoming.insert(r.id.clone());
                }
                Kind::Conflict => {}
            }
        }
        let gone = {
            let mut stmt = tx.prepare("SELECT id FROM annotations WHERE author = ?1")?;
            let ids = stmt.query_map([member], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            ids.into_iter().filter(|id| !incoming.contains(id)).collect::<Vec<_>>()
        };
        for id in &gone {
            tx.execute("DELETE FROM annotations WHERE id = ?1 AND author = ?2", params![id, member])?;
            touched.annotation(id);
            out.removed += 1;
        }
        if !gone.is_empty() {
            tx.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)", [])?;
        }
        if !touched.is_empty() {
            // Journaled for search, with the group as origin; never stamped.
            bump_from(&tx, &touched, target)?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// The members met in every group, with how many of their notes are here.
    pub fn members(&self) -> Result<Vec<Member>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.member, m.name, t.url, m.seen, (SELECT count(*) FROM annotations a WHERE a.author = m.member)
             FROM members m JOIN sync_targets t ON t.id = m.target ORDER BY m.name, m.member",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Member { id: r.get(0)?, name: r.get(1)?, group: r.get(2)?, seen: r.get(3)?, notes: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The name of the member who wrote annotation `id`; `None` when it is
    /// this reader's own.
    pub fn author_of(&self, id: &str) -> Result<Option<String>> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT a.author, (SELECT name FROM members m WHERE m.member = a.author) FROM annotations a WHERE a.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Err(StoreError::NoAnnotation(id.to_owned())),
            Some((author, _)) if author == MINE => Ok(None),
            Some((author, name)) => Ok(Some(name.unwrap_or(author))),
        }
    }

    /// Leaves the group at `url`: its members' notes go from this library
    /// (they are theirs, not mine; copies I made stay), with what I shared
    /// there and its cursors. Nothing on the target is deleted.
    pub fn leave_group(&mut self, url: &str) -> Result<u32> {
        let tx = self.conn.transaction()?;
        let target: Option<i64> = tx
            .query_row(
                "SELECT coalesce(alias_of, id) FROM sync_targets WHERE url = ?1 AND kind = 'group'",
                [url],
                |r| r.get(0),
            )
            .optional()?;
        let Some(target) = target else { return Err(StoreError::Invalid(format!("{url} is not a group joined here"))) };
        let mut touched = Touched::default();
        let ids = {
            let mut stmt = tx.prepare(
                "DELETE FROM annotations WHERE author IN (SELECT member FROM members WHERE target = ?1) RETURNING id",
            )?;
            let ids = stmt.query_map([target], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            ids
        };
        ids.iter().for_each(|id| touched.annotation(id));
        tx.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)", [])?;
        tx.execute("DELETE FROM sync_targets WHERE id = ?1 OR alias_of = ?1", [target])?;
        if !touched.is_empty() {
            bump_from(&tx, &touched, 0)?;
        }
        tx.commit()?;
        Ok(ids.len() as u32)
    }
}

fn exists(tx: &Transaction<'_>, sql: &str, id: &str) -> Result<bool> {
    Ok(tx.query_row(sql, [id], |r| r.get(0))?)
}

/// What a note's row says (place, text, colour, tags, orphan state), to
/// tell whether a write changed it.
fn row_state(tx: &Transaction<'_>, id: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            r#"SELECT json_array(doc_id, start, "end", exact, prefix, suffix, color, note, updated, orphan_of,
               (SELECT json_group_array(t.name) FROM annotation_tags at JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id = a.id))
               FROM annotations a WHERE id = ?1"#,
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Writes one of `member`'s notes as their record has it; whether anything
/// changed. A note whose document or colour is missing, or whose id is one
/// of mine or another member's, is skipped; one whose quote is not in my
/// copy of the document (another version) is kept as an orphan, never
/// painted in a wrong place.
fn write_member_note(
    tx: &Transaction<'_>,
    record: &Record,
    member: &str,
    texts: &mut HashMap<String, Option<(Vec<char>, u32)>>,
) -> Result<bool> {
    let Some(view) = record.view() else { return Ok(false) };
    let author: Option<String> =
        tx.query_row("SELECT author FROM annotations WHERE id = ?1", [&record.id], |r| r.get(0)).optional()?;
    if author.as_deref().is_some_and(|a| a != member) {
        return Ok(false);
    }
    // Every change of theirs has a newer stamp (clock, counter, device):
    // the same newest stamp is the same note (a layer of hundreds is mostly
    // unchanged notes).
    let newest = record.newest().map(|s| s.as_str().to_owned()).unwrap_or_default();
    if author.is_some() {
        let same: bool = tx.query_row(
            "SELECT count(*) > 0 FROM annotations WHERE id = ?1 AND member_stamp = ?2",
            params![record.id, newest],
            |r| r.get(0),
        )?;
        if same {
            return Ok(false);
        }
    }
    let updated = crate::sync::time_of(record.r.values().map(|r| r.s.ms()).max().unwrap_or(0));
    let Some(anchor) = view.get("anchor") else { return Ok(false) };
    let s = |k: &str| anchor.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let n = |k: &str| anchor.get(k).and_then(Value::as_u64).unwrap_or(0) as u32;
    let (doc, color) = (s("doc"), str_of(&view, "color").unwrap_or_default().to_owned());
    if !exists(tx, "SELECT count(*) > 0 FROM colors WHERE key = ?1", &color)? {
        return Ok(false);
    }
    if !texts.contains_key(&doc) {
        let row: Option<(String, u32)> = tx
            .query_row("SELECT blocks, version FROM documents WHERE id = ?1", [&doc], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let text = row.map(|(blocks, version)| {
            let blocks = crate::store::parse_blocks(&doc, &blocks).unwrap_or_default();
            let text = pizhu_model::Document { id: doc.clone(), title: String::new(), blocks }.text();
            (text.chars().collect::<Vec<char>>(), version)
        });
        texts.insert(doc.clone(), text);
    }
    let Some(Some((chars, version))) = texts.get(&doc) else { return Ok(false) };
    let version = *version;
    let (start, end, exact) = (n("start"), n("end"), s("exact"));
    if end <= start {
        return Ok(false);
    }
    // Its quote where it says, in my copy of the text: else an orphan.
    let placed = chars.get(start as usize..end as usize).is_some_and(|q| q.iter().copied().eq(exact.chars()));
    let note = str_of(&view, "note").unwrap_or_default().to_owned();
    let tags: Vec<String> = view
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let before = row_state(tx, &record.id)?;
    tx.execute(
        r#"INSERT INTO annotations (id, doc_id, start, "end", exact, prefix, suffix, color, note, created, updated, orphan_of, author, member_stamp)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
           ON CONFLICT (id) DO UPDATE SET doc_id = excluded.doc_id, start = excluded.start, "end" = excluded."end",
           exact = excluded.exact, prefix = excluded.prefix, suffix = excluded.suffix, color = excluded.color,
           note = excluded.note, created = excluded.created, updated = excluded.updated, orphan_of = excluded.orphan_of,
           member_stamp = excluded.member_stamp
           WHERE annotations.author = excluded.author"#,
        params![
            record.id,
            doc,
            start,
            end,
            exact,
            s("prefix"),
            s("suffix"),
            color,
            note,
            s("created"),
            updated,
            (!placed).then_some(version),
            member,
            newest
        ],
    )?;
    set_tags(tx, &record.id, &tags)?;
    let after = row_state(tx, &record.id)?;
    Ok(before != after)
}

#[cfg(test)]
mod tests {
    use pizhu_model::{Annotation, Document, NoteFilter};

    use super::*;
    use crate::now;

    fn note(id: &str, start: u32, end: u32, text: &str) -> Annotation {
        let doc = Document::speech();
        let t = doc.text();
        let exact: String = t.chars().skip(start as usize).take((end - start) as usize).collect();
        Annotation {
            id: id.into(),
            doc_id: "speech".into(),
            start,
            end,
            exact,
            prefix: String::new(),
            suffix: String::new(),
            color: "green".into(),
            note: text.into(),
            tags: vec!["心得".into()],
            created: now(),
            updated: now(),
            deleted: None,
            orphaned: false,
            author: None,
        }
    }

    fn library() -> Store {
        let mut s = Store::open_in_memory().expect("store");
        s.ensure_builtin(&Document::speech()).expect("speech");
        s
    }

    /// A member's layer as their store would send it.
    fn layer_of(member: &mut Store, target: i64) -> Vec<Record> {
        member.shared_layer(target).expect("layer").0
    }

    #[test]
    fn a_members_layer_replaces_theirs_and_never_touches_mine() {
        let (mut zhang, mut me) = (library(), library());
        let zt = zhang.group_target("file:///g").expect("group").id;
        zhang.insert_annotation(&note("z1", 3, 7, "张三一")).expect("z1");
        zhang.insert_annotation(&note("z2", 10, 14, "张三二")).expect("z2");
        zhang.set_shared(zt, &Share { entity: "document".into(), id: "speech".into() }, true).expect("share");
        zhang.rename_color("green", Some("张三的叫法"), None).expect("rename");
        me.insert_annotation(&note("m1", 3, 7, "我的")).expect("m1");
        let mt = me.group_target("file:///g").expect("group").id;
        let applied = me.apply_member_layer(mt, "zhangdevice", "张三", 1, &layer_of(&mut zhang, zt), &HashMap::new());
        assert_eq!(applied.expect("apply").changed, 2);
        let theirs = me.annotations(&NoteFilter { author: Some("zhangdevice".into()), ..Default::default() });
        let theirs = theirs.expect("list");
        assert_eq!(theirs.len(), 2);
        assert_eq!(theirs[0].author.as_ref().map(|a| a.name.as_str()), Some("张三"));
        assert_eq!(me.author_of("z1").expect("author"), Some("张三".into()));
        assert_eq!(me.author_of("m1").expect("author"), None);
        // My colour names stay mine.
        let green = me.colors().expect("colors").into_iter().find(|c| c.key == "green").expect("green");
        assert_ne!(green.label, "张三的叫法");
        // Their next layer without z2: z2 goes, z1 changes, mine stays.
        zhang.update_annotation("z1", &Default::default()).expect("touch");
        zhang
            .update_annotation(
                "z1",
                &pizhu_model::AnnotationPatch { note: Some("张三改".into()), ..Default::default() },
            )
            .expect("edit");
        zhang.trash_annotation("z2").expect("trash");
        let applied = me.apply_member_layer(mt, "zhangdevice", "张三", 2, &layer_of(&mut zhang, zt), &HashMap::new());
        let applied = applied.expect("apply");
        assert_eq!((applied.changed, applied.removed), (1, 1));
        assert_eq!(me.annotation("z1").expect("z1").note, "张三改");
        assert!(me.annotation("z2").is_err());
        assert_eq!(me.annotation("m1").expect("m1").note, "我的");
        // A library sync never sends a member's note; a share never sends it on.
        let lib = me.sync_target("file:///mine").expect("library");
        let (out, _) = me.outgoing(&lib, true).expect("outgoing");
        assert!(out.iter().any(|r| r.id == "m1") && !out.iter().any(|r| r.id == "z1"));
        me.set_shared(mt, &Share { entity: "document".into(), id: "speech".into() }, true).expect("share");
        let mine = layer_of(&mut me, mt);
        assert!(mine.iter().any(|r| r.id == "m1") && !mine.iter().any(|r| r.id == "z1"));
        assert!(me.set_shared(mt, &Share { entity: "annotation".into(), id: "z1".into() }, true).is_err());
        // Cards are mine only.
        assert!(me.card("z1").expect("card").is_none());
        assert!(me.card("m1").expect("card").is_some());
    }

    #[test]
    fn a_member_note_whose_quote_is_not_in_my_text_is_an_orphan_never_a_wrong_place() {
        let (mut zhang, mut me) = (library(), library());
        let zt = zhang.group_target("file:///g").expect("group").id;
        let mut n = note("z1", 3, 7, "张三");
        n.exact = "别的版本的字".into();
        zhang.insert_annotation(&n).expect("z1");
        zhang.set_shared(zt, &Share { entity: "annotation".into(), id: "z1".into() }, true).expect("share");
        let mt = me.group_target("file:///g").expect("group").id;
        me.apply_member_layer(mt, "zhangdevice", "张三", 1, &layer_of(&mut zhang, zt), &HashMap::new()).expect("apply");
        assert!(me.annotation("z1").expect("z1").orphaned);
    }

    #[test]
    fn my_own_library_target_is_never_taken_as_a_group() {
        let mut me = library();
        let t = me.sync_target("file:///mine").expect("library");
        me.begin_push(t.id, 1).expect("push");
        me.mark_pushed(t.id, 1, 1, true).expect("pushed");
        assert!(me.group_target("file:///mine").is_err());
    }
}
