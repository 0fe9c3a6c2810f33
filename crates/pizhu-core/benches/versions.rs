//! Whole books and new versions, on a real library in a temporary
//! directory: importing (and indexing) a 2.5-million-character book, and
//! importing a revised 1-million-character text over a document with 1,000
//! notes (diff, re-anchoring, one SQLite transaction, re-indexing).
//! Prints a Markdown table.
//!
//! `cargo bench -p pizhu-core --bench versions`

use std::fmt::Write;
use std::time::Instant;

use pizhu_core::model::{Document, NewAnnotation};
use pizhu_core::Library;

const CN_NUM: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn chinese(mut n: usize) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(CN_NUM[n % 10]);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.into_iter().rev().collect()
}

/// A book of about `chars` characters: chapters (第N章) of the speech's
/// paragraphs, each paragraph numbered so that no two lines are the same.
fn book(chars: usize) -> String {
    let speech = Document::speech();
    let paras: Vec<&str> = speech.blocks.iter().map(|b| b.text.as_str()).filter(|t| t.chars().count() > 40).collect();
    let mut out = String::from("全书\n");
    let (mut n, mut chapter) = (0usize, 0usize);
    while out.chars().count() < chars {
        if n % 40 == 0 {
            chapter += 1;
            let _ = writeln!(out, "第{}章", chinese(chapter));
        }
        let _ = writeln!(out, "{}（{}）", paras[n % paras.len()], n + 1);
        n += 1;
    }
    out
}

/// `text` revised: every 50th paragraph has one character changed, every
/// 200th is deleted, and a new paragraph comes after every 300th.
fn revise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 && i % 200 == 0 {
            continue;
        }
        if i > 0 && i % 50 == 0 {
            let mut chars: Vec<char> = line.chars().collect();
            let at = chars.len() / 2;
            chars[at] = '改';
            out.extend(chars);
        } else {
            out.push_str(line);
        }
        out.push('\n');
        if i > 0 && i % 300 == 0 {
            let _ = writeln!(out, "修订时新增的一段话，说明第{}段以后的内容有所调整。", chinese(i));
        }
    }
    out
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lib, _) = Library::open(dir.path(), &|_| {}).expect("open");
    let mut rows: Vec<(String, String)> = Vec::new();

    let big = book(2_500_000);
    let path = dir.path().join("全书.txt");
    std::fs::write(&path, &big).expect("write");
    let t = Instant::now();
    let info = lib.import_file(&path, None).expect("import");
    rows.push((
        format!("import + index a {:.1}M-character book ({} blocks)", big.chars().count() as f64 / 1e6, info.blocks),
        format!("{:.2} s", t.elapsed().as_secs_f64()),
    ));

    let text = book(1_000_000);
    let v1 = dir.path().join("材料.txt");
    std::fs::write(&v1, &text).expect("write");
    let info = lib.import_file(&v1, None).expect("import");
    let len = info.chars;
    let inputs: Vec<NewAnnotation> = (0..1_000u32)
        .map(|i| {
            let start = (i * 997) % (len - 20);
            NewAnnotation {
                doc_id: info.id.clone(),
                start,
                end: start + 6 + i % 10,
                color: "yellow".into(),
                note: format!("第{i}条"),
                tags: vec![],
            }
        })
        .collect();
    lib.add_annotations(&inputs).expect("notes");
    let v2 = dir.path().join("材料（修订）.txt");
    std::fs::write(&v2, revise(&text)).expect("write");
    let t = Instant::now();
    let r = lib.import_version(&info.id, &v2).expect("version");
    rows.push((
        format!(
            "new version of a {:.1}M-character text with 1,000 notes ({} stayed, {} moved, {} orphaned)",
            text.chars().count() as f64 / 1e6,
            r.stayed,
            r.moved,
            r.orphaned
        ),
        format!("{:.2} s", t.elapsed().as_secs_f64()),
    ));
    let t = Instant::now();
    let orphans = lib.orphans(Some(&info.id)).expect("orphans");
    rows.push((
        format!("list its {} orphans with their old text", orphans.len()),
        format!("{:.0} ms", t.elapsed().as_secs_f64() * 1e3),
    ));

    println!("| operation | time |\n|---|---|");
    for (what, t) in rows {
        println!("| {what} | {t} |");
    }
}
