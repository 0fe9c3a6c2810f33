//! Studying on a real library: review cards scheduled by FSRS, reading
//! progress, essays in the index, and `pizhu review`.

use std::path::Path;

use pizhu_core::model::{Blank, CardState, EssayPatch, Rating, ReadingSpan, TestAnswer};
use pizhu_core::{ErrorCode, HitKind, Library, INDEX_DIR};
use time::{Duration, OffsetDateTime};

use crate::util::{fails, ok, tempdir};

fn open(dir: &Path) -> Library {
    Library::open(dir, &|_| {}).expect("open library").0
}

fn green(lib: &Library, quote: &str) -> String {
    lib.highlight_quote("speech", quote, 1, "green", "", &[]).expect("highlight").id
}

fn at(t: &str) -> OffsetDateTime {
    OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).expect("a time")
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-4
}

#[test]
fn first_ratings_follow_the_fsrs_reference_values() {
    let dir = tempdir();
    let lib = open(dir.path());
    let ids: Vec<String> = ["可歌可泣", "砥砺品格", "波澜壮阔", "以史鉴今"].iter().map(|q| green(&lib, q)).collect();
    let now = OffsetDateTime::now_utc();
    let q = lib.review_queue_at(50, now).unwrap();
    assert_eq!((q.total, q.new, q.due, q.done_today), (4, 4, 0, 0));
    assert_eq!(q.cards.len(), 4);
    // Published FSRS-6 defaults for a new card: (stability, difficulty, days until due).
    let expected = [
        (Rating::Again, 0.212, 6.4133, Duration::minutes(10)),
        (Rating::Hard, 1.2931, 5.112_170_7, Duration::days(1)),
        (Rating::Good, 2.3065, 2.118_104, Duration::days(2)),
        (Rating::Easy, 8.2956, 1.0, Duration::days(8)),
    ];
    for (id, (rating, stability, difficulty, wait)) in ids.iter().zip(expected) {
        let card = lib.rate_card_at(id, rating, now).unwrap();
        assert!(close(card.stability, stability), "{rating:?}: stability {}", card.stability);
        assert!(close(card.difficulty, difficulty), "{rating:?}: difficulty {}", card.difficulty);
        let due = at(card.due.as_deref().unwrap());
        assert!((due - (now + wait)).abs() < Duration::milliseconds(2), "{rating:?}: due {due}");
        assert_eq!(card.reps, 1);
        assert_eq!(card.state, if rating == Rating::Again { CardState::Relearning } else { CardState::Review });
    }
    let q = lib.review_queue_at(50, now).unwrap();
    assert_eq!((q.new, q.due, q.done_today), (0, 0, 4));
    // Ten minutes on, the forgotten card is due; a day on, the hard one too.
    let q = lib.review_queue_at(50, now + Duration::minutes(11)).unwrap();
    assert_eq!(q.cards.iter().map(|c| c.card.as_str()).collect::<Vec<_>>(), [ids[0].as_str()]);
    let q = lib.review_queue_at(50, now + Duration::hours(25)).unwrap();
    assert_eq!(q.due, 2);
    assert_eq!(q.cards[0].card, ids[0], "oldest due first");
}

#[test]
fn a_remembered_card_waits_longer_and_a_lapse_is_counted() {
    let dir = tempdir();
    let lib = open(dir.path());
    let id = green(&lib, "可歌可泣");
    let t0 = at("2026-03-01T08:00:00Z");
    let first = lib.rate_card_at(&id, Rating::Good, t0).unwrap();
    let t1 = at(first.due.as_deref().unwrap());
    let second = lib.rate_card_at(&id, Rating::Good, t1).unwrap();
    assert!(second.stability > first.stability * 2.0, "stability grows: {} → {}", first.stability, second.stability);
    let gap = at(second.due.as_deref().unwrap()) - t1;
    assert!(gap > Duration::days(4), "the second interval ({gap}) is longer than the first");
    // The buttons offer strictly longer waits for better grades.
    let minutes: Vec<u32> = second.intervals.iter().map(|p| p.minutes).collect();
    assert!(minutes.windows(2).all(|w| w[0] < w[1]), "{minutes:?}");
    let t2 = at(second.due.as_deref().unwrap());
    let lapsed = lib.rate_card_at(&id, Rating::Again, t2).unwrap();
    assert_eq!((lapsed.lapses, lapsed.reps, lapsed.state), (1, 3, CardState::Relearning));
    assert!(lapsed.stability < second.stability);
    // The history survives a restart.
    drop(lib);
    let lib = open(dir.path());
    let card = lib.review_cards(None).unwrap().remove(0);
    assert_eq!((card.reps, card.lapses), (3, 1));
}

