//! Exactness of search over the bundled speech: for a query without spaces,
//! every block containing it is found and nothing else.

use pizhu_model::Document;
use pizhu_search::index::Change;
use pizhu_search::normalize::normalize;
use pizhu_search::{HitKind, NoteEntry, PassageEntry, SearchIndex};

fn speech_index() -> (Document, SearchIndex) {
    let doc = Document::speech();
    let ix = SearchIndex::in_ram().expect("index");
    let passages = doc
        .blocks
        .iter()
        .map(|b| PassageEntry {
            doc: doc.id.clone(),
            block: b.index,
            start: b.start,
            text: b.text.clone(),
            section: doc.section_of(b.index).map(|h| h.text.clone()),
            order: u64::from(b.start),
        })
        .collect();
    ix.apply(&[Change::PutPassages(doc.id.clone(), passages)], 1).expect("apply");
    (doc, ix)
}

fn expected(doc: &Document, terms: &[&str]) -> Vec<u32> {
    doc.blocks
        .iter()
        .filter(|b| terms.iter().all(|t| normalize(&b.text).contains(&normalize(t))))
        .map(|b| b.index)
        .collect()
}

fn found(ix: &SearchIndex, q: &str) -> (Vec<u32>, u32) {
    let r = ix.search(q, 1000).expect("search");
    let mut blocks: Vec<u32> = r.hits.iter().map(|h| h.block).collect();
    blocks.sort_unstable();
    (blocks, r.total)
}

#[test]
fn every_substring_up_to_six_characters_is_found_exactly() {
    let (doc, ix) = speech_index();
    let text: Vec<char> = doc.text().chars().collect();
    let mut checked = 0;
    for len in 1..=6 {
        // Every start for short queries, a stride for longer ones: ~6,000 queries.
        let step = if len <= 2 { 1 } else { 3 };
        for start in (0..text.len().saturating_sub(len)).step_by(step) {
            let q: String = text[start..start + len].iter().collect();
            // Spaces separate terms and quotation marks quote: syntax, not text.
            if q.chars().any(|c| c.is_whitespace() || "\"“”「」『』".contains(c)) {
                continue;
            }
            let want = expected(&doc, &[&q]);
            let (got, total) = found(&ix, &q);
            assert_eq!(got, want, "query {q:?}");
            assert_eq!(total as usize, want.len(), "total for {q:?}");
            checked += 1;
        }
    }
    assert!(checked > 3000);
}

#[test]
fn cross_word_substrings_that_segmenters_miss() {
    let (doc, ix) = speech_index();
    for q in ["史学", "整顿工", "党", "习教", "育和政"] {
        let want = expected(&doc, &[q]);
        assert!(!want.is_empty(), "{q} occurs in the speech");
        assert_eq!(found(&ix, q).0, want, "query {q:?}");
    }
    assert_eq!(found(&ix, "党").0.len(), 16);
    assert_eq!(found(&ix, "史学").0.len(), 10);
}

#[test]
fn full_width_punctuation_matches_ascii() {
    let (doc, ix) = speech_index();
    // The speech writes "第一," with an ASCII comma.
    assert_eq!(found(&ix, "第一，深入").0, expected(&doc, &["第一,深入"]));
    assert_eq!(found(&ix, "第一，深入").0, vec![3]);
    assert_eq!(found(&ix, "“两个一百年”").0, expected(&doc, &["“两个一百年”"]));
}

#[test]
fn terms_are_anded_and_quotes_are_phrases() {
    let (doc, ix) = speech_index();
    assert_eq!(found(&ix, "党史 政法").0, expected(&doc, &["党史", "政法"]));
    assert_eq!(found(&ix, "党史 不存在的词").0, Vec::<u32>::new());
    // The subtitle has a space between its two halves.
    assert_eq!(found(&ix, "\"学习教育 全力打造\"").0, vec![0]);
    assert_eq!(found(&ix, "\"教育 全力\"").0, vec![0]);
    assert_eq!(found(&ix, "\"教育全力\"").0, Vec::<u32>::new());
}

#[test]
fn an_unclosed_quote_is_a_phrase_to_the_end_of_the_query() {
    let (doc, ix) = speech_index();
    let want = expected(&doc, &["政法队伍"]);
    assert!(!want.is_empty());
    assert_eq!(found(&ix, "\"政法队伍").0, want, "typing a phrase finds it before the closing quote");
    assert_eq!(found(&ix, "\"教育 全力").0, vec![0], "the open phrase keeps its space");
}

