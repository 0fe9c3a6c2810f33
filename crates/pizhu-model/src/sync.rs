//! Sync records and how they merge: hybrid logical clock stamps, registers,
//! tombstones and the conflict rule for text. Pure: the clock reading, the
//! device id and the records come from the caller.
//!
//! A *record* is the full state of one library entity (an annotation, a
//! document, a colour) as named *registers*, each with the [`Stamp`] of the
//! write that set it. Merging takes, per register, the value with the higher
//! stamp (ties: the larger canonical JSON), so merging is a join:
//! commutative, associative and idempotent, and every device that has seen
//! the same records holds the same library whatever the order they came in.
//! A permanent deletion is the register [`GONE`]; the entity exists while
//! some other register is newer than it. Two concurrent edits of a text
//! register ([`TEXT_REGISTERS`]) keep the losing text as a [`Conflict`].

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The device part of stamps made before sync existed (rows never written
/// since): they read as the row's own time from this pseudo-device.
pub const LEGACY_DEVICE: &str = "0000000000";

/// The register that marks an entity deleted for good (a tombstone).
pub const GONE: &str = "gone";

/// Registers holding text a reader writes: concurrent edits keep both.
pub const TEXT_REGISTERS: &[&str] = &["note"];

/// Stamps further ahead of the reader's clock than this are refused (a
/// device whose clock is a year fast would otherwise win every edit).
pub const MAX_AHEAD_MS: u64 = 366 * 24 * 3600 * 1000;

const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Whether `s` is a device id: 10 characters of lower-case Crockford base32.
pub fn is_device_id(s: &str) -> bool {
    s.len() == 10 && s.bytes().all(|b| CROCKFORD.contains(&b))
}

/// A device id from 50 random bits (the caller draws them).
pub fn device_id(random: u64) -> String {
    (0..10).map(|i| CROCKFORD[((random >> (5 * (9 - i))) & 31) as usize] as char).collect()
}

/// Whether `s` can name an entity on a target: `[A-Za-z0-9_-]{1,64}`.
pub fn is_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether `s` is a content address: 64 lower-case hex digits (SHA-256).
pub fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A hybrid logical clock stamp: milliseconds (48 bits), a counter (16 bits)
/// and the device that made it. Its text form `{ms:012x}{ctr:04x}.{device}`
/// has fixed widths, so text order is stamp order.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(String);

impl Stamp {
    /// The stamp of (`ms`, `ctr`) on `device`; `None` when `ms` needs more
    /// than 48 bits or `device` is not a device id.
    pub fn new(ms: u64, ctr: u16, device: &str) -> Option<Stamp> {
        (ms < 1 << 48 && (is_device_id(device) || device == LEGACY_DEVICE))
            .then(|| Stamp(format!("{ms:012x}{ctr:04x}.{device}")))
    }

    /// The stamp from its packed clock value (`ms << 16 | ctr`).
    pub fn from_clock(clock: u64, device: &str) -> Option<Stamp> {
        Stamp::new(clock >> 16, (clock & 0xffff) as u16, device)
    }

    /// Reads a stamp's text form; `None` unless well-formed.
    pub fn parse(s: &str) -> Option<Stamp> {
        let (clock, device) = s.split_once('.')?;
        if clock.len() != 16 || !clock.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return None;
        }
        let clock = u64::from_str_radix(clock, 16).ok()?;
        Stamp::from_clock(clock, device)
    }

    /// The stamp of a row written before sync: its own time, the legacy device.
    pub fn legacy(ms: u64) -> Stamp {
        Stamp(format!("{:012x}0000.{LEGACY_DEVICE}", ms.min((1 << 48) - 1)))
    }

    /// Packed clock value: `ms << 16 | ctr`.
    pub fn clock(&self) -> u64 {
        u64::from_str_radix(&self.0[..16], 16).unwrap_or(0)
    }

    /// Milliseconds since 1970.
    pub fn ms(&self) -> u64 {
        self.clock() >> 16
    }

    /// The device that made the stamp.
    pub fn device(&self) -> &str {
        &self.0[17..]
    }

    /// The text form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let s = String::deserialize(d)?;
        Stamp::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a stamp: {s:?}")))
    }
}

