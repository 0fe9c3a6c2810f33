// Code point <-> UTF-16 <-> DOM Range conversions.
//
// Every position that crosses the backend is a Unicode code point offset into
// the document text (the blocks joined by "\n"), as in the W3C Web Annotation
// model. JavaScript strings and DOM ranges count UTF-16 code units, so every
// conversion goes through this module.
//
// The rendered reader marks each block element with `data-block` (index),
// `data-start` (code point offset of the block in the document) and
// `data-len` (code point length). Text inside a block may be split over any
// number of text nodes and inline elements (<strong> for a lead phrase,
// <mark> for highlights without the Custom Highlight API); only text nodes
// count. Elements marked `data-offsets-skip` are ignored.

/** Number of code points in `s`. */
export function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * UTF-16 index of code point offset `cp` in `s`. Offsets past the end clamp
 * to `s.length`; negative offsets clamp to 0.
 */
export function cpToUtf16(s: string, cp: number): number {
  if (cp <= 0) return 0;
  let n = 0;
  let i = 0;
  while (i < s.length && n < cp) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      i += d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    } else {
      i++;
    }
    n++;
  }
  return i;
}

/**
 * Code point offset of UTF-16 index `u` in `s`. An index that falls between
 * the two halves of a surrogate pair rounds down to the start of that
 * character, so a DOM position can never split an astral character.
 */
export function utf16ToCp(s: string, u: number): number {
  if (u <= 0) return 0;
  const end = Math.min(u, s.length);
  let n = 0;
  let i = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (i + 2 > end) break; // u splits the pair: round down
        i += 2;
        n++;
        continue;
      }
    }
    i++;
    n++;
  }
  return n;
}

/** Substring of `s` by code point offsets [start, end). */
export function sliceCp(s: string, start: number, end?: number): string {
  const a = cpToUtf16(s, start);
  const b = end === undefined ? s.length : cpToUtf16(s, end);
  return s.slice(a, Math.max(a, b));
}

/** Converts code point ranges within `s` into UTF-16 ranges. */
export function cpRangesToUtf16(s: string, ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  return ranges.map(([a, b]) => [cpToUtf16(s, a), cpToUtf16(s, b)]);
}

// ---------------------------------------------------------------------------
// DOM

export interface BlockSpan {
  el: HTMLElement;
  index: number;
  start: number; // code points, in the document
  len: number; // code points
}

/** Reads the block spans (sorted by start) rendered inside `root`. */
export function readBlocks(root: ParentNode): BlockSpan[] {
  const out: BlockSpan[] = [];
  root.querySelectorAll<HTMLElement>("[data-block]").forEach((el) => {
    out.push({
      el,
      index: Number(el.dataset.block),
      start: Number(el.dataset.start),
      len: Number(el.dataset.len),
    });
  });
  out.sort((a, b) => a.start - b.start);
  return out;
}

function isSkipped(node: Node, stop: Node): boolean {
  for (let n: Node | null = node.parentNode; n && n !== stop; n = n.parentNode) {
    if (n.nodeType === 1 && (n as Element).hasAttribute("data-offsets-skip")) return true;
  }
  return false;
}

/** The text nodes of a block element, in document order. */
export function textNodes(el: Node): Text[] {
  const out: Text[] = [];
  const doc = el.ownerDocument ?? (el as Document);
  const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!isSkipped(n, el)) out.push(n as Text);
  }
  return out;
}

function closestBlock(node: Node): HTMLElement | null {
  let n: Node | null = node;
  while (n && n.nodeType !== 1) n = n.parentNode;
  return n ? ((n as Element).closest("[data-block]") as HTMLElement | null) : null;
}

/**
 * Code point offset in the block element `blockEl` of the DOM position
 * (node, offset). `offset` is a UTF-16 index for text nodes and a child index
 * for element nodes, as in DOM ranges.
 */
export function offsetInBlock(blockEl: Node, node: Node, offset: number): number {
  const nodes = textNodes(blockEl);
  let cp = 0;
  if (node.nodeType === 3) {
    for (const t of nodes) {
      if (t === node) return cp + utf16ToCp(t.data, offset);
      cp += cpLength(t.data);
    }
    return cp;
  }
  // Element position: count the text nodes that end at or before it.
  const r = (blockEl.ownerDocument ?? (blockEl as Document)).createRange();
  r.setStart(blockEl, 0);
  r.setEnd(node, offset);
  for (const t of nodes) {
    if (r.comparePoint(t, t.data.length) !== 0) break;
    cp += cpLength(t.data);
  }
  return cp;
}

