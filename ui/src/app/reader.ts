// The reader: renders the blocks of a document, paints highlights (CSS
// Custom Highlight API in Chromium; <mark>s in WebKit and where the API is
// missing), hit-tests clicks on highlights and scrolls/flashes passages.
// It knows no store: readerview.ts tells it what to paint. Each highlight is
// painted under its colour's CSS name (colors.ts), whatever the key.
import type { Annotation } from "../bindings";
import type { Block } from "../bindings";
import type { Document } from "../bindings";
import { caretFromPoint, domPointToOffset, offsetsToRange, readBlocks, textNodes, type BlockSpan } from "../anchoring/offsets";
import { colorClass, OTHER_HIGHLIGHT } from "../colors";
import { clear, h } from "../dom";

export function hasHighlightApi(): boolean {
  // `?marks` forces the <mark> fallback (tests, old WebViews)
  if (typeof location !== "undefined" && new URLSearchParams(location.search).has("marks")) return false;
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof (globalThis as { Highlight?: unknown }).Highlight === "function";
}

/**
 * WebKit (WebKitGTK, WKWebView) repaints every custom highlight range on every
 * frame: with a hundred highlights each keystroke elsewhere costs ~70 ms there,
 * against ~9 ms with <mark>s. Chromium paints them cheaply.
 */
function preferMarks(): boolean {
  if (typeof navigator === "undefined") return false;
  const ua = navigator.userAgent;
  return /AppleWebKit/.test(ua) && !/Chrome|Chromium|Edg\//.test(ua);
}

export class Reader {
  readonly el: HTMLElement;
  blocks: BlockSpan[] = [];
  private doc: Document | null = null;
  readonly ranges = new Map<string, Range>();
  readonly useApi: boolean;
  /** Highlight names set in CSS.highlights by the last paint. */
  private painted = new Set<string>();
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(useApi = hasHighlightApi() && !preferMarks()) {
    this.useApi = useApi;
    this.el = h("article", { class: "reader", "data-testid": "reader", lang: "zh-CN" });
  }

  render(doc: Document): void {
    this.doc = doc;
    this.el.dataset.doc = doc.id;
    clear(this.el);
    this.el.appendChild(h("h1", { class: "doc-title", "data-testid": "doc-title" }, doc.title));
    for (const b of doc.blocks) {
      const attrs = { "data-block": b.index, "data-start": b.start, "data-len": b.len, id: `b${b.index}` };
      let el: HTMLElement;
      if (b.kind === "heading") el = h("h2", { ...attrs, class: "blk heading" });
      else if (b.kind === "subtitle") el = h("p", { ...attrs, class: "blk subtitle" });
      else el = h("p", { ...attrs, class: b.lead ? "blk para has-lead" : "blk para" });
      this.fillBlock(el, b.index);
      this.el.appendChild(el);
    }
    this.blocks = readBlocks(this.el);
    this.ranges.clear();
  }

  private fillBlock(el: HTMLElement, index: number): void {
    const b = this.doc!.blocks[index]!;
    clear(el);
    if (b.lead && b.text.startsWith(b.lead.phrase)) {
      el.appendChild(h("strong", { class: "lead" }, b.lead.phrase));
      const rest = b.text.slice(b.lead.phrase.length);
      if (rest) el.appendChild(document.createTextNode(rest));
    } else {
      el.appendChild(document.createTextNode(b.text));
    }
  }

  blockEl(index: number): HTMLElement | null {
    return this.el.querySelector<HTMLElement>(`[data-block="${index}"]`);
  }

  rangeFor(start: number, end: number): Range | null {
    return offsetsToRange(this.blocks, start, end);
  }

  /**
   * Paints all highlights; `active` gets an extra outline. `colors` are the
   * library's colour keys: a highlight in any other is painted neutral.
   */
  paint(annotations: ReadonlyArray<Annotation>, activeId: string | null, colors: ReadonlySet<string>): void {
    this.ranges.clear();
    const nameOf = (a: Annotation) => (colors.has(a.color) ? colorClass(a.color) : OTHER_HIGHLIGHT);
    if (this.useApi) {
      const byName = new Map<string, Range[]>();
      for (const a of annotations) {
        const r = this.rangeFor(a.start, a.end);
        if (!r) continue;
        this.ranges.set(a.id, r);
        const name = nameOf(a);
        let list = byName.get(name);
        if (!list) byName.set(name, (list = []));
        list.push(r);
      }
      for (const name of this.painted) if (!byName.has(name)) CSS.highlights.delete(name);
      for (const [name, list] of byName) CSS.highlights.set(name, new Highlight(...list));
      this.painted = new Set(byName.keys());
      this.paintActive(activeId);
      return;
    }
    this.paintMarks(annotations, activeId, nameOf);
  }