/// The next clock value after `last` at wall time `now_ms`: later than
/// everything this device issued or saw, and the wall time when that is
/// later still. A full counter carries into the milliseconds.
pub fn tick(last: u64, now_ms: u64) -> u64 {
    (last + 1).max(now_ms << 16)
}

/// One register: a value, the stamp of the write that set it and, for text,
/// the stamp of the text it was written over (`b`, the base).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reg {
    /// When and where it was written.
    pub s: Stamp,
    /// The value (canonical JSON).
    pub v: Value,
    /// For text: the last stamp from another device this line of edits
    /// started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<Stamp>,
}

impl Reg {
    fn rank(&self, other: &Reg) -> Ordering {
        self.s.cmp(&other.s).then_with(|| self.v.to_string().cmp(&other.v.to_string()))
    }
}

/// What a record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// A colour and its meaning (id: the colour key).
    #[serde(rename = "color")]
    Color,
    /// A document (its text travels as a blob named by its hash).
    #[serde(rename = "doc")]
    Document,
    /// An annotation.
    #[serde(rename = "ann")]
    Annotation,
    /// A text that lost to a concurrent edit, and whether it is resolved.
    #[serde(rename = "conflict")]
    Conflict,
}

impl Kind {
    /// The journal's name of the entity.
    pub fn entity(self) -> &'static str {
        match self {
            Kind::Color => "color",
            Kind::Document => "document",
            Kind::Annotation => "annotation",
            Kind::Conflict => "conflict",
        }
    }

    /// The registers a record of this kind may hold (besides [`GONE`]).
    pub fn registers(self) -> &'static [&'static str] {
        match self {
            Kind::Color => &["label", "label_en", "rgb", "cards"],
            Kind::Document => &["title", "deleted", "text"],
            Kind::Annotation => &["anchor", "color", "note", "tags", "deleted"],
            Kind::Conflict => &["text", "resolved"],
        }
    }
}

/// Where a document's text can be fetched: its hash and the device whose
/// folder holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobRef {
    /// SHA-256 of the blocks JSON.
    pub h: String,
    /// The device that put it on the target.
    pub at: String,
}

/// The full state of one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// What it is.
    pub t: Kind,
    /// Its id (a colour's key).
    pub id: String,
    /// Its registers by name.
    pub r: BTreeMap<String, Reg>,
    /// For a document: where its text is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob: Option<BlobRef>,
}

/// A text that lost to a concurrent edit, kept for the reader to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Deterministic: every device that sees the same two edits names it alike.
    pub id: String,
    /// The entity whose text it is.
    pub entity_id: String,
    /// The register (`note`).
    pub register: String,
    /// The losing text.
    pub text: String,
    /// The losing text's stamp.
    pub stamp: Stamp,
}

/// What merging a remote record into the local one gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The joined record.
    pub record: Record,
    /// Whether it differs from the local one.
    pub changed: bool,
    /// Texts that lost to a concurrent edit.
    pub conflicts: Vec<Conflict>,
}

/// Whether `loser` was known to whoever wrote `winner` (no conflict then).
fn superseded(loser: &Reg, winner: &Reg) -> bool {
    loser.v == winner.v
        || winner.b.as_ref() == Some(&loser.s)
        || (loser.s.device() == winner.s.device() && loser.s.device() != LEGACY_DEVICE)
}

