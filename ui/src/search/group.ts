// Grouping of search hits for the results list: passages of the original
// text (原文) first, then the user's notes (我的批注), then their essays
// (我的心得); within a group the backend's order (score) is kept. Each hit
// gets a flat index for keyboard navigation across groups.
import type { SearchHit } from "../bindings";

export interface HitGroup {
  kind: "passage" | "note" | "essay";
  hits: Array<{ hit: SearchHit; flat: number }>;
}

export function groupHits(hits: ReadonlyArray<SearchHit>): HitGroup[] {
  const passages: SearchHit[] = [];
  const notes: SearchHit[] = [];
  const essays: SearchHit[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    const key = h.kind === "note" ? `n:${h.note_id}` : h.kind === "essay" ? `e:${h.essay_id}` : `p:${h.doc}:${h.block}:${h.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (h.kind === "note" ? notes : h.kind === "essay" ? essays : passages).push(h);
  }
  const groups: HitGroup[] = [];
  let flat = 0;
  for (const [kind, list] of [["passage", passages], ["note", notes], ["essay", essays]] as const) {
    if (list.length === 0) continue;
    groups.push({ kind, hits: list.map((hit) => ({ hit, flat: flat++ })) });
  }
  return groups;
}

/** Splits a snippet into plain and highlighted parts (code point ranges). */
export function snippetParts(snippet: string, highlights: ReadonlyArray<readonly [number, number]>): Array<{ text: string; mark: boolean }> {
  const cps = Array.from(snippet);
  const ranges = highlights
    .map(([a, b]) => [Math.max(0, Math.min(cps.length, a)), Math.max(0, Math.min(cps.length, b))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Array<{ text: string; mark: boolean }> = [];
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) out.push({ text: cps.slice(pos, a).join(""), mark: false });
    out.push({ text: cps.slice(a, b).join(""), mark: true });
    pos = b;
  }
  if (pos < cps.length) out.push({ text: cps.slice(pos).join(""), mark: false });
  return out;
}
