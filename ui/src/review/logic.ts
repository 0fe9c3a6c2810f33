// The review screen's pure rules (no DOM, no backend): how long an interval
// reads, how the queue steps from one card to the next while the core's
// answer to a rating is on its way, which key does what, and the cloze's
// blanks as segments and as a character mask. Scheduling, what is hidden by
// default and the marking of a self-test are the core's (pizhu-core,
// pizhu-model/review.rs); nothing here decides them.
import type { Blank, Rating, ReviewCard, ReviewQueue, TestResult } from "../bindings";

/** The four grades in key order: 1 重来, 2 困难, 3 良好, 4 简单. */
export const RATINGS: readonly Rating[] = ["again", "hard", "good", "easy"];

// ---------------------------------------------------------------- intervals

export type IntervalUnit = "minutes" | "hours" | "days" | "months" | "years";

/**
 * A span of minutes in the largest unit that reads naturally: 10 分钟,
 * 5 小时, 3 天, 2 个月, 1.5 年. Months and years keep one decimal below ten.
 */
export function intervalParts(minutes: number): { n: number; unit: IntervalUnit } {
  const m = Math.max(0, minutes);
  if (m < 60) return { n: Math.max(1, Math.round(m)), unit: "minutes" };
  const hours = Math.round(m / 60);
  if (hours < 24) return { n: hours, unit: "hours" };
  const days = Math.max(1, Math.round(m / 1440));
  if (days < 30) return { n: days, unit: "days" };
  if (days < 365) {
    const months = Math.min(12, days / 30);
    // 11.9 months reads as 12, never as a year's worth of months
    return { n: oneDecimal(months), unit: "months" };
  }
  return { n: oneDecimal(days / 365), unit: "years" };
}

function oneDecimal(x: number): number {
  return x < 10 ? Math.round(x * 10) / 10 : Math.round(x);
}

/** The preview's minutes for `rating` (null when the core sent none). */
export function intervalFor(card: ReviewCard, rating: Rating): number | null {
  return card.intervals.find((p) => p.rating === rating)?.minutes ?? null;
}

// ---------------------------------------------------------------- the queue

/** Counts per grade given in one sitting. */
export type RatedCounts = Record<Rating, number>;

/** A rating sent to the core whose answer has not come back. */
export interface PendingRating {
  card: string;
  /** The card was new (counts against 新卡, else against 待复习). */
  wasNew: boolean;
}

/**
 * One sitting of review. `cards[0]` is on screen. The counts are the core's
 * last answer, less the ratings not yet answered: the screen moves on at
 * once, from the cards it holds, and the core's queue replaces them when it
 * comes.
 */
export interface Session {
  cards: ReviewCard[];
  due: number;
  new: number;
  total: number;
  doneToday: number;
  revealed: boolean;
  rated: RatedCounts;
  pending: PendingRating[];
}

export function emptyRated(): RatedCounts {
  return { again: 0, hard: 0, good: 0, easy: 0 };
}

/** A sitting over the core's queue. */
export function startSession(q: ReviewQueue): Session {
  return { cards: q.cards.slice(), due: q.due, new: q.new, total: q.total, doneToday: q.done_today, revealed: false, rated: emptyRated(), pending: [] };
}

/** The card on screen. */
export function currentCard(s: Session): ReviewCard | null {
  return s.cards[0] ?? null;
}

/** Nothing left to show and nothing on its way: the done screen. */
export function isFinished(s: Session): boolean {
  return s.cards.length === 0 && s.pending.length === 0;
}

/** Shows the answer. */
export function reveal(s: Session): Session {
  return s.revealed || !s.cards.length ? s : { ...s, revealed: true };
}

/**
 * The card on screen rated: the next card held comes up (its answer hidden),
 * the counts step down now; the rating waits for the core's answer
 * (`applyQueue`). Unchanged when nothing is on screen or the answer is hidden.
 */
