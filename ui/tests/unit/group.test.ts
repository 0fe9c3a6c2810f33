import { describe, expect, it } from "vitest";
import type { SearchHit } from "../../src/bindings";
import { groupHits, snippetParts } from "../../src/search/group";

const hit = (kind: "passage" | "note", n: number, extra: Partial<SearchHit> = {}): SearchHit => ({
  kind,
  doc: "d",
  block: n,
  start: n * 10,
  end: n * 10 + 2,
  note_id: kind === "note" ? `n${n}` : null,
  essay_id: null,
  snippet: `s${n}`,
  highlights: [],
  section: null,
  score: 10 - n,
  ...extra,
});

describe("groupHits", () => {
  it("puts passages (原文) before notes (我的批注), keeping order within groups", () => {
    const groups = groupHits([hit("note", 1), hit("passage", 2), hit("note", 3), hit("passage", 4)]);
    expect(groups.map((g) => g.kind)).toEqual(["passage", "note"]);
    expect(groups[0]!.hits.map((x) => x.hit.block)).toEqual([2, 4]);
    expect(groups[1]!.hits.map((x) => x.hit.note_id)).toEqual(["n1", "n3"]);
  });

  it("numbers hits across groups for keyboard navigation", () => {
    const groups = groupHits([hit("note", 1), hit("passage", 2), hit("note", 3)]);
    expect(groups.flatMap((g) => g.hits.map((x) => x.flat))).toEqual([0, 1, 2]);
  });

  it("omits empty groups and drops duplicates", () => {
    expect(groupHits([])).toEqual([]);
    const g = groupHits([hit("note", 1), hit("note", 1)]);
    expect(g).toHaveLength(1);
    expect(g[0]!.kind).toBe("note");
    expect(g[0]!.hits).toHaveLength(1);
  });
});

describe("snippetParts", () => {
  it("splits by code point ranges, astral characters included", () => {
    expect(snippetParts("😀党史学习😀教育", [[1, 3], [6, 8]])).toEqual([
      { text: "😀", mark: false },
      { text: "党史", mark: true },
      { text: "学习😀", mark: false },
      { text: "教育", mark: true },
    ]);
  });

  it("merges overlapping ranges and clamps out-of-range ones", () => {
    expect(snippetParts("abcdef", [[3, 5], [1, 4], [10, 12], [2, 2]])).toEqual([
      { text: "a", mark: false },
      { text: "bcde", mark: true },
      { text: "f", mark: false },
    ]);
    expect(snippetParts("", [[0, 1]])).toEqual([]);
  });
});
