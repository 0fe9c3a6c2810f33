// Windowed rendering of long documents: the heights of a document's blocks
// (estimated until a block has been rendered once, then measured) in a
// Fenwick tree, so that "where does block i start" and "which block is at
// y" are O(log n) for a 12,000-paragraph book, and the window of blocks to
// render around a viewport. Pure: the reader (app/reader.ts) owns the DOM.

/** Documents longer than this (code points) are rendered in a window; shorter ones whole. */
export const WINDOW_FROM_CHARS = 60_000;

/** Block heights with prefix sums in O(log n). */
export class HeightIndex {
  private readonly h: Float64Array;
  /** Fenwick tree over `h` (1-based). */
  private readonly tree: Float64Array;

  constructor(heights: ArrayLike<number>) {
    const n = heights.length;
    this.h = new Float64Array(n);
    this.tree = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.h[i] = Math.max(0, heights[i] ?? 0);
    // O(n) construction
    for (let i = 1; i <= n; i++) {
      this.tree[i]! += this.h[i - 1]!;
      const j = i + (i & -i);
      if (j <= n) this.tree[j]! += this.tree[i]!;
    }
  }

  get size(): number {
    return this.h.length;
  }

  get total(): number {
    return this.prefix(this.h.length);
  }

  height(i: number): number {
    return this.h[i] ?? 0;
  }

  /** Sets block `i`'s height (a measured one replacing its estimate); returns the change. */
  set(i: number, height: number): number {
    if (i < 0 || i >= this.h.length) return 0;
    const d = Math.max(0, height) - this.h[i]!;
    if (d === 0) return 0;
    this.h[i]! += d;
    for (let k = i + 1; k <= this.h.length; k += k & -k) this.tree[k]! += d;
    return d;
  }

  /** Sum of the heights of blocks [0, i). */
  prefix(i: number): number {
    let s = 0;
    for (let k = Math.min(Math.max(i, 0), this.h.length); k > 0; k -= k & -k) s += this.tree[k]!;
    return s;
  }

  /** The block at `y` (px from the top of the first block), clamped to the document. */
  find(y: number): number {
    const n = this.h.length;
    if (n === 0) return 0;
    if (y <= 0) return 0;
    // the largest i with prefix(i) <= y: binary lifting down the tree
    let pos = 0;
    let rest = y;
    let step = 1;
    while (step * 2 <= n) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && this.tree[next]! <= rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return Math.min(pos, n - 1);
  }
}

/** A window of blocks [from, to). */
export interface BlockWindow {
  from: number;
  to: number;
}

/**
 * The blocks to render for a viewport showing `y0..y1` (px from the top of
 * the first block), with `overscan` px more on each side.
 */
export function windowFor(idx: HeightIndex, y0: number, y1: number, overscan: number): BlockWindow {
  const n = idx.size;
  if (n === 0) return { from: 0, to: 0 };
  const from = idx.find(y0 - overscan);
  const to = Math.min(n, idx.find(y1 + overscan) + 1);
  return { from, to: Math.max(to, from + 1) };
}

/** Whether the window `w` covers `y0..y1` (the ends of the document count as covered). */
export function covers(idx: HeightIndex, w: BlockWindow, y0: number, y1: number): boolean {
  if (w.to <= w.from) return idx.size === 0;
  const top = w.from === 0 ? -Infinity : idx.prefix(w.from);
  const bottom = w.to >= idx.size ? Infinity : idx.prefix(w.to);
  return top <= y0 && bottom >= y1;
}

/** What a block's estimated height is made of (px), measured off the rendered text. */
export interface TextMetrics {
  /** Characters per line (CJK: the column width over the font size). */
  perLine: number;
  lineHeight: number;
  /** Space a paragraph adds besides its lines. */
  paraExtra: number;
  /** Height of a heading line with its space. */
  heading: number;
}

/** Estimated height of a block of `len` code points. */
export function estimateHeight(m: TextMetrics, kind: string, len: number): number {
  const lines = Math.max(1, Math.ceil(len / Math.max(1, m.perLine)));
  if (kind === "heading") return m.heading + (lines - 1) * m.lineHeight;
  return lines * m.lineHeight + m.paraExtra;
}