  /**
   * The <mark> painter: each block is rebuilt in one pass from the segments
   * between highlight boundaries, each segment wrapped in one nested <mark>
   * per highlight covering it (outermost first, so translucent colours stack
   * as overlapping highlights should). Linear in text plus highlights, where
   * wrapping range by range was quadratic.
   */
  private paintMarks(annotations: ReadonlyArray<Annotation>, activeId: string | null, nameOf: (a: Annotation) => string): void {
    const doc = this.doc;
    if (!doc) return;
    const byBlock = new Map<number, Annotation[]>();
    for (const a of annotations) {
      for (const b of blocksOverlapping(doc.blocks, a.start, a.end)) {
        let list = byBlock.get(b.index);
        if (!list) byBlock.set(b.index, (list = []));
        list.push(a);
      }
    }
    // Text node starting / ending at each block-relative code point, per block.
    const starts = new Map<number, Map<number, Text>>();
    const ends = new Map<number, Map<number, Text>>();
    for (const b of doc.blocks) {
      const el = this.blockEl(b.index);
      if (!el) continue;
      const list = byBlock.get(b.index);
      if (list) {
        const segs = this.fillBlockMarked(el, b.index, list, activeId, nameOf);
        starts.set(b.index, new Map(segs.map((g) => [g.p, g.node])));
        ends.set(b.index, new Map(segs.map((g) => [g.q, g.node])));
      } else if (el.querySelector("mark")) this.fillBlock(el, b.index);
    }
    this.blocks = readBlocks(this.el);
    // Every highlight starts and ends on a segment boundary, so its range is
    // known without walking the text again.
    for (const a of annotations) {
      const over = blocksOverlapping(doc.blocks, a.start, a.end);
      const first = over[0];
      const last = over[over.length - 1];
      if (!first || !last) continue;
      const from = starts.get(first.index)?.get(Math.max(0, a.start - first.start));
      const to = ends.get(last.index)?.get(Math.min(last.len, a.end - last.start));
      if (!from || !to) continue;
      const r = document.createRange();
      r.setStart(from, 0);
      r.setEnd(to, to.data.length);
      this.ranges.set(a.id, r);
    }
  }

  /** Rebuilds one block with its highlights; returns its text segments. */
  private fillBlockMarked(
    el: HTMLElement,
    index: number,
    list: Annotation[],
    activeId: string | null,
    nameOf: (a: Annotation) => string,
  ): { p: number; q: number; node: Text }[] {
    const b = this.doc!.blocks[index]!;
    const chars = Array.from(b.text); // one entry per code point
    const n = chars.length;
    const leadLen = b.lead && b.text.startsWith(b.lead.phrase) ? Array.from(b.lead.phrase).length : 0;
    const clamp = (x: number) => Math.max(0, Math.min(n, x - b.start));
    const cuts = new Set<number>([0, n]);
    if (leadLen) cuts.add(leadLen);
    for (const a of list) {
      cuts.add(clamp(a.start));
      cuts.add(clamp(a.end));
    }
    const bounds = [...cuts].sort((x, y) => x - y);
    // Outermost first: earlier start, then longer.
    const ordered = [...list].sort((x, y) => x.start - y.start || y.end - x.end);
    clear(el);
    const lead = leadLen ? el.appendChild(h("strong", { class: "lead" })) : null;
    const segs: { p: number; q: number; node: Text }[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const p = bounds[i]!;
      const q = bounds[i + 1]!;
      if (q <= p) continue;
      const text = document.createTextNode(chars.slice(p, q).join(""));
      segs.push({ p, q, node: text });
      let node: Node = text;
      const covering = ordered.filter((a) => clamp(a.start) <= p && clamp(a.end) >= q);
      for (let k = covering.length - 1; k >= 0; k--) {
        const a = covering[k]!;
        const m = document.createElement("mark");
        m.className = `hl ${nameOf(a)}${a.id === activeId ? " hl-active" : ""}`;
        m.dataset.ann = a.id;
        m.appendChild(node);
        node = m;
      }
      (lead && p < leadLen ? lead : el).appendChild(node);
    }
    return segs;
  }

  paintActive(activeId: string | null): void {
    if (!this.useApi) {
      this.el.querySelectorAll("mark.hl-active").forEach((m) => m.classList.remove("hl-active"));
      if (activeId) this.el.querySelectorAll(`mark[data-ann="${CSS.escape(activeId)}"]`).forEach((m) => m.classList.add("hl-active"));
      return;
    }
    const r = activeId ? this.ranges.get(activeId) : undefined;
    if (r) CSS.highlights.set("hl-active", new Highlight(r));
    else CSS.highlights.delete("hl-active");
  }

