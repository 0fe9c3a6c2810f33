//! New versions of a document (`import FILE --version-of ID`): notes follow
//! their words or wait as 待确认 (orphaned), never land on a look-alike;
//! earlier texts are kept, listed, backed up and restored.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{fails, ok, tempdir};

const V1: &str = "学习材料
一、总体要求
全面从严治党永远在路上，党的自我革命永远在路上。
我们要坚持以人民为中心的发展思想，不断增进民生福祉。
二、重点任务
要加强理论武装,用党的创新理论凝心铸魂。
要深入调查研究，推动解决发展难题。
坚持把学习贯彻党的二十大精神作为首要政治任务。
各级党组织要切实加强领导，确保各项工作落到实处。
各级干部要切实加强学习，确保各项工作取得实效。
三、工作要求
要坚持实事求是，一切从实际出发。
";

/// V1 revised: a paragraph inserted that repeats 调查研究, the comma made
/// full width, one character changed inside a highlight (首要 → 首位), the
/// 领导 paragraph deleted (its look-alike 学习 paragraph stays), and
/// 一切从实际出发 reworded away.
const V2: &str = "学习材料
一、总体要求
全面从严治党永远在路上，党的自我革命永远在路上。
各地要把调查研究作为基本功。
我们要坚持以人民为中心的发展思想，不断增进民生福祉。
二、重点任务
要加强理论武装，用党的创新理论凝心铸魂。
要深入调查研究，推动解决发展难题。
坚持把学习贯彻党的二十大精神作为首位政治任务。
各级干部要切实加强学习，确保各项工作取得实效。
三、工作要求
要坚持实事求是，立足国情谋划工作。
";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf-8 path").to_owned()
}

fn highlight(dir: &Path, doc: &str, quote: &str, note: &str) -> String {
    let a: Value = serde_json::from_str(&ok(dir, &["highlight", doc, "--quote", quote, "--note", note])).expect("json");
    a["id"].as_str().expect("id").to_owned()
}

fn notes(dir: &Path, trash: bool) -> Vec<Value> {
    let args: &[&str] = if trash { &["notes", "--json", "--trash"] } else { &["notes", "--json"] };
    serde_json::from_str(&ok(dir, args)).expect("notes json")
}

fn note<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter().find(|n| n["id"] == id).unwrap_or_else(|| panic!("note {id} in {all:?}"))
}

/// Code-point offset of `needle` after the first occurrence of `after` in `text`.
fn cp_offset(text: &str, after: &str, needle: &str) -> u64 {
    let from = text.find(after).expect("anchor text");
    let at = from + text[from..].find(needle).expect("needle");
    text[..at].chars().count() as u64
}

