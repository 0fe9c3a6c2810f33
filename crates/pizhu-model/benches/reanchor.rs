//! Re-anchoring benchmark: 1,000 notes on a 1-million-character text and a
//! revision of it (punctuation made full width in every tenth paragraph, a
//! character changed in every seventh, paragraphs inserted and deleted).
//! Prints a Markdown table with the time and where the notes landed.
//!
//! `cargo bench -p pizhu-model --bench reanchor`

use std::time::Instant;

use pizhu_model::reanchor::{Placement, Revision};
use pizhu_model::{CpText, Document, Quote};

fn main() {
    let speech = Document::speech();
    let paras: Vec<String> = speech.blocks.iter().map(|b| b.text.replace('，', ",")).collect();
    // ~1M characters: the speech's paragraphs, each numbered so they differ.
    let mut old_lines = Vec::new();
    let mut n = 0usize;
    while old_lines.iter().map(|l: &String| l.chars().count() + 1).sum::<usize>() < 1_000_000 {
        old_lines.push(format!("{n}. {}", paras[n % paras.len()]));
        n += 1;
    }
    let mut new_lines = Vec::new();
    for (i, l) in old_lines.iter().enumerate() {
        if i % 97 == 0 {
            continue; // deleted
        }
        if i % 53 == 0 {
            new_lines.push(format!("新增段落 {i}：学习党史，坚定信念。"));
        }
        let mut l = l.clone();
        if i % 10 == 0 {
            l = l.replace(',', "，");
        }
        if i % 7 == 0 {
            l = l.replacen('党', "黨", 1);
        }
        new_lines.push(l);
    }
    let old = old_lines.join("\n");
    let new = new_lines.join("\n");
    let cp = CpText::new(&old);
    let len = cp.len();
    let notes: Vec<(u32, u32, Quote)> = (0..1000u32)
        .map(|i| {
            let s = (u64::from(i) * 7919 * 131 % u64::from(len - 20)) as u32;
            let e = s + 4 + i % 12;
            (s, e, Quote::at(&cp, s, e).expect("valid"))
        })
        .collect();
    let t = Instant::now();
    let revision = Revision::new(&old, &new);
    let diffed = t.elapsed();
    let mut counts = [0u32; 3];
    for (s, e, q) in &notes {
        match revision.place(*s, *e, q) {
            Placement::Stayed { .. } => counts[0] += 1,
            Placement::Moved { .. } => counts[1] += 1,
            Placement::Orphaned => counts[2] += 1,
        }
    }
    let total = t.elapsed();
    println!("| old / new characters | diff | diff + place 1,000 notes | stayed | moved | orphaned |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| {} / {} | {:.0} ms | {:.0} ms | {} | {} | {} |",
        len,
        new.chars().count(),
        diffed.as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0,
        counts[0],
        counts[1],
        counts[2]
    );
}