export function rateLocally(s: Session, rating: Rating): Session {
  const card = currentCard(s);
  if (!card || !s.revealed) return s;
  const wasNew = card.state === "new";
  return {
    ...s,
    cards: s.cards.slice(1),
    revealed: false,
    due: wasNew ? s.due : Math.max(0, s.due - 1),
    new: wasNew ? Math.max(0, s.new - 1) : s.new,
    doneToday: s.doneToday + 1,
    rated: { ...s.rated, [rating]: s.rated[rating] + 1 },
    pending: [...s.pending, { card: card.card, wasNew }],
  };
}

/**
 * The core's queue after a rating (`answered`: the card it answers for, null
 * for a plain reload): the cards the core sends, less the ones rated since
 * (their answers still to come), with the card on screen kept first so it
 * never changes under the reader; the counts less those ratings too.
 */
export function applyQueue(s: Session, q: ReviewQueue, answered: string | null): Session {
  const i = answered === null ? -1 : s.pending.findIndex((p) => p.card === answered);
  const pending = i < 0 ? s.pending : [...s.pending.slice(0, i), ...s.pending.slice(i + 1)];
  const skip = new Set(pending.map((p) => p.card));
  const shown = currentCard(s);
  const fresh = q.cards.filter((c) => !skip.has(c.card) && c.card !== shown?.card);
  // The card on screen stays, as the core now has it (its previews may have moved).
  const onScreen = shown ? (q.cards.find((c) => c.card === shown.card) ?? shown) : null;
  const cards = onScreen ? [onScreen, ...fresh] : fresh;
  const newPending = pending.filter((p) => p.wasNew).length;
  return {
    ...s,
    cards,
    due: Math.max(0, q.due - (pending.length - newPending)),
    new: Math.max(0, q.new - newPending),
    total: q.total,
    doneToday: q.done_today + pending.length,
    pending,
  };
}

/** A rating the core refused: the card comes back on screen, its answer hidden, its counts restored. */
export function undoLocal(s: Session, card: ReviewCard, rating: Rating): Session {
  const was = s.pending.find((p) => p.card === card.card);
  if (!was) return s;
  return {
    ...s,
    cards: [card, ...s.cards.filter((c) => c.card !== card.card)],
    revealed: false,
    due: was.wasNew ? s.due : s.due + 1,
    new: was.wasNew ? s.new + 1 : s.new,
    doneToday: Math.max(0, s.doneToday - 1),
    rated: { ...s.rated, [rating]: Math.max(0, s.rated[rating] - 1) },
    pending: s.pending.filter((p) => p !== was),
  };
}

/** A card changed elsewhere (its blanks edited): the sitting shows it as it now is. */
export function replaceCard(s: Session, card: ReviewCard): Session {
  if (!s.cards.some((c) => c.card === card.card)) return s;
  return { ...s, cards: s.cards.map((c) => (c.card === card.card ? card : c)) };
}

/** Whether to ask the core for more cards: few held, more due. */
export function wantsMore(s: Session, low = 2): boolean {
  return s.pending.length === 0 && s.cards.length <= low && s.due + s.new > s.cards.length;
}

// ---------------------------------------------------------------- keys