#[test]
fn new_cards_a_day_are_limited() {
    let dir = tempdir();
    let lib = open(dir.path());
    for q in ["可歌可泣", "砥砺品格", "波澜壮阔", "以史鉴今"] {
        green(&lib, q);
    }
    lib.set_setting("review_new_per_day", "2").unwrap();
    let now = OffsetDateTime::now_utc();
    let q = lib.review_queue_at(50, now).unwrap();
    assert_eq!((q.new, q.cards.len()), (2, 2));
    lib.rate_card_at(&q.cards[0].card, Rating::Good, now).unwrap();
    let q = lib.review_queue_at(50, now).unwrap();
    assert_eq!((q.new, q.cards.len(), q.done_today), (1, 1, 1));
}

#[test]
fn cards_follow_the_colour_until_the_reader_switches_them() {
    let dir = tempdir();
    let lib = open(dir.path());
    let g = green(&lib, "可歌可泣");
    let y = lib.highlight_quote("speech", "砥砺品格", 1, "yellow", "", &[]).unwrap().id;
    let ids = |lib: &Library| lib.review_cards(None).unwrap().into_iter().map(|c| c.card).collect::<Vec<_>>();
    assert_eq!(ids(&lib), [g.as_str()]);
    let card = lib.set_card(&y, true).unwrap().expect("switched on");
    assert!(card.prompt.contains("＿＿＿＿") && !card.prompt.contains("砥砺品格"), "{}", card.prompt);
    assert_eq!(card.answer, "砥砺品格");
    assert!(lib.set_card(&g, false).unwrap().is_none());
    assert_eq!(ids(&lib), [y.as_str()]);
    // A deleted highlight's card leaves the queue; restoring brings it back.
    lib.delete_annotation(&y).unwrap();
    assert!(ids(&lib).is_empty());
    lib.restore_annotation(&y).unwrap();
    assert_eq!(ids(&lib), [y.as_str()]);
    let err = lib.rate_card_at(&g, Rating::Good, OffsetDateTime::now_utc()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn the_reader_chooses_which_words_a_card_hides() {
    let dir = tempdir();
    let lib = open(dir.path());
    let id = green(&lib, "可歌可泣");
    let card = lib.review_cards(None).unwrap().remove(0);
    let chars: Vec<char> = card.sentence.chars().collect();
    let pos = card.sentence.find("可歌").map(|b| card.sentence[..b].chars().count() as u32).unwrap();
    let card = lib.set_card_blanks(&id, &[Blank { start: pos, end: pos + 2 }]).unwrap();
    assert!(card.custom);
    assert_eq!(card.answer, "可歌");
    assert!(card.prompt.contains("＿＿可泣"), "{}", card.prompt);
    let too_far = Blank { start: 0, end: chars.len() as u32 + 1 };
    assert_eq!(lib.set_card_blanks(&id, &[too_far]).unwrap_err().code(), ErrorCode::Invalid);
    let card = lib.set_card_blanks(&id, &[]).unwrap();
    assert_eq!((card.custom, card.answer.as_str()), (false, "可歌可泣"));
}

#[test]
fn a_self_test_is_marked_by_the_hidden_words() {
    let dir = tempdir();
    let lib = open(dir.path());
    let a = green(&lib, "可歌可泣");
    let b = green(&lib, "砥砺品格");
    let cards = lib.self_test(10, Some("speech")).unwrap();
    assert_eq!(cards.len(), 2);
    let result = lib
        .grade_test(&[
            TestAnswer { card: a.clone(), answers: vec![" 可歌可泣。".into()] },
            TestAnswer { card: b.clone(), answers: vec!["自我批评".into()] },
        ])
        .unwrap();
    assert_eq!((result.right, result.total), (1, 2));
    assert_eq!(result.items[0].right, [true]);
    assert_eq!(result.items[1].expected, ["砥砺品格"]);
}

#[test]
fn coverage_after_a_scripted_reading() {
    let dir = tempdir();
    let doc = {
        let lib = open(dir.path());
        let doc = lib.document("speech").unwrap();
        let headings: Vec<u32> =
            doc.blocks.iter().filter(|b| b.kind == pizhu_core::model::BlockKind::Heading).map(|b| b.index).collect();
        assert!(headings.len() >= 2, "the speech has sections");
        // Read the first section closely, in three reports; glance at the next.
        let first: Vec<u32> = (headings[0] + 1..headings[1]).collect();
        for _ in 0..3 {
            let spans: Vec<ReadingSpan> = first.iter().map(|&block| ReadingSpan { block, seconds: 8.0 }).collect();
            lib.record_reading("speech", &spans).unwrap();
        }
        lib.record_reading("speech", &[ReadingSpan { block: headings[1] + 1, seconds: 0.5 }]).unwrap();
        lib.highlight_quote(
            "speech",
            &doc.blocks[first[0] as usize].text.chars().take(6).collect::<String>(),
            1,
            "yellow",
            "",
            &[],
        )
        .unwrap();
        doc
    };
    let lib = open(dir.path()); // progress is kept
    let c = lib.coverage("speech").unwrap();
    let section =
        c.sections.iter().find(|s| s.title == doc.blocks[c.sections[1].heading.unwrap() as usize].text).unwrap();
    assert_eq!(section.read, section.paragraphs, "every paragraph of the first section is read");
    assert_eq!(section.marked, 1);
    assert_eq!(section.unmarked.len() as u32, section.paragraphs - 1);
    assert_eq!(section.seconds, section.paragraphs * 24);
    assert_eq!(c.sections[2].read, 0, "a glance is not reading");
    assert_eq!(c.read, section.paragraphs);
    assert!(c.read < c.paragraphs);
    let err = lib.record_reading("nope", &[]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn essays_are_searched_under_their_own_kind_and_survive_a_rebuild() {
    let dir = tempdir();
    let id = {
        let lib = open(dir.path());
        let a = green(&lib, "可歌可泣");
        let e = lib.create_essay(Some("speech"), "学习心得").unwrap();
        let quote = lib.essay_quote(&a).unwrap();
        assert!(quote.starts_with("> 可歌可泣\n>\n> ——《"), "{quote}");
        let body = format!("读后深受触动，锤炼品格。\n\n{quote}\n\n**坚定信念**。");
        let e = lib
            .update_essay(&e.id, &EssayPatch { body: Some(body), target: Some(1500), ..Default::default() })
            .unwrap();
        assert_eq!(e.target, 1500);
        assert!(e.chars > 20);
        let hits = lib.search("锤炼品格", 10).unwrap().hits;
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].kind, hits[0].essay_id.as_deref()), (HitKind::Essay, Some(e.id.as_str())));
        lib.delete_essay(&e.id).unwrap();
        assert!(lib.search("锤炼品格", 10).unwrap().hits.is_empty());
        assert!(lib.essays(None).unwrap().is_empty());
        lib.restore_essay(&e.id).unwrap();
        e.id
    };
    std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).unwrap();
    let lib = open(dir.path());
    let hits = lib.search("锤炼品格", 10).unwrap().hits;
    assert_eq!(hits.iter().filter_map(|h| h.essay_id.clone()).collect::<Vec<_>>(), [id]);
    assert_eq!(lib.create_essay(None, "  ").unwrap_err().code(), ErrorCode::Invalid);
}

