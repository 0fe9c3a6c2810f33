//! Search benchmark: Pizhu's index against SQLite FTS5 (trigram) on the
//! same generated notes, at 10k and 100k notes. Prints a Markdown table.
//!
//! `cargo bench -p pizhu-core --bench notes` (add `-- 10000` for one size;
//! with `PIZHU_BENCH_LIBRARY=DIR` it only leaves a library of that many
//! generated notes in DIR, for the desktop benchmark).
//! Each size runs in its own child process so that peak memory is its own.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use pizhu_core::model::{Annotation, Document, NewAnnotation};
use pizhu_core::{Library, DB_FILE, INDEX_DIR};
use pizhu_search::normalize::normalize;
use pizhu_store::{now, Store};

/// xorshift64*: deterministic data without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const LATIN: &[&str] = &["Party", "history", "law", "reform", "team", "study", "note", "Tantivy", "SQLite", "review"];

fn sentences(doc: &Document) -> Vec<String> {
    doc.text().split(['。', ',', '、']).map(str::trim).filter(|s| s.chars().count() >= 4).map(str::to_owned).collect()
}

fn generate(n: usize, doc: &Document) -> Vec<Annotation> {
    let pool = sentences(doc);
    let text: Vec<char> = doc.text().chars().collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stamp = now();
    (0..n)
        .map(|i| {
            let mut note = String::new();
            for _ in 0..1 + rng.below(3) {
                note.push_str(&pool[rng.below(pool.len())]);
                note.push(if rng.below(2) == 0 { '。' } else { ',' });
            }
            note.push_str(&format!(" {} {} ", LATIN[rng.below(LATIN.len())], rng.below(2030)));
            let start = rng.below(text.len() - 12) as u32;
            let end = start + 2 + rng.below(10) as u32;
            Annotation {
                id: format!("bench-{i:07}"),
                doc_id: doc.id.clone(),
                start,
                end,
                exact: text[start as usize..end as usize].iter().collect(),
                prefix: String::new(),
                suffix: String::new(),
                color: ["yellow", "red", "green", "blue"][i % 4].into(),
                note,
                tags: vec![format!("标签{}", i % 50)],
                created: stamp.clone(),
                updated: stamp.clone(),
                deleted: None,
                orphaned: false,
                author: None,
            }
        })
        .collect()
}

fn queries(doc: &Document) -> Vec<String> {
    let text: Vec<char> = doc.text().chars().filter(|c| !c.is_whitespace() && *c != '\n').collect();
    let mut rng = Rng(42);
    let mut out: Vec<String> =
        ["党", "史学", "整顿工", "党史 政法", "\"学习教育\"", "history", "2021", "Party 学习", "联系实际"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    while out.len() < 300 {
        let len = 1 + rng.below(4);
        let s = rng.below(text.len() - len);
        out.push(text[s..s + len].iter().collect());
    }
    out
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i].as_secs_f64() * 1e3
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.metadata().map(|m| if m.is_dir() { dir_size(&e.path()) } else { m.len() }).unwrap_or(0))
                .sum()
        })
        .unwrap_or(0)
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Every note/passage text as the index sees it, for exact expected counts.
fn haystacks(doc: &Document, notes: &[Annotation]) -> Vec<String> {
    let mut v: Vec<String> = doc.blocks.iter().map(|b| normalize(&b.text)).collect();
    v.extend(notes.iter().map(|a| normalize(&format!("{}\n{}\n{}", a.note, a.exact, a.tags.join("\n")))));
    v
}

fn expected(hay: &[String], q: &str) -> usize {
    let terms = pizhu_search::ParsedQuery::parse(q).terms;
    let terms: Vec<String> = terms.iter().map(|t| t.iter().collect()).collect();
    hay.iter().filter(|h| terms.iter().all(|t| h.contains(t.as_str()))).count()
}

