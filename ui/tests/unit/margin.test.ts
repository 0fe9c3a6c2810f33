import { describe, expect, it } from "vitest";
import { firstStackBelow, layoutMargin, type MarginItem, type MarginStack } from "../../src/layout/margin";

const GAP = 8;

/** Deterministic PRNG for the property checks. */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Checks every guarantee of layoutMargin; returns the worst drift of a shown card. */
function checkLayout(items: MarginItem[], stacks: MarginStack[], pinnedId: string | null = null): number {
  const byId = new Map(items.map((it) => [it.id, it]));
  const seen = new Set<string>();
  let worst = 0;
  const maxH = Math.max(...items.map((it) => it.height));
  for (let i = 0; i < stacks.length; i++) {
    const s = stacks[i]!;
    const own = byId.get(s.id)!;
    // the shown card: between its passage and one card height below it
    expect(s.top).toBeGreaterThanOrEqual(own.top);
    expect(s.top - own.top).toBeLessThanOrEqual(own.height);
    if (s.id === pinnedId) expect(s.top).toBe(own.top);
    worst = Math.max(worst, s.top - own.top);
    // no overlaps, in top order
    if (i > 0) expect(s.top).toBeGreaterThanOrEqual(stacks[i - 1]!.top + stacks[i - 1]!.height + GAP);
    // members: their passages are near the stack
    for (const m of s.members) {
      const it = byId.get(m)!;
      expect(it.top).toBeGreaterThanOrEqual(s.top - 2 * maxH - GAP);
      expect(it.top).toBeLessThanOrEqual(s.top + s.height + GAP);
    }
    for (const id of [s.id, ...s.members]) {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
  }
  expect(seen.size).toBe(items.length);
  return worst;
}

describe("layoutMargin", () => {
  it("keeps cards at their desired tops when they do not collide", () => {
    expect(layoutMargin([{ id: "a", top: 0, height: 50 }, { id: "b", top: 100, height: 50 }], GAP)).toEqual([
      { id: "a", members: [], top: 0, height: 50 },
      { id: "b", members: [], top: 100, height: 50 },
    ]);
  });

  it("pushes a colliding card down by at most its own height", () => {
    const out = layoutMargin([{ id: "a", top: 10, height: 60 }, { id: "b", top: 40, height: 40 }], GAP);
    expect(out).toEqual([
      { id: "a", members: [], top: 10, height: 60 },
      { id: "b", members: [], top: 78, height: 40 },
    ]);
  });

  it("stacks a card that would drift more than its height below its passage", () => {
    const out = layoutMargin(
      [
        { id: "a", top: 10, height: 60 },
        { id: "b", top: 20, height: 40 }, // would go to 78: 58 px below, more than 40
        { id: "c", top: 30, height: 40 }, // same
        { id: "d", top: 500, height: 10 },
      ],
      GAP,
    );
    expect(out).toEqual([
      { id: "a", members: ["b", "c"], top: 10, height: 60 },
      { id: "d", members: [], top: 500, height: 10 },
    ]);
  });

  it("sorts by desired top (ties keep input order)", () => {
    const out = layoutMargin(
      [
        { id: "late", top: 100, height: 30 },
        { id: "x", top: 0, height: 30 },
        { id: "y", top: 0, height: 30 },
      ],
      10,
    );
    expect(out.map((s) => [s.id, s.top, s.members])).toEqual([
      ["x", 0, ["y"]],
      ["late", 100, []],
    ]);
  });

  it("the pinned card sits exactly at its passage; the cards running into it join its stack", () => {
    const items = [
      { id: "a", top: 0, height: 50 },
      { id: "b", top: 10, height: 50 },
      { id: "c", top: 20, height: 50 },
      { id: "d", top: 300, height: 50 },
    ];
    const out = layoutMargin(items, 10, "c");
    expect(out).toEqual([
      { id: "c", members: ["a", "b"], top: 20, height: 50 },
      { id: "d", members: [], top: 300, height: 50 },
    ]);
    checkLayout(items, out, "c");
    // pinned first: the later ones follow it
    expect(layoutMargin(items, 10, "a")).toEqual([
      { id: "a", members: [], top: 0, height: 50 },
      { id: "b", members: ["c"], top: 60, height: 50 },
      { id: "d", members: [], top: 300, height: 50 },
    ]);
  });

  it("an unknown pinned id changes nothing", () => {
    const items = [{ id: "a", top: 0, height: 50 }, { id: "b", top: 10, height: 50 }];
    expect(layoutMargin(items, 10, "zzz")).toEqual(layoutMargin(items, 10, null));
  });

  it("handles empty input and zero heights", () => {
    expect(layoutMargin([], GAP)).toEqual([]);
    expect(layoutMargin([{ id: "a", top: 5, height: 0 }, { id: "b", top: 5, height: 0 }], 4)).toEqual([
      { id: "a", members: ["b"], top: 5, height: 0 },
    ]);
  });

  it("1,000 notes: every card shown is within one card height of its passage, the others in their passage's stack", () => {
    const r = rng(7);
    // the speech at 19 px: ~60,000 px of text, notes clustered in paragraphs as readers make them
    const items: MarginItem[] = [];
    for (let i = 0; i < 1000; i++) {
      const para = Math.floor(r() * 120);
      items.push({ id: `n${i}`, top: para * 500 + Math.floor(r() * 400), height: 56 + Math.floor(r() * 60) });
    }
    const stacks = layoutMargin(items, GAP);
    const worst = checkLayout(items, stacks);
    expect(worst).toBeLessThanOrEqual(116);
    // the column ends level with the text, not thousands of px below it
    const last = stacks[stacks.length - 1]!;
    expect(last.top).toBeLessThan(Math.max(...items.map((it) => it.top)) + 116);
    expect(stacks.some((s) => s.members.length > 0)).toBe(true);
    // and with each one pinned in turn (a sample)
    for (const k of [0, 1, 17, 499, 998, 999]) checkLayout(items, layoutMargin(items, GAP, `n${k}`), `n${k}`);
  });

  it("property: random layouts keep every guarantee", () => {
    const r = rng(42);
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(r() * 80);
      const items = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, top: Math.floor(r() * 3000), height: 20 + Math.floor(r() * 120) }));
      const pinned = round % 2 ? `n${Math.floor(r() * n)}` : null;
      checkLayout(items, layoutMargin(items, GAP, pinned), pinned);
    }
  });
});

describe("firstStackBelow", () => {
  const stacks: MarginStack[] = [
    { id: "a", members: [], top: 0, height: 50 },
    { id: "b", members: [], top: 100, height: 50 },
    { id: "c", members: [], top: 300, height: 50 },
  ];
  it("finds the first stack reaching `y` by binary search", () => {
    expect(firstStackBelow(stacks, -10)).toBe(0);
    expect(firstStackBelow(stacks, 50)).toBe(0);
    expect(firstStackBelow(stacks, 51)).toBe(1);
    expect(firstStackBelow(stacks, 200)).toBe(2);
    expect(firstStackBelow(stacks, 400)).toBe(3);
    expect(firstStackBelow([], 0)).toBe(0);
  });
});
