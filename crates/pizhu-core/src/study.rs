//! Studying: review cards scheduled with FSRS, reading progress (学习进度)
//! and essays (心得体会), on top of the store.
//!
//! Scheduling uses the `fsrs` crate (the reference implementation of FSRS,
//! by its authors) with its default parameters: no training is needed, and
//! the first intervals are the published ones (a new card rated 良好 is
//! next due in 2 days, 简单 in 8). A forgotten card comes back after ten
//! minutes, within the same session.

use std::collections::HashSet;
use std::sync::Arc;

use fsrs::{MemoryState, NextStates, FSRS};
use pizhu_model::review::answer_matches;
use pizhu_model::{
    coverage, Blank, CardState, Cloze, Coverage, Document, Essay, EssayPatch, Rating, RatingPreview, ReadingSpan,
    ReviewCard, ReviewOutcome, ReviewQueue, TestAnswer, TestItem, TestResult,
};
use pizhu_search::index::Change;
use pizhu_store::{stamp, CardRow, CardSchedule, Store};
use time::{Duration, OffsetDateTime};

use crate::library::{essay_entry, lock};
use crate::{CoreError, Library};

type Result<T> = std::result::Result<T, CoreError>;

/// Probability of recall the schedule aims for when a card comes due.
pub const DESIRED_RETENTION: f32 = 0.9;
/// New cards offered a day unless the setting `review_new_per_day` says otherwise.
pub const NEW_PER_DAY: u32 = 20;
/// A forgotten card is due again after this many minutes.
pub const RELEARN_MINUTES: u32 = 10;
/// Longest interval, days.
const MAX_DAYS: u32 = 36_500;
/// The reader whose progress this library records (one per library until
/// study groups add others).
pub const LOCAL_READER: &str = "local";

fn scheduler() -> Result<FSRS> {
    FSRS::new(&[]).map_err(|e| CoreError::Schedule(e.to_string()))
}

/// Minutes until due after each grade, from FSRS's next states: whole days
/// for 困难/良好/简单, each longer than the one before, ten minutes for 重来.
fn minutes(next: &NextStates) -> [u32; 4] {
    let days = |x: f32| x.round().clamp(1.0, MAX_DAYS as f32) as u32;
    let hard = days(next.hard.interval);
    let good = days(next.good.interval).max(hard + 1);
    let easy = days(next.easy.interval).max(good + 1);
    [RELEARN_MINUTES, hard * 1440, good * 1440, easy * 1440]
}

fn parse(t: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
}

/// Whole days since the last review (FSRS counts days).
fn elapsed_days(s: &CardSchedule, now: OffsetDateTime) -> f32 {
    s.last_review.as_deref().and_then(parse).map_or(0.0, |last| ((now - last).as_seconds_f32() / 86_400.0).max(0.0))
}

fn memory(s: &CardSchedule) -> Option<MemoryState> {
    (s.state != CardState::New).then_some(MemoryState { stability: s.stability, difficulty: s.difficulty })
}

/// The schedule after rating a card `rating` at `now`.
fn schedule(fsrs: &FSRS, s: &CardSchedule, rating: Rating, now: OffsetDateTime) -> Result<CardSchedule> {
    let next = fsrs
        .next_states(memory(s), DESIRED_RETENTION, elapsed_days(s, now).floor() as u32)
        .map_err(|e| CoreError::Schedule(e.to_string()))?;
    let item = match rating {
        Rating::Again => &next.again,
        Rating::Hard => &next.hard,
        Rating::Good => &next.good,
        Rating::Easy => &next.easy,
    };
    let wait = minutes(&next)[usize::from(rating.number() - 1)];
    Ok(CardSchedule {
        state: if rating == Rating::Again { CardState::Relearning } else { CardState::Review },
        stability: item.memory.stability,
        difficulty: item.memory.difficulty,
        due: Some(stamp(now + Duration::minutes(i64::from(wait)))),
        last_review: Some(stamp(now)),
        reps: s.reps + 1,
        lapses: s.lapses + u32::from(rating == Rating::Again && s.state == CardState::Review),
    })
}