fn run_size(n: usize) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let doc = Document::speech();
    let notes = generate(n, &doc);
    {
        let mut store = Store::open(&tmp.path().join(DB_FILE)).expect("store");
        store.ensure_builtin(&doc).expect("speech");
        store.insert_annotations(&notes).expect("bulk insert");
    }
    let t = Instant::now();
    let (lib, report) = Library::open(tmp.path(), &|_| {}).expect("open");
    let rebuild = t.elapsed();
    assert!(report.rebuilt.is_some());
    let index_mb = dir_size(&tmp.path().join(INDEX_DIR)) as f64 / 1e6;
    let db_mb = std::fs::metadata(tmp.path().join(DB_FILE)).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;

    let qs = queries(&doc);
    let hay = haystacks(&doc, &notes);
    let (mut ours, mut misses, mut want_total) = (Vec::new(), 0usize, 0usize);
    for q in &qs {
        let t = Instant::now();
        let r = lib.search(q, 10).expect("search");
        ours.push(t.elapsed());
        let want = expected(&hay, q);
        want_total += want;
        misses += want.abs_diff(r.total as usize);
    }
    let recall = 100.0 * (want_total - misses.min(want_total)) as f64 / want_total.max(1) as f64;

    // FTS5 trigram on the same texts.
    let fts = rusqlite::Connection::open(tmp.path().join("fts.sqlite3")).expect("fts db");
    fts.execute_batch("CREATE VIRTUAL TABLE f USING fts5(body, tokenize = 'trigram');").expect("fts5");
    {
        let tx = fts.unchecked_transaction().expect("tx");
        for b in &doc.blocks {
            tx.execute("INSERT INTO f (body) VALUES (?1)", [&b.text]).expect("insert");
        }
        for a in &notes {
            tx.execute("INSERT INTO f (body) VALUES (?1)", [format!("{}\n{}\n{}", a.note, a.exact, a.tags.join("\n"))])
                .expect("insert");
        }
        tx.commit().expect("commit");
    }
    let (mut theirs, mut fts_found) = (Vec::new(), 0usize);
    for q in &qs {
        let expr: String = pizhu_search::ParsedQuery::parse(q)
            .terms
            .iter()
            .map(|t| format!("\"{}\"", t.iter().collect::<String>().replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        let t = Instant::now();
        let total: i64 = fts.query_row("SELECT count(*) FROM f WHERE f MATCH ?1", [&expr], |r| r.get(0)).unwrap_or(0);
        let mut stmt = fts
            .prepare_cached("SELECT snippet(f, 0, '[', ']', '…', 16) FROM f WHERE f MATCH ?1 ORDER BY rank LIMIT 10")
            .expect("prepare");
        let _top: Vec<String> =
            stmt.query_map([&expr], |r| r.get(0)).map(|rows| rows.flatten().collect()).unwrap_or_default();
        theirs.push(t.elapsed());
        fts_found += (total as usize).min(expected(&hay, q));
    }
    let fts_recall = 100.0 * fts_found as f64 / want_total.max(1) as f64;

    let mut add = Vec::new();
    for i in 0..100 {
        let t = Instant::now();
        let a = lib
            .create_annotation(&NewAnnotation {
                doc_id: "speech".into(),
                start: 10 + i,
                end: 14 + i,
                color: "yellow".into(),
                note: format!("新增批注编号{i}号"),
                tags: vec![],
            })
            .expect("add");
        let r = lib.search(&format!("批注编号{i}号"), 10).expect("search");
        add.push(t.elapsed());
        assert!(r.hits.iter().any(|h| h.note_id.as_deref() == Some(a.id.as_str())), "searchable at once");
    }
    println!(
        "| {n} | {:.3} / {:.3} | {:.3} / {:.3} | {recall:.1}% | {fts_recall:.1}% | {:.1} / {:.1} | {:.2} | {index_mb:.1} | {db_mb:.1} | {:.0} |",
        pct(&mut ours.clone(), 0.5),
        pct(&mut ours, 0.99),
        pct(&mut theirs.clone(), 0.5),
        pct(&mut theirs, 0.99),
        pct(&mut add.clone(), 0.5),
        pct(&mut add, 0.99),
        rebuild.as_secs_f64(),
        peak_rss_mb(),
    );
}

/// Leaves a library of `n` generated notes in `dir` (for the desktop benchmark).
fn make_library(dir: &Path, n: usize) {
    let doc = Document::speech();
    std::fs::create_dir_all(dir).expect("library dir");
    // PIZHU_BENCH_DOCS=K spreads the notes over the speech and K-1 copies of
    // it, as a reader's library of many texts would (default: all on the speech).
    let docs: usize = std::env::var("PIZHU_BENCH_DOCS").ok().and_then(|d| d.parse().ok()).unwrap_or(1).max(1);
    {
        let mut store = Store::open(&dir.join(DB_FILE)).expect("store");
        store.ensure_builtin(&doc).expect("speech");
        for k in 1..docs {
            let copy = Document { id: format!("copy-{k:03}"), title: format!("{} ({k})", doc.title), ..doc.clone() };
            store.add_document(&copy).expect("copy");
        }
        let mut notes = generate(n, &doc);
        for (i, a) in notes.iter_mut().enumerate() {
            if i % docs != 0 {
                a.doc_id = format!("copy-{:03}", i % docs);
            }
        }
        store.insert_annotations(&notes).expect("bulk insert");
    }
    Library::open(dir, &|_| {}).expect("open and index");
    println!("library with {n} notes over {docs} documents in {}", dir.display());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if let Some(dir) = std::env::var_os("PIZHU_BENCH_LIBRARY") {
        let n = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
        make_library(Path::new(&dir), n);
        return;
    }
    if let Some(n) = args.first().and_then(|a| a.parse::<usize>().ok()) {
        if std::env::var_os("PIZHU_BENCH_CHILD").is_some() {
            run_size(n);
            return;
        }
    }
    let sizes: Vec<usize> = match args.first().and_then(|a| a.parse().ok()) {
        Some(n) => vec![n],
        None => vec![10_000, 100_000],
    };
    println!("300 queries (top 10 + total count + snippets); add = create a note then find it; times in ms");
    println!();
    println!("| notes | Pizhu search p50 / p99 | FTS5 trigram p50 / p99 | Pizhu recall | FTS5 recall | add→searchable p50 / p99 | open + full rebuild s | index MB | SQLite MB | peak RSS MB |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let exe = std::env::current_exe().expect("bench binary");
    for n in sizes {
        let status = Command::new(&exe).arg(n.to_string()).env("PIZHU_BENCH_CHILD", "1").status().expect("child");
        assert!(status.success(), "benchmark for {n} notes failed");
    }
}