#[test]
fn review_on_the_command_line() {
    let dir = tempdir();
    ok(dir.path(), &["highlight", "speech", "--quote", "可歌可泣", "--color", "green"]);
    let lines: Vec<serde_json::Value> =
        ok(dir.path(), &["review", "--json"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    for key in ["card", "annotation_id", "prompt", "answer", "due"] {
        assert!(lines[0].get(key).is_some(), "{key} in {}", lines[0]);
    }
    assert_eq!(lines[0]["answer"], "可歌可泣");
    let card = lines[0]["card"].as_str().unwrap().to_owned();
    let rated: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["review", &card, "--rate", "good", "--json"])).unwrap();
    let due = at(rated["due"].as_str().unwrap());
    let wait = due - OffsetDateTime::now_utc();
    assert!(wait > Duration::hours(47) && wait <= Duration::days(2), "due in {wait}");
    assert!(ok(dir.path(), &["review", "--json"]).trim().is_empty(), "nothing else due today");
    assert!(fails(dir.path(), &["review", &card, "--rate", "perfect"]).contains("again, hard, good or easy"));
    assert!(fails(dir.path(), &["review", "no-such-card", "--rate", "good"]).contains("not a review card"));
}

#[test]
fn a_restore_brings_back_essays_review_history_and_reading() {
    let (a, b) = (tempdir(), tempdir());
    let zip = a.path().join("backup.zip");
    let (card, essay) = {
        let lib = open(a.path());
        let card = green(&lib, "可歌可泣");
        lib.rate_card_at(&card, Rating::Good, OffsetDateTime::now_utc()).unwrap();
        let e = lib.create_essay(Some("speech"), "心得").unwrap();
        lib.update_essay(&e.id, &EssayPatch { body: Some("锤炼品格的心得".into()), ..Default::default() }).unwrap();
        lib.record_reading("speech", &[ReadingSpan { block: 2, seconds: 30.0 }]).unwrap();
        lib.backup(&zip).unwrap();
        (card, e.id)
    };
    let lib = open(b.path());
    let report = lib.restore(&zip).unwrap();
    assert_eq!((report.inserted, report.essays), (1, 1));
    let restored = lib.review_cards(None).unwrap().remove(0);
    assert_eq!((restored.card.as_str(), restored.reps, restored.state), (card.as_str(), 1, CardState::Review));
    assert_eq!(lib.essay(&essay).unwrap().body, "锤炼品格的心得");
    assert_eq!(lib.search("锤炼品格", 10).unwrap().hits[0].essay_id.as_deref(), Some(essay.as_str()));
    assert!(lib.coverage("speech").unwrap().read_blocks.contains(&2));
    // Merging the same backup again changes nothing and counts nothing twice.
    assert!(!lib.restore(&zip).unwrap().changed);
    let secs = lib.coverage("speech").unwrap().seconds;
    assert_eq!(secs, 30);
}

