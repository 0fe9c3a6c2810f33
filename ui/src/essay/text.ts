// Pure helpers of the essay pane (心得体会): where a quotation goes in the
// text, how the 字数 line reads, the export's file name. The quotation and
// the count themselves are the core's (essay_quote, count_chars).
import { safeFileName } from "../app/exportlogic";

/**
 * The text to insert for a quotation at [start, end) of `value`: the
 * quotation as its own Markdown block, with the blank lines it needs before
 * and after (none doubled), so the caret lands on a fresh paragraph after it.
 */
export function quoteInsertion(value: string, start: number, end: number, quote: string): string {
  const q = quote.replace(/^\n+/, "").replace(/\s+$/, "");
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  return lead + q + trail;
}

/**
 * Where a quotation dropped at `pos` goes: the end of the Markdown block
 * (paragraph or quotation) it fell in, so that a drop never splits one.
 */
export function dropPosition(value: string, pos: number): number {
  const at = Math.max(0, Math.min(pos, value.length));
  if (at === 0 || value.slice(at - 2, at) === "\n\n") return at; // between blocks already
  const next = value.indexOf("\n\n", at);
  return next < 0 ? value.length : next;
}

/** 1234 → "1,234" (grouped the same way in both languages). */
export function groupDigits(n: number): string {
  return Math.max(0, Math.round(n)).toLocaleString("en-US");
}

type Translate = (key: "essayCount" | "essayCountOf", params: Record<string, string | number>) => string;

/** "1,234 字", or against a target "1,234 / 1,500 字". */
export function countLine(chars: number, target: number, tr: Translate): string {
  return target > 0 ? tr("essayCountOf", { n: groupDigits(chars), m: groupDigits(target) }) : tr("essayCount", { n: groupDigits(chars) });
}

/** How far to the target, 0…1 (0 without a target). */
export function targetProgress(chars: number, target: number): number {
  return target > 0 ? Math.max(0, Math.min(1, chars / target)) : 0;
}

/** `心得体会-<title>.docx`. */
export function essayFileName(format: "docx" | "md", title: string, prefix = "心得体会"): string {
  const part = safeFileName(title);
  const base = part && part !== prefix ? `${prefix}-${part}` : prefix;
  return `${base}.${format}`;
}

/** The id of an annotation dragged from a card or the notes list. */
export const NOTE_DRAG_TYPE = "application/x-pizhu-note";