  /** Keeps the selected passage visible while focus is in the selection toolbar (the API path; marks keep the DOM selection). */
  paintPending(span: { start: number; end: number } | null): void {
    if (!this.useApi) return;
    const r = span ? this.rangeFor(span.start, span.end) : null;
    if (r) CSS.highlights.set("hl-pending", new Highlight(r));
    else CSS.highlights.delete("hl-pending");
  }

  /** The document offset under a viewport point, or null. */
  offsetAt(x: number, y: number): number | null {
    const p = caretFromPoint(document, x, y);
    if (!p || !this.el.contains(p.node)) return null;
    return domPointToOffset(p.node, p.offset);
  }

  /** The (shortest) annotation whose painted range is under the point. */
  annotationAt(x: number, y: number, annotations: ReadonlyArray<Annotation>): Annotation | null {
    const off = this.offsetAt(x, y);
    if (off === null) return null;
    let best: Annotation | null = null;
    for (const a of annotations) {
      if (a.start > off || a.end < off) continue;
      const r = this.ranges.get(a.id);
      if (!r) continue;
      const hit = [...r.getClientRects()].some((rc) => x >= rc.left - 1 && x <= rc.right + 1 && y >= rc.top - 1 && y <= rc.bottom + 1);
      if (!hit) continue;
      if (!best || a.end - a.start < best.end - best.start) best = a;
    }
    return best;
  }

  /** Scrolls `scroller` so the range sits at about a third of its height. */
  scrollToRange(scroller: HTMLElement, r: Range, smooth = true): void {
    const rect = r.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    const target = scroller.scrollTop + rect.top - box.top - scroller.clientHeight / 3;
    scroller.scrollTo({ top: Math.max(0, target), behavior: smooth ? "smooth" : "auto" });
  }

  flash(start: number, end: number): void {
    const r = this.rangeFor(start, end);
    if (!r) return;
    if (this.flashTimer !== undefined) clearTimeout(this.flashTimer);
    this.el.dataset.flash = `${start}-${end}`;
    let marks: HTMLElement[] = [];
    const on = () => {
      if (this.useApi) CSS.highlights.set("hl-flash", new Highlight(r));
      else marks = wrapRange(r.cloneRange(), "hl-flash");
    };
    const off = () => {
      if (this.useApi) CSS.highlights.delete("hl-flash");
      else for (const m of marks) unwrap(m);
    };
    on();
    this.flashTimer = setTimeout(() => {
      off();
      this.flashTimer = setTimeout(() => {
        on();
        this.flashTimer = setTimeout(() => {
          off();
          delete this.el.dataset.flash;
          this.flashTimer = undefined;
        }, 900);
      }, 160);
    }, 420);
  }

  /** The first block whose box is at or below `y` (viewport px). */
  topBlock(y: number): { index: number; offset: number } | null {
    let lo = 0;
    let hi = this.blocks.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const rect = this.blocks[mid]!.el.getBoundingClientRect();
      if (rect.bottom > y) {
        ans = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    if (ans < 0) return null;
    const b = this.blocks[ans]!;
    return { index: b.index, offset: y - b.el.getBoundingClientRect().top };
  }

  clearHighlights(): void {
    if (!this.useApi) return;
    for (const name of this.painted) CSS.highlights.delete(name);
    this.painted.clear();
    for (const name of ["hl-active", "hl-flash", "hl-pending"]) CSS.highlights.delete(name);
  }
}

/** Blocks that overlap the code-point range `start..end` (blocks are in order). */
function blocksOverlapping(blocks: ReadonlyArray<Block>, start: number, end: number): Block[] {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.start + blocks[mid]!.len <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: Block[] = [];
  for (let i = lo; i < blocks.length && blocks[i]!.start < end; i++) out.push(blocks[i]!);
  return out;
}

/** Wraps the text of `r` in <mark class=cls>s (the flash in the <mark> path). */
function wrapRange(r: Range, cls: string): HTMLElement[] {
  const block = (r.commonAncestorContainer.nodeType === 1 ? (r.commonAncestorContainer as Element) : r.commonAncestorContainer.parentElement)!;
  const root = block.closest(".reader") ?? block;
  const out: HTMLElement[] = [];
  const nodes = textNodes(root).filter((t) => r.intersectsNode(t));
  for (let t of nodes) {
    let s = t === r.startContainer ? r.startOffset : 0;
    let e = t === r.endContainer ? r.endOffset : t.data.length;
    if (e <= s) continue;
    if (s > 0) {
      t = t.splitText(s);
      e -= s;
      s = 0;
    }
    if (e < t.data.length) t.splitText(e);
    const m = document.createElement("mark");
    m.className = cls;
    t.parentNode!.insertBefore(m, t);
    m.appendChild(t);
    out.push(m);
  }
  return out;
}

function unwrap(m: HTMLElement): void {
  const p = m.parentNode;
  if (!p) return;
  while (m.firstChild) p.insertBefore(m.firstChild, m);
  p.removeChild(m);
  p.normalize();
}
