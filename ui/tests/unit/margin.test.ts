import { describe, expect, it } from "vitest";
import { layoutMargin, layoutMarginPinned } from "../../src/layout/margin";

describe("layoutMargin", () => {
  it("keeps cards at their desired tops when they do not collide", () => {
    expect(layoutMargin([{ id: "a", top: 0, height: 50 }, { id: "b", top: 100, height: 50 }], 8)).toEqual([
      { id: "a", top: 0 },
      { id: "b", top: 100 },
    ]);
  });

  it("pushes colliding cards down by height + gap, in cascade", () => {
    const out = layoutMargin(
      [
        { id: "a", top: 10, height: 60 },
        { id: "b", top: 20, height: 40 },
        { id: "c", top: 30, height: 10 },
        { id: "d", top: 500, height: 10 },
      ],
      8,
    );
    expect(out).toEqual([
      { id: "a", top: 10 },
      { id: "b", top: 78 },
      { id: "c", top: 126 },
      { id: "d", top: 500 },
    ]);
  });

  it("sorts by desired top but returns input order; ties keep input order", () => {
    const out = layoutMargin(
      [
        { id: "late", top: 100, height: 30 },
        { id: "x", top: 0, height: 30 },
        { id: "y", top: 0, height: 30 },
      ],
      10,
    );
    expect(out).toEqual([
      { id: "late", top: 100 },
      { id: "x", top: 0 },
      { id: "y", top: 40 },
    ]);
  });

  it("never produces overlaps (property check)", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 60 }, (_, i) => ({ id: `n${i}`, top: Math.floor(rnd() * 2000), height: 20 + Math.floor(rnd() * 80) }));
      const out = layoutMargin(items, 6);
      const placed = out.map((p, i) => ({ ...p, h: items[i]!.height, want: items[i]!.top })).sort((a, b) => a.top - b.top);
      for (let i = 0; i < placed.length; i++) {
        expect(placed[i]!.top).toBeGreaterThanOrEqual(placed[i]!.want);
        if (i > 0) expect(placed[i]!.top).toBeGreaterThanOrEqual(placed[i - 1]!.top + placed[i - 1]!.h + 6);
      }
    }
  });

  it("handles empty input and zero heights", () => {
    expect(layoutMargin([], 8)).toEqual([]);
    expect(layoutMargin([{ id: "a", top: 5, height: 0 }, { id: "b", top: 5, height: 0 }], 4)).toEqual([
      { id: "a", top: 5 },
      { id: "b", top: 9 },
    ]);
  });
});

describe("layoutMarginPinned", () => {
  const items = [
    { id: "a", top: 0, height: 50 },
    { id: "b", top: 10, height: 50 },
    { id: "c", top: 20, height: 50 },
  ];

  it("puts the pinned card level with its passage and moves the earlier ones up", () => {
    const out = layoutMarginPinned(items, 10, "c");
    expect(out.find((p) => p.id === "c")!.top).toBe(20);
    expect(out.find((p) => p.id === "b")!.top).toBe(-40);
    expect(out.find((p) => p.id === "a")!.top).toBe(-100);
  });

  it("pushes later cards down from the pinned one", () => {
    const out = layoutMarginPinned(items, 10, "a");
    expect(out).toEqual([
      { id: "a", top: 0 },
      { id: "b", top: 60 },
      { id: "c", top: 120 },
    ]);
  });

  it("equals layoutMargin without a (known) pinned card", () => {
    expect(layoutMarginPinned(items, 10, null)).toEqual(layoutMargin(items, 10));
    expect(layoutMarginPinned(items, 10, "zzz")).toEqual(layoutMargin(items, 10));
  });
});