/**
 * Document offset (code points) of a DOM position inside the reader, or null
 * when the position is not inside a block.
 */
export function domPointToOffset(node: Node, offset: number): number | null {
  const block = closestBlock(node);
  if (!block) return null;
  const start = Number(block.dataset.start);
  const len = Number(block.dataset.len);
  return start + Math.min(len, offsetInBlock(block, node, offset));
}

/**
 * Document offsets [start, end) of a DOM range, or null when it does not
 * touch any block of `root`. Range ends outside blocks (e.g. in the gap
 * between two paragraphs) are clamped to the nearest block boundary.
 */
export function rangeToOffsets(root: ParentNode, range: Range): { start: number; end: number } | null {
  const blocks = readBlocks(root);
  if (blocks.length === 0) return null;
  const point = (node: Node, offset: number, isEnd: boolean): number | null => {
    const direct = domPointToOffset(node, offset);
    if (direct !== null) return direct;
    // Outside blocks: find first block after (for start) / last before (for end).
    const probe = (root as Node).ownerDocument!.createRange();
    probe.setStart(node, offset);
    if (!isEnd) {
      for (const b of blocks) {
        if (probe.comparePoint(b.el, 0) >= 0) return b.start;
      }
      return null;
    }
    for (let i = blocks.length - 1; i >= 0; i--) {
      const b = blocks[i]!;
      if (probe.comparePoint(b.el, b.el.childNodes.length) <= 0) return b.start + b.len;
    }
    return null;
  };
  const s = point(range.startContainer, range.startOffset, false);
  const e = point(range.endContainer, range.endOffset, true);
  if (s === null || e === null || e <= s) return null;
  return { start: s, end: e };
}

function locateInBlock(block: BlockSpan, cp: number): { node: Node; offset: number } {
  const nodes = textNodes(block.el);
  let acc = 0;
  for (const t of nodes) {
    const n = cpLength(t.data);
    if (cp <= acc + n) return { node: t, offset: cpToUtf16(t.data, cp - acc) };
    acc += n;
  }
  const last = nodes[nodes.length - 1];
  if (last) return { node: last, offset: last.data.length };
  return { node: block.el, offset: block.el.childNodes.length };
}

/** Index of the block containing code point offset `cp` (binary search). */
export function findBlock(blocks: ReadonlyArray<{ start: number; len: number }>, cp: number, preferNext: boolean): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.start <= cp) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (ans < 0) return 0;
  const b = blocks[ans]!;
  // cp at the "\n" after a block (or its end) belongs to the next block when starting
  if (preferNext && cp >= b.start + b.len && ans + 1 < blocks.length) return ans + 1;
  return ans;
}

/**
 * A DOM Range over document offsets [start, end) in the rendered blocks, or
 * null when the blocks are not rendered or the range is empty.
 */
export function offsetsToRange(blocks: readonly BlockSpan[], start: number, end: number): Range | null {
  if (blocks.length === 0 || end <= start) return null;
  const bi = findBlock(blocks, start, true);
  const ei = findBlock(blocks, end, false);
  const sb = blocks[bi]!;
  const eb = blocks[ei]!;
  const s = locateInBlock(sb, Math.max(0, Math.min(sb.len, start - sb.start)));
  const e = locateInBlock(eb, Math.max(0, Math.min(eb.len, end - eb.start)));
  const range = sb.el.ownerDocument.createRange();
  range.setStart(s.node, s.offset);
  range.setEnd(e.node, e.offset);
  if (range.collapsed) return null;
  return range;
}

/** Caret position (node, offset) at a viewport point, in any browser. */
export function caretFromPoint(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (typeof d.caretPositionFromPoint === "function") {
    const p = d.caretPositionFromPoint(x, y);
    if (p) return { node: p.offsetNode, offset: p.offset };
  }
  if (typeof d.caretRangeFromPoint === "function") {
    const r = d.caretRangeFromPoint(x, y);
    if (r) return { node: r.startContainer, offset: r.startOffset };
  }
  return null;
}