/// A short digest of `bytes` (two FNV-1a passes: 128 bits, hex). Not
/// cryptographic: names conflicts and notices changed registers.
pub fn digest(bytes: &[u8]) -> String {
    let pass = |seed: u64| bytes.iter().fold(seed, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{:016x}{:016x}", pass(0xcbf2_9ce4_8422_2325), pass(0x6c62_272e_07bb_0142))
}

/// Merges `remote` into `local` (the same entity; `None` when absent here).
pub fn merge(local: Option<&Record>, remote: &Record) -> Merged {
    let Some(local) = local else {
        return Merged { record: remote.clone(), changed: true, conflicts: Vec::new() };
    };
    let mut record = local.clone();
    let mut changed = false;
    let mut conflicts = Vec::new();
    for (name, theirs) in &remote.r {
        match local.r.get(name) {
            None => {
                record.r.insert(name.clone(), theirs.clone());
                changed = true;
            }
            Some(ours) => {
                let remote_wins = theirs.rank(ours) == Ordering::Greater;
                let (winner, loser) = if remote_wins { (theirs, ours) } else { (ours, theirs) };
                if TEXT_REGISTERS.contains(&name.as_str()) && !superseded(loser, winner) {
                    if let Some(text) = loser.v.as_str().filter(|t| !t.is_empty()) {
                        let key = format!("{}\u{1f}{}\u{1f}{}", local.id, name, loser.s);
                        conflicts.push(Conflict {
                            id: digest(key.as_bytes()),
                            entity_id: local.id.clone(),
                            register: name.clone(),
                            text: text.to_owned(),
                            stamp: loser.s.clone(),
                        });
                    }
                }
                if remote_wins {
                    record.r.insert(name.clone(), theirs.clone());
                    changed = true;
                }
            }
        }
    }
    if record.blob.is_none() && remote.blob.is_some() || changed && remote.blob.is_some() {
        let remote_text = remote.r.get("text").map(|r| &r.s);
        if record.r.get("text").map(|r| &r.s) == remote_text {
            record.blob = remote.blob.clone();
        }
    }
    Merged { record, changed, conflicts }
}

impl Record {
    /// The newest stamp of any register but [`GONE`].
    fn newest_live(&self) -> Option<&Stamp> {
        self.r.iter().filter(|(n, _)| *n != GONE).map(|(_, r)| &r.s).max()
    }

    /// Whether the entity exists: no tombstone, or a register newer than it.
    pub fn alive(&self) -> bool {
        match self.r.get(GONE) {
            None => true,
            Some(gone) => self.newest_live().is_some_and(|s| *s > gone.s),
        }
    }

    /// The values the entity has, or `None` when it is deleted for good. An
    /// entity edited after it was deleted elsewhere lives on in the trash:
    /// its `deleted` is the tombstone's time when that is newer.
    pub fn view(&self) -> Option<BTreeMap<String, Value>> {
        if !self.alive() {
            return None;
        }
        let mut out: BTreeMap<String, Value> =
            self.r.iter().filter(|(n, _)| *n != GONE).map(|(n, r)| (n.clone(), r.v.clone())).collect();
        if let Some(gone) = self.r.get(GONE) {
            if self.r.get("deleted").is_none_or(|d| d.s < gone.s) && matches!(self.t, Kind::Annotation | Kind::Document)
            {
                out.insert("deleted".into(), gone.v.clone());
            }
        }
        Some(out)
    }

    /// The newest stamp in the record.
    pub fn newest(&self) -> Option<&Stamp> {
        self.r.values().map(|r| &r.s).max()
    }

    /// Checks what a remote record may hold: its id, its registers' names and
    /// the shape of their values, stamps no more than [`MAX_AHEAD_MS`] after
    /// `now_ms`. The reason in English when refused.
    pub fn validate(&self, now_ms: u64) -> Result<(), String> {
        let id_ok = match self.t {
            Kind::Color => {
                (1..=32).contains(&self.id.len())
                    && self.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
            }
            _ => is_id(&self.id),
        };
        if !id_ok {
            return Err(format!("bad id {:?}", self.id.chars().take(80).collect::<String>()));
        }
        if self.r.is_empty() {
            return Err(format!("record {} has no registers", self.id));
        }
        for (name, reg) in &self.r {
            if name != GONE && !self.t.registers().contains(&name.as_str()) {
                return Err(format!("unknown register {name:?} in {}", self.id));
            }
            if reg.s.ms() > now_ms.saturating_add(MAX_AHEAD_MS) {
                return Err(format!("stamp {} is more than a year ahead", reg.s));
            }
            if !value_ok(self.t, name, &reg.v) {
                return Err(format!("register {name} of {} has a bad value", self.id));
            }
        }
        if let Some(blob) = &self.blob {
            if !is_hash(&blob.h) || !is_device_id(&blob.at) {
                return Err(format!("bad blob reference in {}", self.id));
            }
        }
        if self.t == Kind::Document {
            if let Some(text) = self.r.get("text").filter(|_| self.alive()) {
                let builtin = text.v.get("builtin").and_then(Value::as_bool) == Some(true);
                let sha = text.v.get("sha").and_then(Value::as_str);
                if !builtin && self.blob.as_ref().map(|b| b.h.as_str()) != sha {
                    return Err(format!("document {} names no blob for its text", self.id));
                }
            }
        }
        Ok(())
    }
}

fn short_str(v: &Value, max: usize) -> bool {
    v.as_str().is_some_and(|s| s.len() <= max)
}

fn opt_str(v: &Value) -> bool {
    v.is_null() || short_str(v, 64)
}

fn value_ok(kind: Kind, name: &str, v: &Value) -> bool {
    const MIB: usize = 1 << 20;
    match (kind, name) {
        (_, GONE) => opt_str(v),
        (_, "deleted") => opt_str(v),
        (Kind::Color, "cards") => v.is_boolean(),
        (Kind::Color, _) => short_str(v, 200),
        (Kind::Document, "title") => short_str(v, 4096),
        (Kind::Document, "text") => {
            let Some(o) = v.as_object() else { return false };
            if o.get("builtin").and_then(Value::as_bool) == Some(true) {
                return o.len() == 1;
            }
            o.get("sha").and_then(Value::as_str).is_some_and(is_hash)
                && o.get("version").and_then(Value::as_u64).is_some_and(|n| (1..=1_000_000).contains(&n))
                && o.get("created").is_some_and(|c| short_str(c, 64))
        }
        (Kind::Annotation, "anchor") => {
            let Some(o) = v.as_object() else { return false };
            let num = |k: &str| o.get(k).and_then(Value::as_u64).filter(|n| *n <= u64::from(u32::MAX));
            o.get("doc").and_then(Value::as_str).is_some_and(is_id)
                && matches!((num("start"), num("end")), (Some(s), Some(e)) if s < e)
                && ["exact", "prefix", "suffix"].iter().all(|k| o.get(*k).is_some_and(|x| short_str(x, MIB)))
                && o.get("created").is_some_and(|c| short_str(c, 64))
                && o.get("orphan_of").is_none_or(|x| x.is_null() || x.as_u64().is_some())
        }
        (Kind::Annotation, "color") => {
            v.as_str().is_some_and(|s| (1..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()))
        }
        (Kind::Annotation, "note") => short_str(v, MIB),
        (Kind::Conflict, "resolved") => opt_str(v),
        (Kind::Conflict, "text") => {
            let Some(o) = v.as_object() else { return false };
            o.get("annotation").and_then(Value::as_str).is_some_and(is_id)
                && o.get("text").is_some_and(|t| short_str(t, MIB))
                && o.get("stamp").and_then(Value::as_str).and_then(Stamp::parse).is_some()
        }
        (Kind::Annotation, "tags") => {
            v.as_array().is_some_and(|a| a.len() <= 200 && a.iter().all(|t| short_str(t, 200)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const A: &str = "aaaaaaaaaa";
    const B: &str = "bbbbbbbbbb";

    fn st(ms: u64, dev: &str) -> Stamp {
        Stamp::new(ms, 0, dev).expect("stamp")
    }

    fn reg(ms: u64, dev: &str, v: Value) -> Reg {
        Reg { s: st(ms, dev), v, b: None }
    }

    fn note(regs: &[(&str, Reg)]) -> Record {
        Record {
            t: Kind::Annotation,
            id: "n1".into(),
            r: regs.iter().map(|(n, r)| (n.to_string(), r.clone())).collect(),
            blob: None,
        }
    }

    #[test]
    fn stamps_order_as_text_and_round_trip() {
        let a = st(5, A);
        let b = Stamp::new(5, 1, A).expect("stamp");
        let c = st(6, "0000000001");
        assert!(a < b && b < c);
        assert!(a.as_str() < b.as_str() && b.as_str() < c.as_str());
        assert_eq!(Stamp::parse(b.as_str()), Some(b.clone()));
        assert_eq!((b.ms(), b.device()), (5, A));
        for bad in
            ["", "0000000000000005.short", "000000000000000g.aaaaaaaaaa", "../../etc", "00000000000000050aaaaaaaaaa"]
        {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<Stamp>("\"x.y\"").is_err());
        assert!(is_device_id(&device_id(u64::MAX)) && is_device_id(&device_id(0)));
    }

    #[test]
    fn the_clock_never_goes_back_and_follows_what_it_saw() {
        let t1 = tick(0, 10_000_000);
        assert_eq!(t1, 10_000_000 << 16);
        // The wall clock went back an hour: the clock still moves forward.
        let t2 = tick(t1, 10_000_000 - 3_600_000);
        assert!(t2 > t1);
        // A remote stamp far ahead: observing it puts our next stamp after it.
        let remote = st(5_000_000, B).clock();
        let t3 = tick(t2.max(remote), 10_000_001);
        assert!(t3 > remote);
        // A full counter carries into the milliseconds.
        assert_eq!(tick((7 << 16) | 0xffff, 0), 8 << 16);
    }

    #[test]
    fn merge_is_commutative_and_idempotent() {
        let x = note(&[
            ("note", reg(10, A, json!("甲"))),
            ("color", reg(30, A, json!("red"))),
            ("tags", reg(5, A, json!(["x"]))),
        ]);
        let y = note(&[
            ("note", reg(20, B, json!("乙"))),
            ("color", reg(25, B, json!("green"))),
            ("deleted", reg(40, B, json!("2026-01-01T00:00:00.000Z"))),
        ]);
        let xy = merge(Some(&x), &y);
        let yx = merge(Some(&y), &x);
        assert_eq!(xy.record, yx.record);
        assert_eq!(xy.record.r["note"].v, json!("乙"));
        assert_eq!(xy.record.r["color"].v, json!("red"));
        assert_eq!(xy.record.r["tags"].v, json!(["x"]));
        // Both sides name the same conflict (the losing 甲).
        assert_eq!(xy.conflicts, yx.conflicts);
        assert_eq!(xy.conflicts.len(), 1);
        assert_eq!(xy.conflicts[0].text, "甲");
        // Again: nothing changes.
        let again = merge(Some(&xy.record), &y);
        assert!(!again.changed, "{again:?}");
        assert_eq!(again.record, xy.record);
        let again = merge(Some(&xy.record), &xy.record);
        assert!(!again.changed);
        // Associative over three.
        let z = note(&[("note", reg(15, "cccccccccc", json!("丙")))]);
        let left = merge(Some(&merge(Some(&x), &y).record), &z).record;
        let right = merge(Some(&x), &merge(Some(&y), &z).record).record;
        assert_eq!(left, right);
    }

    #[test]
    fn an_edit_on_top_of_the_other_is_no_conflict() {
        let base = reg(10, A, json!("甲"));
        let mut edit = reg(20, B, json!("甲乙"));
        edit.b = Some(base.s.clone());
        let m = merge(Some(&note(&[("note", base.clone())])), &note(&[("note", edit.clone())]));
        assert!(m.conflicts.is_empty());
        assert_eq!(m.record.r["note"].v, json!("甲乙"));
        // The other way round too.
        let m = merge(Some(&note(&[("note", edit)])), &note(&[("note", base)]));
        assert!(m.conflicts.is_empty() && !m.changed);
        // Two edits in a row on one device are one line: no conflict.
        let m = merge(Some(&note(&[("note", reg(10, A, json!("一")))])), &note(&[("note", reg(11, A, json!("二")))]));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn clock_skew_decides_only_who_wins_never_convergence() {
        // B's clock is a day fast: its concurrent edit wins on both sides,
        // and A's text is kept as a conflict, the same on both.
        let day = 86_400_000;
        let a = note(&[("note", reg(1_000 + 10, A, json!("本机")))]);
        let b = note(&[("note", reg(1_000 + day, B, json!("快一天")))]);
        let ab = merge(Some(&a), &b);
        let ba = merge(Some(&b), &a);
        assert_eq!(ab.record, ba.record);
        assert_eq!(ab.record.r["note"].v, json!("快一天"));
        assert_eq!(ab.conflicts, ba.conflicts);
        assert_eq!(ab.conflicts[0].text, "本机");
        // A stamp more than a year ahead is refused.
        let now = 1_000;
        let far = note(&[("note", reg(now + MAX_AHEAD_MS + 1, B, json!("x")))]);
        assert!(far.validate(now).is_err());
        assert!(note(&[("note", reg(now + day, B, json!("x")))]).validate(now).is_ok());
    }

    #[test]
    fn equal_stamps_break_ties_by_value_the_same_everywhere() {
        let a = note(&[("color", reg(0, LEGACY_DEVICE, json!("red")))]);
        let b = note(&[("color", reg(0, LEGACY_DEVICE, json!("green")))]);
        assert_eq!(merge(Some(&a), &b).record, merge(Some(&b), &a).record);
    }

    #[test]
    fn tombstones_win_over_older_registers_only() {
        let live = note(&[("note", reg(10, A, json!("甲"))), ("deleted", reg(10, A, Value::Null))]);
        let gone = note(&[(GONE, reg(20, B, json!("2026-01-02T00:00:00.000Z")))]);
        let m = merge(Some(&live), &gone).record;
        assert!(!m.alive() && m.view().is_none());
        assert_eq!(merge(Some(&gone), &live).record, m);
        // An edit newer than the deletion keeps the note, in the trash.
        let edited = note(&[("note", reg(30, A, json!("甲改"))), ("deleted", reg(10, A, Value::Null))]);
        let m = merge(Some(&gone), &edited).record;
        let view = m.view().expect("alive");
        assert_eq!(view["note"], json!("甲改"));
        assert_eq!(view["deleted"], json!("2026-01-02T00:00:00.000Z"));
    }

    #[test]
    fn validation_refuses_paths_and_bad_shapes() {
        let mut r = note(&[("note", reg(1, A, json!("x")))]);
        assert!(r.validate(10).is_ok());
        r.id = "../../etc/passwd".into();
        assert!(r.validate(10).is_err());
        let r = note(&[("bogus", reg(1, A, json!("x")))]);
        assert!(r.validate(10).is_err());
        let r = note(&[("anchor", reg(1, A, json!({"doc": "d", "start": 5, "end": 5})))]);
        assert!(r.validate(10).is_err());
        let doc = Record {
            t: Kind::Document,
            id: "d1".into(),
            r: [("text".to_string(), reg(1, A, json!({"sha": "0".repeat(64), "version": 1, "created": "t"})))].into(),
            blob: Some(BlobRef { h: "0".repeat(64), at: "../../x".into() }),
        };
        assert!(doc.validate(10).is_err());
    }
}