/// The document text as the model joins it (blocks by `\n`), from `show --json`.
fn doc_text(dir: &Path, doc: &str) -> String {
    let d: Value = serde_json::from_str(&ok(dir, &["show", doc, "--json"])).expect("show json");
    d["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| b["text"].as_str().expect("text"))
        .collect::<Vec<_>>()
        .join("\n")
}

struct Setup {
    dir: tempfile::TempDir,
    doc: String,
    stays: String,
    full_width: String,
    repeated: String,
    one_char: String,
    deleted: String,
    reworded: String,
    trashed: String,
}

fn setup() -> Setup {
    let dir = tempdir();
    let d = dir.path();
    let v1 = write(d, "材料.txt", V1);
    let doc = ok(d, &["import", &v1]).trim().to_owned();
    let s = Setup {
        stays: highlight(d, &doc, "全面从严治党永远在路上", "开篇"),
        full_width: highlight(d, &doc, "用党的创新理论凝心铸魂", "理论武装"),
        repeated: highlight(d, &doc, "调查研究", "调研是基本功"),
        one_char: highlight(d, &doc, "把学习贯彻党的二十大精神作为首要政治任务", "首要任务"),
        deleted: highlight(d, &doc, "切实加强领导，确保各项工作", "领导责任"),
        reworded: highlight(d, &doc, "一切从实际出发", "实事求是"),
        trashed: highlight(d, &doc, "不断增进民生福祉", "民生"),
        doc,
        dir,
    };
    ok(s.dir.path(), &["delete", &s.trashed]);
    s
}

#[test]
fn a_new_version_keeps_every_note_it_can_place_and_orphans_the_rest() {
    let s = setup();
    let d = s.dir.path();
    ok(d, &["rename-doc", &s.doc, "我的学习材料"]);
    let v2 = write(d, "材料（修订稿）.txt", V2);
    let report: Value =
        serde_json::from_str(&ok(d, &["import", &v2, "--version-of", &s.doc, "--json"])).expect("report json");
    assert_eq!(report["document"]["id"], s.doc.as_str(), "same id");
    assert_eq!(report["document"]["version"], 2);
    assert_eq!(report["document"]["title"], "我的学习材料", "the reader's title stays");
    let placed = report["stayed"].as_u64().expect("stayed") + report["moved"].as_u64().expect("moved");
    assert_eq!((placed, report["orphaned"].as_u64()), (5, Some(2)), "{report}");

    let text = doc_text(d, &s.doc);
    assert!(text.contains("各地要把调查研究作为基本功"), "the new text is current");
    let live = notes(d, false);
    let at = |id: &str| {
        let n = note(&live, id);
        (n["start"].as_u64().expect("start"), n["end"].as_u64().expect("end"), n["orphaned"].as_bool())
    };
    // The repeated phrase follows its own paragraph, not the first occurrence.
    let repeated = cp_offset(&text, "要深入", "调查研究");
    assert_eq!(at(&s.repeated), (repeated, repeated + 4, Some(false)));
    assert_ne!(repeated, cp_offset(&text, "各地", "调查研究"));
    // Full-width comma: same words, context rewritten from the new text.
    let fw = cp_offset(&text, "", "用党的创新理论凝心铸魂");
    assert_eq!(at(&s.full_width), (fw, fw + 11, Some(false)));
    assert!(note(&live, &s.full_width)["prefix"].as_str().expect("prefix").ends_with("理论武装，"));
    // One character changed inside: follows, and quotes the new words.
    assert_eq!(note(&live, &s.one_char)["exact"], "把学习贯彻党的二十大精神作为首位政治任务");
    assert_eq!(note(&live, &s.one_char)["orphaned"], false);
    assert_eq!(at(&s.stays), (cp_offset(&text, "", "全面"), cp_offset(&text, "", "全面") + 11, Some(false)));
    // Deleted paragraph with a look-alike, and a reworded phrase: orphaned,
    // selectors untouched (they describe version 1).
    for (id, exact) in [(&s.deleted, "切实加强领导，确保各项工作"), (&s.reworded, "一切从实际出发")]
    {
        let n = note(&live, id);
        assert_eq!(n["orphaned"], true, "{n}");
        assert_eq!(n["exact"], exact);
    }
    // The trashed note moved too (restoring it puts it in the right place).
    let trash = notes(d, true);
    let t = note(&trash, &s.trashed);
    let welfare = cp_offset(&text, "", "不断增进民生福祉");
    assert_eq!((t["start"].as_u64(), t["orphaned"].as_bool()), (Some(welfare), Some(false)));

    // Human output of notes marks orphans; the orphan list shows the old text.
    assert!(ok(d, &["notes"]).contains("待确认"));
    let orphans: Vec<Value> = serde_json::from_str(&ok(d, &["orphans", &s.doc, "--json"])).expect("orphans");
    assert_eq!(orphans.len(), 2);
    let o = orphans.iter().find(|o| o["annotation"]["id"] == s.deleted.as_str()).expect("deleted orphan");
    assert_eq!(o["version"], 1);
    assert_eq!(o["before"], "各级党组织要");
    assert_eq!(o["after"], "落到实处。");
    assert_eq!(o["section"], "二、重点任务");

    // Versions: the old text is kept whole.
    let versions: Vec<Value> = serde_json::from_str(&ok(d, &["versions", &s.doc, "--json"])).expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 1);
    assert!(versions[0]["replaced"].is_string() && versions[1]["replaced"].is_null());

    // Orphans are still searchable by their note, without a section of the new text.
    let hits = crate::util::search_json(d, "领导责任");
    let hit = hits.iter().find(|h| h["note_id"] == s.deleted.as_str()).expect("orphan found by its note");
    assert!(hit["section"].is_null(), "{hit}");

    // Re-attach one by choosing its new place; the other is exported apart.
    let start = cp_offset(&text, "", "立足国情谋划工作");
    let re: Value = serde_json::from_str(&ok(
        d,
        &["reattach", &s.reworded, "--start", &start.to_string(), "--end", &(start + 8).to_string()],
    ))
    .expect("reattached");
    assert_eq!((re["exact"].as_str(), re["orphaned"].as_bool()), (Some("立足国情谋划工作"), Some(false)));
    assert!(fails(d, &["reattach", &s.stays, "--start", "0", "--end", "2"]).contains("not waiting"));
    let md_path = d.join("notes.md");
    ok(d, &["export", "--format", "md", "--doc", &s.doc, "-o", md_path.to_str().expect("p")]);
    let md = std::fs::read_to_string(&md_path).expect("md");
    let heading = md.find("待确认的批注").expect("orphans under their own heading");
    assert!(md.find("切实加强领导").expect("orphan listed") > heading, "{md}");
    assert!(md.find("立足国情谋划工作").expect("re-attached") < heading, "{md}");
}

#[test]
fn an_orphan_whose_words_come_back_in_a_later_version_is_placed_again() {
    let s = setup();
    let d = s.dir.path();
    ok(d, &["import", &write(d, "v2.txt", V2), "--version-of", &s.doc]);
    // Version 3 restores the first text: the orphans of version 1 find their place.
    let out = ok(d, &["import", &write(d, "v3.txt", V1), "--version-of", &s.doc]);
    assert!(out.contains("第 3 版") && out.contains("0 orphaned"), "{out}");
    let live = notes(d, false);
    let n = note(&live, &s.deleted);
    assert_eq!(n["orphaned"], false);
    assert_eq!(n["start"].as_u64(), Some(cp_offset(V1, "", "切实加强领导")));
}