#[test]
fn chinese_quotation_marks_are_phrase_marks() {
    let (doc, ix) = speech_index();
    let want = expected(&doc, &["政法队伍教育"]);
    assert!(!want.is_empty());
    assert_eq!(found(&ix, "“政法队伍教育”").0, want);
    assert_eq!(found(&ix, "「政法队伍教育」").0, want);
    assert_eq!(found(&ix, "“学习教育 全力打造”").0, vec![0]);
}

#[test]
fn broken_syntax_never_fails() {
    let (_, ix) = speech_index();
    for q in ["\"党史", "(党史", "党史)", "AND", "OR 党", "*", "党*", ":", "党:史", "-", "+党", "\\", "~2", "[", "^"]
    {
        let r = ix.search(q, 10).expect("never an error");
        // Only literal occurrences can match.
        for h in &r.hits {
            assert!(!h.highlights.is_empty(), "{q:?} hit without a highlight");
        }
    }
    assert_eq!(found(&ix, "党*").0, Vec::<u32>::new());
    assert!(ix.search("", 10).expect("empty").hits.is_empty());
    assert!(ix.search("   ", 10).expect("blank").hits.is_empty());
}

#[test]
fn highlights_point_at_the_query_in_code_points() {
    let (doc, ix) = speech_index();
    let text: Vec<char> = doc.text().chars().collect();
    let r = ix.search("整顿", 50).expect("search");
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        assert_eq!(text[h.start as usize..h.end as usize].iter().collect::<String>(), "整顿");
        let snip: Vec<char> = h.snippet.chars().collect();
        for &(s, e) in &h.highlights {
            assert_eq!(snip[s as usize..e as usize].iter().collect::<String>(), "整顿");
        }
        assert_eq!(h.kind, HitKind::Passage);
    }
}

#[test]
fn notes_are_searchable_by_body_quote_and_tag_and_astral_text() {
    let (_, ix) = speech_index();
    let note = NoteEntry {
        id: "n1".into(),
        doc: "speech".into(),
        block: 3,
        start: 100,
        end: 104,
        note: "读后感😀𠀀:要联系实际".into(),
        exact: "关键节点".into(),
        tags: vec!["心得".into()],
        section: None,
        order: 100,
    };
    ix.apply(&[Change::PutNote(note.clone())], 2).expect("add");
    for q in ["联系实际", "😀𠀀", "心得", "关键节点"] {
        let r = ix.search(q, 100).expect("search");
        let notes: Vec<_> = r.hits.iter().filter(|h| h.kind == HitKind::Note).collect();
        assert_eq!(notes.len(), 1, "{q}");
        assert_eq!(notes[0].note_id.as_deref(), Some("n1"));
    }
    let r = ix.search("𠀀:要", 10).expect("search");
    let h = &r.hits[0];
    let snip: Vec<char> = h.snippet.chars().collect();
    assert_eq!(snip[h.highlights[0].0 as usize..h.highlights[0].1 as usize].iter().collect::<String>(), "𠀀:要");
    // Note text and tags do not run together.
    assert!(ix.search("实际关键", 10).expect("search").hits.is_empty());
    ix.apply(&[Change::RemoveNote("n1".into())], 3).expect("remove");
    let r = ix.search("读后感", 10).expect("search");
    assert_eq!(r.total, 0, "a removed note is gone");
    assert_eq!(ix.generation(), Some(3));
}

#[test]
fn ties_come_in_document_order() {
    let (_, ix) = speech_index();
    let mk = |id: &str, order: u64| NoteEntry {
        id: id.into(),
        doc: "speech".into(),
        block: 1,
        start: order as u32,
        end: order as u32 + 1,
        note: "同一句话".into(),
        exact: String::new(),
        tags: vec![],
        section: None,
        order,
    };
    ix.apply(&[Change::PutNote(mk("c", 30)), Change::PutNote(mk("a", 10))], 2).expect("add");
    ix.apply(&[Change::PutNote(mk("b", 20))], 3).expect("add");
    let r = ix.search("同一句话", 10).expect("search");
    let ids: Vec<_> = r.hits.iter().filter_map(|h| h.note_id.clone()).collect();
    assert_eq!(ids, vec!["a", "b", "c"]);
}