/// The start of the local calendar day containing `now` (the daily limit of
/// new cards resets at local midnight).
fn day_start(now: OffsetDateTime) -> OffsetDateTime {
    use chrono::{Offset, TimeZone};
    let offset = chrono::DateTime::from_timestamp(now.unix_timestamp(), 0)
        .map_or(0, |utc| chrono::Local.offset_from_utc_datetime(&utc.naive_utc()).fix().local_minus_utc());
    let local = now.unix_timestamp() + i64::from(offset);
    now - Duration::seconds(local.rem_euclid(86_400)) - Duration::nanoseconds(i64::from(now.nanosecond()))
}

impl Library {
    // ---- review ----

    /// A card's cloze on its document as it is now (`None`: the highlight is off the text).
    fn cloze(&self, store: &Store, row: &CardRow) -> Result<Option<(Arc<Document>, Cloze)>> {
        let doc = self.document_in(store, &row.doc_id)?;
        Ok(Cloze::build(&doc, row.start, row.end, &row.hide).map(|c| (doc, c)))
    }

    fn card_view(&self, store: &Store, row: &CardRow, fsrs: &FSRS, now: OffsetDateTime) -> Result<Option<ReviewCard>> {
        let Some((doc, cloze)) = self.cloze(store, row)? else { return Ok(None) };
        let s = &row.schedule;
        let next = fsrs
            .next_states(memory(s), DESIRED_RETENTION, elapsed_days(s, now).floor() as u32)
            .map_err(|e| CoreError::Schedule(e.to_string()))?;
        let waits = minutes(&next);
        let section = doc.block_at(cloze.start).and_then(|b| doc.section_label(b.index));
        Ok(Some(ReviewCard {
            card: row.annotation_id.clone(),
            annotation_id: row.annotation_id.clone(),
            doc_id: row.doc_id.clone(),
            doc_title: doc.title.clone(),
            section,
            color: row.color.clone(),
            prompt: cloze.prompt(),
            answer: cloze.answers().join(" / "),
            sentence: cloze.sentence.clone(),
            sentence_start: cloze.start,
            blanks: cloze.blanks.clone(),
            custom: !row.hide.is_empty(),
            state: s.state,
            due: s.due.clone(),
            reps: s.reps,
            lapses: s.lapses,
            stability: s.stability,
            difficulty: s.difficulty,
            intervals: Rating::ALL
                .iter()
                .zip(waits)
                .map(|(&rating, minutes)| RatingPreview { rating, minutes })
                .collect(),
        }))
    }

