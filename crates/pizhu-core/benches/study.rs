//! Studying benchmark: the review queue over 10,000 cards (all new, then all
//! reviewed and due), rating a card, coverage of a document with 10,000
//! notes, and saving a 5,000-character essay — on a real library in a
//! temporary directory. Prints a Markdown table.
//!
//! `cargo bench -p pizhu-core --bench study`

use std::time::{Duration, Instant};

use pizhu_core::model::{Document, EssayPatch, NewAnnotation, Rating, ReadingSpan};
use pizhu_core::{Library, DB_FILE};
use time::OffsetDateTime;

const CARDS: usize = 10_000;

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.99))
}

fn time<T>(runs: usize, mut f: impl FnMut(usize) -> T) -> (f64, f64) {
    let samples = (0..runs)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(f(i));
            t.elapsed()
        })
        .collect();
    percentiles(samples)
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lib, _) = Library::open(dir.path(), &|_| {}).expect("open");
    let doc = Document::speech();
    let len = doc.len();
    let inputs: Vec<NewAnnotation> = (0..CARDS as u32)
        .map(|i| {
            let start = (i * 37) % (len - 12);
            NewAnnotation {
                doc_id: doc.id.clone(),
                start,
                end: start + 4 + i % 6,
                color: "green".into(),
                note: String::new(),
                tags: vec![],
            }
        })
        .collect();
    let t = Instant::now();
    lib.add_annotations(&inputs).expect("add");
    eprintln!("{CARDS} green highlights added in {:.1} s", t.elapsed().as_secs_f64());

    let now = OffsetDateTime::now_utc();
    let mut rows = Vec::new();
    let (p50, p99) = time(50, |_| lib.review_queue_at(50, now).expect("queue"));
    rows.push(("due queue, 10,000 new cards (counts + 50 cards)", p50, p99));

    // Every card reviewed once a day ago and due now.
    {
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("sqlite");
        let stamp = |t: OffsetDateTime| pizhu_store::stamp(t);
        conn.execute(
            "INSERT INTO cards (annotation_id, state, stability, difficulty, due, last_review, reps)
             SELECT id, 'review', 2.3, 5.0, ?1, ?2, 1 FROM annotations",
            [stamp(now - time::Duration::hours(1)), stamp(now - time::Duration::days(1))],
        )
        .expect("cards");
    }
    let (p50, p99) = time(50, |_| lib.review_queue_at(50, now).expect("queue"));
    rows.push(("due queue, 10,000 due cards (counts + 50 cards)", p50, p99));
    {
        // Where that time goes: the two queries alone.
        let store = pizhu_store::Store::open(&dir.path().join(DB_FILE)).expect("store");
        let (t, d) = (pizhu_store::stamp(now), pizhu_store::stamp(now - time::Duration::hours(8)));
        let (p50, p99) = time(50, |_| store.review_counts(&t, &d).expect("counts"));
        rows.push(("  of which: counts (SQL)", p50, p99));
        let (p50, p99) = time(50, |_| store.due_cards(&t, 50).expect("due"));
        rows.push(("  of which: 50 due cards (SQL)", p50, p99));
    }
    let q = lib.review_queue_at(200, now).expect("queue");
    assert_eq!(q.due as usize, CARDS);
    let ratings = [Rating::Good, Rating::Hard, Rating::Easy, Rating::Again];
    let (p50, p99) = time(200, |i| lib.rate_card_at(&q.cards[i].card, ratings[i % 4], now).expect("rate"));
    rows.push(("rate a card (SQLite commit)", p50, p99));
    let (p50, p99) = time(100, |i| lib.rate_card(&q.cards[i + 100].card, Rating::Good, 50).expect("rate"));
    rows.push(("rate a card and get the next queue (the app's call)", p50, p99));

    let spans: Vec<ReadingSpan> = (0..20).map(|block| ReadingSpan { block, seconds: 10.0 }).collect();
    let (p50, p99) = time(50, |_| lib.record_reading("speech", &spans).expect("reading"));
    rows.push(("record 10 s of reading (20 blocks)", p50, p99));
    let (p50, p99) = time(50, |_| lib.coverage("speech").expect("coverage"));
    rows.push(("coverage of the speech with 10,000 notes", p50, p99));

    let essay = lib.create_essay(Some("speech"), "心得体会").expect("essay");
    let base: String = doc.text().chars().filter(|c| *c != '\n').take(5_000).collect();
    let (p50, p99) = time(50, |i| {
        let body = format!("{base}{i}");
        lib.update_essay(&essay.id, &EssayPatch { body: Some(body), ..Default::default() }).expect("save")
    });
    rows.push(("autosave a 5,000-character essay (SQLite + index)", p50, p99));

    println!("| operation | p50 ms | p99 ms |");
    println!("|---|---|---|");
    for (name, p50, p99) in rows {
        println!("| {name} | {p50:.2} | {p99:.2} |");
    }
}
