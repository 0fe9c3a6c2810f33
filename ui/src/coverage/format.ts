// Pure helpers of the 学习进度 display: percentages, durations, where the
// reader got to. What counts as read is the core's (Coverage); these only
// put its numbers into words.
import type { Coverage } from "../bindings";

/** Whole per cent read, rounded down (100 only when all is read). */
export function percent(read: number, of: number): number {
  return of > 0 ? Math.floor((Math.min(read, of) * 100) / of) : 0;
}

type Translate = (key: "durMinutes" | "durHours" | "durUnderMinute", params?: Record<string, string | number>) => string;

/** 75 → "1 分钟", 4000 → "1 小时 7 分钟", 20 → "不到 1 分钟". */
export function formatDuration(seconds: number, tr: Translate): string {
  const min = Math.round(seconds / 60);
  if (min < 1) return tr("durUnderMinute");
  if (min < 60) return tr("durMinutes", { n: min });
  return tr("durHours", { h: Math.floor(min / 60), m: min % 60 });
}

/** The index (in coverage.sections) of the section holding the furthest block read, or -1. */
export function furthestSection(cov: Coverage): number {
  if (cov.furthest === null) return -1;
  let at = -1;
  cov.sections.forEach((s, i) => {
    if ((s.heading ?? -1) <= cov.furthest!) at = i;
  });
  return at;
}

/** Paragraphs without a note, in the whole document. */
export function unmarkedCount(cov: Coverage): number {
  return cov.sections.reduce((n, s) => n + s.unmarked.length, 0);
}
