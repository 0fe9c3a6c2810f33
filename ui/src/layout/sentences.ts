// Sentences of a document, for selecting with the keyboard: ] takes the
// next sentence, [ the one before, Shift extends the selection by one. A
// block is cut after 。！？；!?; and the closing quotes or brackets that
// follow it. Positions are code points, as everywhere.
import type { Block } from "../bindings";

export interface SentenceSpan {
  start: number;
  end: number;
}

const ENDS = new Set(["。", "！", "？", "；", "!", "?", ";"]);
const CLOSERS = new Set(["”", "’", "」", "』", "）", ")", "》"]);

/** Every sentence of `blocks`, in order; a block without an end mark is one sentence. */
export function sentences(blocks: ReadonlyArray<Block>): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  for (const b of blocks) {
    const chars = Array.from(b.text);
    let from = 0;
    for (let i = 0; i < chars.length; i++) {
      if (!ENDS.has(chars[i]!)) continue;
      let end = i + 1;
      while (end < chars.length && (CLOSERS.has(chars[end]!) || ENDS.has(chars[end]!))) end++;
      out.push({ start: b.start + from, end: b.start + end });
      from = end;
      i = end - 1;
    }
    if (from < chars.length) out.push({ start: b.start + from, end: b.start + chars.length });
  }
  return out;
}

/**
 * The selection after one step: `dir` 1 is the next sentence (after the
 * selection, or from `from` when there is none), -1 the one before;
 * `extend` grows the selection by that sentence instead of moving it.
 */
export function stepSentence(all: ReadonlyArray<SentenceSpan>, current: SentenceSpan | null, dir: 1 | -1, extend: boolean, from: number): SentenceSpan | null {
  if (!all.length) return null;
  if (!current) {
    const i = all.findIndex((s) => s.end > from);
    const at = i < 0 ? all.length - 1 : i;
    return { ...all[dir === 1 ? at : Math.max(0, at - 1)]! };
  }
  if (dir === 1) {
    const next = all.find((s) => s.start >= current.end);
    if (!next) return current;
    return extend ? { start: current.start, end: next.end } : { ...next };
  }
  const prev = [...all].reverse().find((s) => s.end <= current.start);
  if (!prev) return current;
  return extend ? { start: prev.start, end: current.end } : { ...prev };
}