#[test]
fn an_essay_with_two_quotes_exports_from_the_command_line() {
    let dir = tempdir();
    let id = {
        let lib = open(dir.path());
        let a = green(&lib, "可歌可泣");
        let b = green(&lib, "砥砺品格");
        let e = lib.create_essay(Some("speech"), "学习党史心得").unwrap();
        let body = format!(
            "党史是**最好的教科书**。\n\n{}\n\n{}\n\n我们要学史明理。",
            lib.essay_quote(&a).unwrap(),
            lib.essay_quote(&b).unwrap()
        );
        lib.update_essay(&e.id, &EssayPatch { body: Some(body), ..Default::default() }).unwrap();
        e.id
    };
    let listed = ok(dir.path(), &["essays"]);
    assert!(listed.contains("学习党史心得"), "{listed}");
    let md = dir.path().join("essay.md");
    ok(
        dir.path(),
        &[
            "export",
            "--essay",
            &id,
            "--format",
            "md",
            "--reader",
            "张三",
            "--unit",
            "一支部",
            "-o",
            md.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&md).unwrap();
    for want in ["# 学习党史心得", "张三", "一支部", "> 可歌可泣", "> 砥砺品格", "**最好的教科书**", "全文共"]
    {
        assert!(text.contains(want), "{want} in {text}");
    }
    let docx = dir.path().join("essay.docx");
    ok(dir.path(), &["export", "--essay", &id, "--format", "docx", "-o", docx.to_str().unwrap()]);
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"), "a Word file is a zip");
    assert!(fails(dir.path(), &["export", "--essay", &id, "--format", "w3c", "-o", "x.jsonld"]).contains("docx or md"));
    assert!(fails(dir.path(), &["export", "--essay", "nope", "--format", "md", "-o", "x.md"]).contains("no essay"));
}