    fn cards_view(&self, store: &Store, rows: &[CardRow], now: OffsetDateTime) -> Result<Vec<ReviewCard>> {
        let fsrs = scheduler()?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.extend(self.card_view(store, row, &fsrs, now)?);
        }
        Ok(out)
    }

    fn new_per_day(store: &Store) -> Result<u32> {
        Ok(store.setting("review_new_per_day")?.and_then(|v| v.parse().ok()).unwrap_or(NEW_PER_DAY))
    }

    /// Today's queue at `now`: counts, and up to `limit` cards — due ones
    /// (oldest first), then new ones within the daily limit in reading order.
    pub fn review_queue_at(&self, limit: u32, now: OffsetDateTime) -> Result<ReviewQueue> {
        let store = lock(&self.store);
        let counts = store.review_counts(&stamp(now), &stamp(day_start(now)))?;
        let new_left = Self::new_per_day(&store)?.saturating_sub(counts.new_today).min(counts.new);
        let mut rows = store.due_cards(&stamp(now), limit)?;
        let room = limit.saturating_sub(rows.len() as u32).min(new_left);
        if room > 0 {
            rows.extend(store.new_cards(room)?);
        }
        Ok(ReviewQueue {
            due: counts.due,
            new: new_left,
            total: counts.total,
            done_today: counts.done_today,
            cards: self.cards_view(&store, &rows, now)?,
        })
    }

    /// Today's queue now.
    pub fn review_queue(&self, limit: u32) -> Result<ReviewQueue> {
        self.review_queue_at(limit, OffsetDateTime::now_utc())
    }

    /// Records a review of `card` at `now`; returns the card as rescheduled.
    pub fn rate_card_at(&self, card: &str, rating: Rating, now: OffsetDateTime) -> Result<ReviewCard> {
        let fsrs = scheduler()?;
        let mut store = lock(&self.store);
        let row = store.card(card)?.ok_or_else(|| CoreError::NotACard(card.to_owned()))?;
        let next = schedule(&fsrs, &row.schedule, rating, now)?;
        let elapsed = elapsed_days(&row.schedule, now);
        store.record_review(
            card,
            LOCAL_READER,
            rating.number(),
            elapsed,
            &next,
            row.schedule.state == CardState::New,
        )?;
        let row = CardRow { schedule: next, ..row };
        self.card_view(&store, &row, &fsrs, now)?.ok_or_else(|| CoreError::NotACard(card.to_owned()))
    }

    /// Records a review now and returns the card with the queue after it.
    pub fn rate_card(&self, card: &str, rating: Rating, limit: u32) -> Result<ReviewOutcome> {
        let now = OffsetDateTime::now_utc();
        let card = self.rate_card_at(card, rating, now)?;
        Ok(ReviewOutcome { card, queue: self.review_queue_at(limit, now)? })
    }

    /// Switches a highlight's card on or off; returns it when on.
    pub fn set_card(&self, annotation_id: &str, enabled: bool) -> Result<Option<ReviewCard>> {
        let mut store = lock(&self.store);
        crate::library::mine(&store, annotation_id)?;
        store.set_card_enabled(annotation_id, Some(enabled))?;
        let Some(row) = store.card(annotation_id)? else { return Ok(None) };
        self.card_view(&store, &row, &scheduler()?, OffsetDateTime::now_utc())
    }

    /// Chooses the words a card hides, as ranges of its sentence (empty:
    /// the highlight again).
    pub fn set_card_blanks(&self, card: &str, blanks: &[Blank]) -> Result<ReviewCard> {
        let now = OffsetDateTime::now_utc();
        let fsrs = scheduler()?;
        let mut store = lock(&self.store);
        let row = store.card(card)?.ok_or_else(|| CoreError::NotACard(card.to_owned()))?;
        let current = self.card_view(&store, &row, &fsrs, now)?.ok_or_else(|| CoreError::NotACard(card.to_owned()))?;
        let len = current.sentence.chars().count() as u32;
        let mut hide = Vec::with_capacity(blanks.len());
        for b in blanks {
            if b.start >= b.end || b.end > len {
                return Err(CoreError::Model(pizhu_model::ModelError::BadRange { start: b.start, end: b.end, len }));
            }
            hide.push((current.sentence_start + b.start, current.sentence_start + b.end));
        }
        store.set_card_hide(card, &hide)?;
        let row = store.card(card)?.ok_or_else(|| CoreError::NotACard(card.to_owned()))?;
        self.card_view(&store, &row, &fsrs, now)?.ok_or_else(|| CoreError::NotACard(card.to_owned()))
    }

    /// Every card (of one document), in reading order.
    pub fn review_cards(&self, doc: Option<&str>) -> Result<Vec<ReviewCard>> {
        let store = lock(&self.store);
        let rows = store.cards(doc)?;
        self.cards_view(&store, &rows, OffsetDateTime::now_utc())
    }

    /// Up to `count` cards (of one document) at random, for a self-test.
    pub fn self_test(&self, count: u32, doc: Option<&str>) -> Result<Vec<ReviewCard>> {
        let store = lock(&self.store);
        let rows = store.random_cards(doc, count)?;
        self.cards_view(&store, &rows, OffsetDateTime::now_utc())
    }

    /// Marks a self-test: each blank against the words the card hides.
    pub fn grade_test(&self, answers: &[TestAnswer]) -> Result<TestResult> {
        let mut out = TestResult { right: 0, total: 0, items: Vec::with_capacity(answers.len()) };
        let store = lock(&self.store);
        let mut seen = HashSet::new();
        for a in answers {
            if !seen.insert(a.card.as_str()) {
                continue;
            }
            let row = store.card(&a.card)?.ok_or_else(|| CoreError::NotACard(a.card.clone()))?;
            let Some((_, cloze)) = self.cloze(&store, &row)? else { continue };
            let expected = cloze.answers();
            let right: Vec<bool> = expected
                .iter()
                .enumerate()
                .map(|(i, want)| a.answers.get(i).is_some_and(|typed| answer_matches(typed, want)))
                .collect();
            out.total += expected.len() as u32;
            out.right += right.iter().filter(|&&r| r).count() as u32;
            out.items.push(TestItem { card: a.card.clone(), right, expected });
        }
        Ok(out)
    }

    // ---- reading progress ----

    /// Adds time on screen per block of a document.
    pub fn record_reading(&self, doc_id: &str, spans: &[ReadingSpan]) -> Result<()> {
        Ok(lock(&self.store).add_reading(doc_id, LOCAL_READER, spans)?)
    }

    /// Reading progress of a document, per section.
    pub fn coverage(&self, doc_id: &str) -> Result<Coverage> {
        let store = lock(&self.store);
        let doc = self.document_in(&store, doc_id)?;
        let seconds = store.reading(doc_id, LOCAL_READER)?;
        let mut notes = store.annotations(&pizhu_model::NoteFilter {
            doc_id: Some(doc_id.to_owned()),
            author: Some(pizhu_model::annotation::MINE.to_owned()),
            ..Default::default()
        })?;
        notes.retain(|a| !a.orphaned); // no place in this text
        Ok(coverage::coverage(&doc, LOCAL_READER, &seconds, &notes))
    }

    // ---- essays ----

    /// Live essays (of one document), most recently changed first.
    pub fn essays(&self, doc: Option<&str>) -> Result<Vec<Essay>> {
        Ok(lock(&self.store).essays(doc)?)
    }

    /// One essay (also one in the trash).
    pub fn essay(&self, id: &str) -> Result<Essay> {
        Ok(lock(&self.store).essay(id)?)
    }

    /// Starts an essay (about a document, or none).
    pub fn create_essay(&self, doc: Option<&str>, title: &str) -> Result<Essay> {
        let title = title.trim();
        if title.is_empty() {
            return Err(pizhu_store::StoreError::Invalid("a title cannot be empty".into()).into());
        }
        let stamp = pizhu_store::now();
        let essay = Essay {
            id: uuid::Uuid::new_v4().to_string(),
            doc_id: doc.map(str::to_owned),
            title: title.to_owned(),
            body: String::new(),
            target: 0,
            chars: 0,
            created: stamp.clone(),
            updated: stamp,
            deleted: None,
        };
        let mut store = lock(&self.store);
        let generation = store.insert_essay(&essay)?;
        self.index_changes(&mut store, &[Change::PutEssay(essay_entry(&essay))], generation)?;
        Ok(essay)
    }

    /// Changes an essay (autosave).
    pub fn update_essay(&self, id: &str, patch: &EssayPatch) -> Result<Essay> {
        let mut store = lock(&self.store);
        let (essay, generation) = store.update_essay(id, patch)?;
        self.index_changes(&mut store, &[Change::PutEssay(essay_entry(&essay))], generation)?;
        Ok(essay)
    }

    /// Moves an essay to the trash.
    pub fn delete_essay(&self, id: &str) -> Result<Essay> {
        let mut store = lock(&self.store);
        let (essay, generation) = store.trash_essay(id, true)?;
        self.index_changes(&mut store, &[Change::RemoveEssay(id.to_owned())], generation)?;
        Ok(essay)
    }

    /// Brings an essay back from the trash.
    pub fn restore_essay(&self, id: &str) -> Result<Essay> {
        let mut store = lock(&self.store);
        let (essay, generation) = store.trash_essay(id, false)?;
        self.index_changes(&mut store, &[Change::PutEssay(essay_entry(&essay))], generation)?;
        Ok(essay)
    }

    /// The Markdown an essay quotes a highlight with: the passage as a
    /// quotation, cited with its document and section.
    pub fn essay_quote(&self, annotation_id: &str) -> Result<String> {
        let store = lock(&self.store);
        let a = store.annotation(annotation_id)?;
        let doc = self.document_in(&store, &a.doc_id)?;
        // An orphan's position is in an older text: no section to cite.
        let section = if a.orphaned { None } else { doc.block_at(a.start).and_then(|b| doc.section_label(b.index)) };
        let mut out: String = a.exact.lines().map(|l| format!("> {}\n", l.trim())).collect();
        out.push_str(">\n> ——《");
        out.push_str(&doc.title);
        out.push('》');
        if let Some(section) = section {
            out.push_str(&section);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_of_a_new_card_are_fsrs_defaults() {
        let fsrs = scheduler().unwrap();
        let next = fsrs.next_states(None, DESIRED_RETENTION, 0).unwrap();
        assert_eq!(minutes(&next), [10, 1440, 2 * 1440, 8 * 1440]);
    }

    #[test]
    fn day_start_is_a_midnight_before_now() {
        let now = OffsetDateTime::now_utc();
        let start = day_start(now);
        assert!(start <= now && now - start < Duration::days(1));
        assert_eq!(start.nanosecond(), 0);
    }
}
