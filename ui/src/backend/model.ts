// Document model helpers shared by the fake backend (mirrors the Rust
// pizhu-model rules): splitting a text into typed blocks, lead phrases,
// and NFKC+lowercase normalisation with a map back to code points.
import type { Block } from "../bindings";
import type { BlockKind } from "../bindings";
import type { Lead } from "../bindings";
import { cpLength } from "../anchoring/offsets";

const NUM = "[一二三四五六七八九十百零〇]+";
const HEADING_RE = new RegExp(`^${NUM}、`);
const LEAD_RES: RegExp[] = [
  new RegExp(`^(第${NUM})[,，、]`),
  new RegExp(`^(${NUM}是)`),
  /^(总之|总而言之|综上所述|首先|其次|再次|最后)[,，]/,
];

export function detectLead(text: string): Lead | null {
  for (const re of LEAD_RES) {
    const m = re.exec(text);
    if (!m) continue;
    const stop = text.search(/[。！？!?]/);
    const phrase = stop >= 0 ? text.slice(0, stop + 1) : text;
    return { marker: m[1]!, phrase };
  }
  return null;
}

export function classify(line: string): BlockKind {
  if (line.startsWith("——")) return "subtitle";
  if (HEADING_RE.test(line)) return "heading";
  return "paragraph";
}

/** Splits a plain text into blocks: one per non-empty (trimmed) line. */
export function splitBlocks(text: string, markdown = false): Block[] {
  const lines = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const blocks: Block[] = [];
  let start = 0;
  lines.forEach((raw, index) => {
    let line = raw;
    let kind = classify(line);
    if (markdown) {
      const m = /^#{1,6}\s+(.*)$/.exec(line);
      if (m) {
        line = m[1]!.trim();
        kind = "heading";
      }
    }
    const len = cpLength(line);
    blocks.push({ index, kind, text: line, start, len, lead: kind === "paragraph" ? detectLead(line) : null });
    start += len + 1;
  });
  return blocks;
}

export function documentText(blocks: ReadonlyArray<Block>): string {
  return blocks.map((b) => b.text).join("\n");
}

/**
 * NFKC + lowercase normalisation, code point by code point, with `map[i]` =
 * code point offset in the original of normalised code point i (and one
 * extra entry for the end).
 */
export function normalizeWithMap(s: string): { text: string[]; map: number[] } {
  const text: string[] = [];
  const map: number[] = [];
  let i = 0;
  for (const ch of s) {
    for (const n of ch.normalize("NFKC").toLowerCase()) {
      text.push(n);
      map.push(i);
    }
    i++;
  }
  map.push(i);
  return { text, map };
}

export function normalize(s: string): string {
  return s.normalize("NFKC").toLowerCase();
}

/** Whitespace-separated terms (ANDed); "quoted phrases" are literal. */
export function parseQuery(q: string): string[] {
  const terms: string[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  const src = normalize(q).replace(/[“”]/g, '"');
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const t = m[1] !== undefined ? m[1] : m[2]!;
    if (t.length > 0) terms.push(t);
  }
  return terms;
}

/** All code point ranges (in the original string) where any term occurs. */
export function findTerms(hay: string, terms: ReadonlyArray<string>): { ranges: Array<[number, number]>; all: boolean } {
  const { text, map } = normalizeWithMap(hay);
  const joined = text.join("");
  // index in joined (UTF-16) -> normalised code point index
  const u2c: number[] = new Array(joined.length + 1);
  let u = 0;
  text.forEach((ch, ci) => {
    for (let k = 0; k < ch.length; k++) u2c[u + k] = ci;
    u += ch.length;
  });
  u2c[joined.length] = text.length;
  const ranges: Array<[number, number]> = [];
  let all = true;
  for (const term of terms) {
    let found = false;
    let from = 0;
    for (;;) {
      const at = joined.indexOf(term, from);
      if (at < 0) break;
      found = true;
      const a = map[u2c[at]!]!;
      const endCp = u2c[at + term.length]!;
      const b = endCp >= text.length ? map[text.length]! : map[endCp]!;
      ranges.push([a, Math.max(b, a + 1)]);
      from = at + Math.max(1, term.length);
    }
    if (!found) all = false;
  }
  ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return { ranges, all };
}
