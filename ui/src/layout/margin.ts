// Layout of the margin column: every note card wants to sit level with its
// passage; cards never overlap, a card that would collide with the one above
// is pushed down. Pure function, O(n log n).

export interface MarginItem {
  id: string;
  top: number; // desired top (px), level with the passage
  height: number; // card height (px)
}

export interface MarginPlacement {
  id: string;
  top: number;
}

/**
 * Places the cards in order of their desired top (ties keep input order):
 * each card goes at its desired top, or just below the previous card plus
 * `gap` if that is lower. Returns the placements in the input order.
 */
export function layoutMargin(items: ReadonlyArray<MarginItem>, gap: number): MarginPlacement[] {
  const order = items.map((_, i) => i);
  order.sort((a, b) => items[a]!.top - items[b]!.top || a - b);
  const tops = new Array<number>(items.length);
  let floor = -Infinity;
  for (const i of order) {
    const it = items[i]!;
    const top = Math.max(it.top, floor);
    tops[i] = top;
    floor = top + Math.max(0, it.height) + gap;
  }
  return items.map((it, i) => ({ id: it.id, top: tops[i]! }));
}

/**
 * Like layoutMargin, but the card `pinnedId` sits exactly level with its
 * passage (as Word does for the selected comment): the cards above it move
 * up where they would collide with it, the cards below are pushed down.
 */
export function layoutMarginPinned(items: ReadonlyArray<MarginItem>, gap: number, pinnedId: string | null): MarginPlacement[] {
  const base = layoutMargin(items, gap);
  const pi = pinnedId === null ? -1 : items.findIndex((it) => it.id === pinnedId);
  if (pi < 0) return base;
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.top - items[b]!.top || a - b);
  const pos = order.indexOf(pi);
  const tops = base.map((p) => p.top);
  tops[pi] = items[pi]!.top;
  // above: move up as needed
  let limit = tops[pi]!;
  for (let k = pos - 1; k >= 0; k--) {
    const i = order[k]!;
    const h = Math.max(0, items[i]!.height);
    const top = Math.min(items[i]!.top, limit - gap - h);
    tops[i] = top;
    limit = top;
  }
  // below: push down from the pinned card
  let floor = tops[pi]! + Math.max(0, items[pi]!.height) + gap;
  for (let k = pos + 1; k < order.length; k++) {
    const i = order[k]!;
    const top = Math.max(items[i]!.top, floor);
    tops[i] = top;
    floor = top + Math.max(0, items[i]!.height) + gap;
  }
  return items.map((it, i) => ({ id: it.id, top: tops[i]! }));
}