#[test]
fn a_bad_new_version_or_the_bundled_speech_is_refused_and_nothing_changes() {
    let s = setup();
    let d = s.dir.path();
    let before = (notes(d, false), doc_text(d, &s.doc));
    let bad = d.join("坏.docx");
    std::fs::write(&bad, b"PK\x03\x04 cut off").expect("write");
    let err = fails(d, &["import", bad.to_str().expect("p"), "--version-of", &s.doc]);
    assert!(err.contains("Word"), "{err}");
    assert!(fails(d, &["import", &write(d, "x.txt", V2), "--version-of", "speech"]).contains("bundled speech"));
    assert!(fails(d, &["import", &write(d, "y.txt", V2), "--version-of", "doc-nothere"]).contains("doc-nothere"));
    assert_eq!((notes(d, false), doc_text(d, &s.doc)), before);
    let versions: Vec<Value> = serde_json::from_str(&ok(d, &["versions", &s.doc, "--json"])).expect("versions");
    assert_eq!(versions.len(), 1);
}

#[test]
fn versions_and_orphans_survive_a_backup_restored_into_an_empty_library() {
    let s = setup();
    let d = s.dir.path();
    ok(d, &["import", &write(d, "v2.txt", V2), "--version-of", &s.doc]);
    let zip = d.join("备份.zip");
    ok(d, &["backup", zip.to_str().expect("p")]);
    let other = tempdir();
    let o = other.path();
    ok(o, &["restore", zip.to_str().expect("p")]);
    let versions: Vec<Value> = serde_json::from_str(&ok(o, &["versions", &s.doc, "--json"])).expect("versions");
    assert_eq!(versions.iter().map(|v| v["version"].as_u64()).collect::<Vec<_>>(), [Some(1), Some(2)]);
    let orphans: Vec<Value> = serde_json::from_str(&ok(o, &["orphans", "--json"])).expect("orphans");
    assert_eq!(orphans.len(), 2);
    assert!(orphans.iter().all(|o| o["version"] == 1 && o["before"].as_str().is_some_and(|b| !b.is_empty())));
    // Twice changes nothing.
    ok(o, &["restore", zip.to_str().expect("p")]);
    assert_eq!(serde_json::from_str::<Vec<Value>>(&ok(o, &["orphans", "--json"])).expect("orphans").len(), 2);

    // The W3C export still passes the model's MUSTs, orphans with their quote only.
    let out = o.join("notes.jsonld");
    ok(o, &["export", "--format", "w3c", "-o", out.to_str().expect("p")]);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("json");
    let items = json["first"]["items"].as_array().or_else(|| json["items"].as_array()).expect("items");
    let orphan = items.iter().find(|a| a["pizhu:orphaned"] == true).expect("an orphan exported");
    assert_eq!(orphan["target"]["selector"].as_array().map(Vec::len), Some(1));
    let run = Command::new("python3")
        .arg(crate::util::data("w3c-annotation-model/validate.py"))
        .arg(&out)
        .output()
        .expect("python3 runs the W3C validator");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stdout));
}

#[test]
fn reading_progress_follows_its_paragraphs_into_a_new_version() {
    use pizhu_core::model::ReadingSpan;
    let dir = tempdir();
    let (lib, _) = pizhu_core::Library::open(dir.path(), &|_| {}).expect("open");
    let doc = lib.import_bytes("材料.txt", V1.as_bytes(), None).expect("import").id;
    let d1 = lib.document(&doc).expect("v1");
    let block = |d: &pizhu_core::model::Document, p: &str| d.blocks.iter().find(|b| b.text.contains(p)).expect(p).index;
    // Read the 调查研究 paragraph (it moves down one), the 领导 one (deleted) and 实事求是 (reworded).
    let spans: Vec<ReadingSpan> = ["要深入调查研究", "切实加强领导", "一切从实际出发"]
        .iter()
        .map(|p| ReadingSpan { block: block(&d1, p), seconds: 30.0 })
        .collect();
    lib.record_reading(&doc, &spans).expect("read");
    assert_eq!(lib.coverage(&doc).expect("coverage").read, 3);
    lib.import_version_bytes(&doc, "材料2.txt", V2.as_bytes()).expect("new version");
    let d2 = lib.document(&doc).expect("v2");
    let c = lib.coverage(&doc).expect("coverage");
    // The moved paragraph is still read, at its new index; the deleted one is gone.
    assert!(c.read_blocks.contains(&block(&d2, "要深入调查研究")), "{:?}", c.read_blocks);
    assert_ne!(block(&d1, "要深入调查研究"), block(&d2, "要深入调查研究"));
    assert!(c.read_blocks.contains(&block(&d2, "要坚持实事求是")), "a reworded paragraph keeps its time");
    assert_eq!(c.read, 2, "{:?}", c.read_blocks);
}
