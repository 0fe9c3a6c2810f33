// The height index behind windowed books: prefix sums and "which block is
// at y" agree with a plain sum at every step, through updates, at book scale.
import { describe, expect, it } from "vitest";
import { covers, estimateHeight, HeightIndex, windowFor, type TextMetrics } from "../../src/layout/virtual";

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function naivePrefix(h: number[], i: number): number {
  let s = 0;
  for (let k = 0; k < i; k++) s += h[k]!;
  return s;
}

function naiveFind(h: number[], y: number): number {
  let s = 0;
  for (let i = 0; i < h.length; i++) {
    if (s + h[i]! > y) return i;
    s += h[i]!;
  }
  return h.length - 1;
}

describe("HeightIndex", () => {
  it("prefix sums and find agree with a plain sum through random updates", () => {
    const r = rng(7);
    const h = Array.from({ length: 1013 }, () => Math.round(r() * 200));
    const idx = new HeightIndex(h);
    for (let step = 0; step < 2000; step++) {
      const i = Math.floor(r() * h.length);
      const v = Math.round(r() * 300);
      idx.set(i, v);
      h[i] = v;
      const q = Math.floor(r() * (h.length + 1));
      expect(idx.prefix(q)).toBe(naivePrefix(h, q));
      const y = r() * naivePrefix(h, h.length);
      const found = idx.find(y);
      expect(found).toBe(naiveFind(h, y));
      // the block found holds y
      expect(idx.prefix(found)).toBeLessThanOrEqual(y);
      if (found < h.length - 1) expect(idx.prefix(found + 1)).toBeGreaterThan(y);
    }
    expect(idx.total).toBe(naivePrefix(h, h.length));
  });

  it("skips empty blocks and clamps outside the document", () => {
    const idx = new HeightIndex([10, 0, 0, 5, 20]);
    expect(idx.find(-50)).toBe(0);
    expect(idx.find(9.9)).toBe(0);
    expect(idx.find(10)).toBe(3); // blocks 1 and 2 have no height
    expect(idx.find(15)).toBe(4);
    expect(idx.find(1e9)).toBe(4);
    expect(new HeightIndex([]).find(3)).toBe(0);
  });

  it("a measured height replaces its estimate", () => {
    const idx = new HeightIndex([10, 10, 10]);
    expect(idx.set(1, 25)).toBe(15);
    expect(idx.total).toBe(45);
    expect(idx.set(7, 3)).toBe(0); // out of range: nothing changes
    expect(idx.total).toBe(45);
  });

  it("a 12,000-paragraph book: find is exact at every block boundary", () => {
    const r = rng(11);
    const h = Array.from({ length: 12_000 }, () => 20 + Math.floor(r() * 180));
    const idx = new HeightIndex(h);
    let y = 0;
    for (let i = 0; i < h.length; i++) {
      expect(idx.find(y)).toBe(i);
      expect(idx.find(y + h[i]! - 0.5)).toBe(i);
      y += h[i]!;
    }
  });
});

describe("windows", () => {
  const idx = new HeightIndex(Array.from({ length: 1000 }, () => 100));

  it("covers the viewport with overscan on both sides", () => {
    const w = windowFor(idx, 50_000, 50_800, 800);
    expect(w.from).toBe(492);
    expect(w.to).toBe(517);
    expect(covers(idx, w, 50_000 - 800, 50_800 + 800)).toBe(true);
    expect(covers(idx, w, 50_000, 52_000)).toBe(false);
  });

  it("the ends of the document count as covered", () => {
    const first = windowFor(idx, 0, 800, 800);
    expect(first.from).toBe(0);
    expect(covers(idx, first, -500, 800)).toBe(true);
    const last = windowFor(idx, 99_500, 100_300, 800);
    expect(last.to).toBe(1000);
    expect(covers(idx, last, 99_500, 1e9)).toBe(true);
  });

  it("estimates grow with the text and give headings their space", () => {
    const m: TextMetrics = { perLine: 30, lineHeight: 34, paraExtra: 14, heading: 60 };
    expect(estimateHeight(m, "paragraph", 1)).toBe(48);
    expect(estimateHeight(m, "paragraph", 31)).toBe(82);
    expect(estimateHeight(m, "heading", 10)).toBe(60);
  });
});
