// Layout of the margin column: every note card wants to sit level with its
// passage, and cards never overlap. Pushing colliding cards down (as Word
// does) drifts without bound when notes are dense — 200 notes on the speech
// left the cards thousands of px below their passages — so a card that
// would end up more than its own height below its passage joins the card
// above it instead: a *stack* (one card shown, "+N", expandable). The card
// of the open note (`pinnedId`) always shows, exactly level with its
// passage; the cards just above that would run into it join its stack.
// Pure function, O(n log n).

export interface MarginItem {
  id: string;
  top: number; // desired top (px), level with the passage
  height: number; // card height (px)
}

/** One card shown in the margin: `id`'s card, with `members` collapsed behind it. */
export interface MarginStack {
  id: string;
  /** The other notes in this stack, in text order (empty: a plain card). */
  members: string[];
  top: number;
  height: number;
}

/**
 * Places the cards in order of their desired tops (ties keep input order).
 * Each card goes at its desired top, or just below the previous card plus
 * `gap`; if that is more than its own height below its passage, it joins
 * the previous stack instead. Returns the stacks in top order; each item is
 * in exactly one stack (as its shown card or a member).
 *
 * Guarantees (tested): stacks do not overlap; a shown card sits between its
 * passage and one card height below it (the pinned one exactly at it); a
 * member's passage lies between two card heights above its stack's top and
 * the stack's bottom plus `gap`.
 */
export function layoutMargin(items: ReadonlyArray<MarginItem>, gap: number, pinnedId: string | null = null): MarginStack[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.top - items[b]!.top || a - b);
  const pinPos = pinnedId === null ? -1 : order.findIndex((i) => items[i]!.id === pinnedId);
  const pinned = pinPos >= 0 ? items[order[pinPos]!]! : null;
  const pinnedStack: MarginStack | null = pinned ? { id: pinned.id, members: [], top: pinned.top, height: Math.max(0, pinned.height) } : null;
  const stacks: MarginStack[] = [];
  let floor = -Infinity;
  let pinnedPlaced = false;
  for (let k = 0; k < order.length; k++) {
    const it = items[order[k]!]!;
    if (k === pinPos) {
      stacks.push(pinnedStack!);
      pinnedPlaced = true;
      floor = pinnedStack!.top + pinnedStack!.height + gap;
      continue;
    }
    const h = Math.max(0, it.height);
    const top = Math.max(it.top, floor);
    const last = stacks[stacks.length - 1];
    if (last && top - it.top > h) {
      last.members.push(it.id);
      continue;
    }
    // before the pinned card: one that would run into it joins its stack
    if (pinnedStack && !pinnedPlaced && top + h + gap > pinnedStack.top) {
      pinnedStack.members.push(it.id);
      continue;
    }
    stacks.push({ id: it.id, members: [], top, height: h });
    floor = top + h + gap;
  }
  return stacks;
}

/** The index of the first stack whose bottom is at or below `y` (stacks in top order, not overlapping). */
export function firstStackBelow(stacks: ReadonlyArray<MarginStack>, y: number): number {
  let lo = 0;
  let hi = stacks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = stacks[mid]!;
    if (s.top + s.height < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