export type ReviewKeyAction = { kind: "reveal" } | { kind: "rate"; rating: Rating } | { kind: "edit" } | { kind: "goto" } | null;

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * What a key does on the review screen. Space and Enter show the answer;
 * once shown, 1–4 rate (Space and Enter are left to the focused button: the
 * answer's first button in focus is 良好); E edits the blanks; G goes to the
 * passage. Nothing while typing or with Ctrl/Alt/⌘.
 */
export function reviewKey(e: KeyLike, revealed: boolean, typing = false): ReviewKeyAction {
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (!revealed && (e.key === " " || e.key === "Spacebar" || e.key === "Enter")) return { kind: "reveal" };
  if (/^[1-4]$/.test(e.key)) return revealed ? { kind: "rate", rating: RATINGS[Number(e.key) - 1]! } : null;
  const k = e.key.toLowerCase();
  if (k === "e") return { kind: "edit" };
  if (k === "g") return { kind: "goto" };
  return null;
}

// ---------------------------------------------------------------- cloze text

/** A run of a cloze sentence: shown text, or the hidden words of blank `blank`. */
export interface Segment {
  text: string;
  /** Index of the blank (in order), or null for shown text. */
  blank: number | null;
  /** Length in characters (code points). */
  chars: number;
}

/**
 * The sentence cut at its blanks (code points relative to the sentence, as
 * the core sends them); blanks out of range or overlapping an earlier one
 * are clipped.
 */
export function clozeSegments(sentence: string, blanks: readonly Blank[]): Segment[] {
  const chars = Array.from(sentence);
  const out: Segment[] = [];
  let at = 0;
  const push = (from: number, to: number, blank: number | null) => {
    if (to > from) out.push({ text: chars.slice(from, to).join(""), blank, chars: to - from });
  };
  blanks.forEach((b, i) => {
    const start = Math.max(at, Math.min(chars.length, b.start));
    const end = Math.max(start, Math.min(chars.length, b.end));
    push(at, start, null);
    push(start, end, i);
    at = end;
  });
  push(at, chars.length, null);
  return out;
}

/** Which characters of a sentence of `len` characters the blanks hide. */
export function maskFromBlanks(len: number, blanks: readonly Blank[]): boolean[] {
  const mask = new Array<boolean>(len).fill(false);
  for (const b of blanks) for (let i = Math.max(0, b.start); i < Math.min(len, b.end); i++) mask[i] = true;
  return mask;
}

/** The blanks of a character mask: each run of hidden characters, in order. */
export function blanksFromMask(mask: readonly boolean[]): Blank[] {
  const out: Blank[] = [];
  let start = -1;
  for (let i = 0; i <= mask.length; i++) {
    const on = i < mask.length && mask[i];
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      out.push({ start, end: i });
      start = -1;
    }
  }
  return out;
}

/** `mask` with characters `a`..`b` (either order, inclusive) set to `value`. */
export function paintMask(mask: readonly boolean[], a: number, b: number, value: boolean): boolean[] {
  const next = mask.slice();
  for (let i = Math.max(0, Math.min(a, b)); i <= Math.min(mask.length - 1, Math.max(a, b)); i++) next[i] = value;
  return next;
}

/** The prompt a mask gives (one ＿ per hidden character), for the editor's preview. */
export function promptOf(sentence: string, mask: readonly boolean[]): string {
  return Array.from(sentence)
    .map((c, i) => (mask[i] ? "＿" : c))
    .join("");
}

// ---------------------------------------------------------------- self-test

/** The self-test sizes offered. */
export const TEST_SIZES: readonly number[] = [10, 20, 50];

/** A typed answer per blank of `card`, empty ones for blanks not answered. */
export function answersFor(card: ReviewCard, typed: readonly string[]): string[] {
  return card.blanks.map((_, i) => typed[i] ?? "");
}

// ---------------------------------------------------------------- what the store holds

/** Today's review counts (the top bar's badge). */
export interface ReviewCounts {
  due: number;
  new: number;
  total: number;
  doneToday: number;
}

export function countsOf(q: ReviewQueue): ReviewCounts {
  return { due: q.due, new: q.new, total: q.total, doneToday: q.done_today };
}

/** Cards to look at now: due ones and today's new ones. */
export function dueNow(c: ReviewCounts | null): number {
  return c ? c.due + c.new : 0;
}

/** What a self-test asks: how many questions, from which document (null: all). */
export interface TestSpec {
  count: number;
  docOnly: boolean;
}

/**
 * The review screen: a sitting of 复习 (null session: loading), or a
 * self-test being chosen, taken (`answers[i]` per question answered) or
 * marked (null result: marking).
 */
export type ReviewScreen =
  | { kind: "review"; session: Session | null }
  | { kind: "testSetup"; spec: TestSpec; busy: boolean; empty: boolean }
  | { kind: "test"; spec: TestSpec; cards: ReviewCard[]; answers: string[][]; index: number }
  | { kind: "testResult"; spec: TestSpec; cards: ReviewCard[]; answers: string[][]; result: TestResult | null };
