// The reader: renders the blocks of a document, paints highlights (CSS
// Custom Highlight API in Chromium; <mark>s in WebKit and where the API is
// missing), hit-tests clicks on highlights and scrolls/flashes passages.
// It knows no store: readerview.ts tells it what to paint. Each highlight is
// painted under its colour's CSS name (colors.ts), whatever the key.
import type { Annotation } from "../bindings";
import type { Block } from "../bindings";
import type { Document } from "../bindings";
import { caretFromPoint, domPointToOffset, offsetsToRange, readBlocks, type BlockSpan } from "../anchoring/offsets";
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
  /** Block elements by block index. */
  private blockEls: HTMLElement[] = [];
  /** Per block (<mark> path): what its marks were built from, and its text segments. */
  private built = new Map<number, { sig: string; starts: Map<number, Text>; ends: Map<number, Text> }>();
  /** The span each range was made for (a moved highlight gets a new one). */
  private spans = new Map<string, { start: number; end: number }>();
  private flashLayer: HTMLElement | null = null;
  private hoverLayer: HTMLElement | null = null;
  private hoverId: string | null = null;
  private doc: Document | null = null;
  readonly ranges = new Map<string, Range>();
  readonly useApi: boolean;
  /** Highlight names set in CSS.highlights by the last paint. */
  private painted = new Set<string>();
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(useApi = hasHighlightApi() && !preferMarks()) {
    this.useApi = useApi;
    // tabindex -1: the skip link and a deleted card's focus can land here
    this.el = h("article", { class: "reader", "data-testid": "reader", lang: "zh-CN", id: "reader", tabindex: -1 });
  }

  render(doc: Document): void {
    this.doc = doc;
    this.el.dataset.doc = doc.id;
    this.dropRanges();
    this.clearHighlights();
    this.stopFlash();
    this.hoverLayer = null;
    this.el.replaceChildren();
    this.blockEls = [];
    this.built.clear();
    this.el.appendChild(h("h1", { class: "doc-title", "data-testid": "doc-title" }, doc.title));
    for (const b of doc.blocks) {
      const attrs = { "data-block": b.index, "data-start": b.start, "data-len": b.len, id: `b${b.index}` };
      let el: HTMLElement;
      if (b.kind === "heading") {
        // Outline depth from the core (0 in documents stored before levels): h2 … h5.
        const level = Math.min(Math.max(b.level ?? 1, 1), 4);
        el = h(`h${level + 1}` as "h2", { ...attrs, class: `blk heading lv${level}` });
      }
      else if (b.kind === "subtitle") el = h("p", { ...attrs, class: "blk subtitle" });
      else el = h("p", { ...attrs, class: b.lead ? "blk para has-lead" : "blk para" });
      this.fillBlock(el, b.index);
      this.el.appendChild(el);
      this.blockEls[b.index] = el;
    }
    this.blocks = readBlocks(this.el);
  }

  /**
   * Forgets every range, parking it first at the start of the reader: a
   * dropped Range stays live until it is collected, and the engine updates
   * every live range on every node removal (1,000 of them made leaving a
   * document cost ~0.3–0.45 s).
   */
  private dropRanges(): void {
    for (const r of this.ranges.values()) park(r, this.el);
    this.ranges.clear();
    this.spans.clear();
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
    return this.blockEls[index] ?? null;
  }

  rangeFor(start: number, end: number): Range | null {
    return offsetsToRange(this.blocks, start, end);
  }

  /**
   * Paints all highlights; `active` gets an extra outline. `colors` are the
   * library's colour keys: a highlight in any other is painted neutral.
   */
  paint(annotations: ReadonlyArray<Annotation>, activeId: string | null, colors: ReadonlySet<string>): void {
    const nameOf = (a: Annotation) => (colors.has(a.color) ? colorClass(a.color) : OTHER_HIGHLIGHT);
    // ranges of highlights gone or moved are parked; the others are kept
    const live = new Map(annotations.map((a) => [a.id, a]));
    for (const [id, r] of this.ranges) {
      const a = live.get(id);
      const sp = this.spans.get(id);
      if (!a || !sp || sp.start !== a.start || sp.end !== a.end) {
        park(r, this.el);
        this.ranges.delete(id);
        this.spans.delete(id);
      }
    }
    if (this.useApi) {
      const byName = new Map<string, Range[]>();
      for (const a of annotations) {
        let r = this.ranges.get(a.id) ?? null;
        if (!r) {
          // the text is never rebuilt in this path: a range stays valid
          r = this.rangeFor(a.start, a.end);
          if (!r) continue;
          this.ranges.set(a.id, r);
          this.spans.set(a.id, { start: a.start, end: a.end });
        }
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
    // Rebuild only the blocks whose highlights changed (a colour change: one block).
    const rebuild = new Map<number, string>();
    for (const b of doc.blocks) {
      const list = byBlock.get(b.index);
      const sig = list ? list.map((a) => `${a.id}:${a.start}:${a.end}:${nameOf(a)}`).join("|") : "";
      if ((this.built.get(b.index)?.sig ?? "") !== sig) rebuild.set(b.index, sig);
    }
    // park the ranges in those blocks before their nodes go
    for (const a of annotations) {
      const r = this.ranges.get(a.id);
      if (r && blocksOverlapping(doc.blocks, a.start, a.end).some((b) => rebuild.has(b.index))) {
        park(r, this.el);
        this.ranges.delete(a.id);
      }
    }
    for (const [index, sig] of rebuild) {
      const el = this.blockEls[index];
      if (!el) continue;
      const list = byBlock.get(index);
      if (list) {
        const segs = this.fillBlockMarked(el, index, list, activeId, nameOf);
        this.built.set(index, { sig, starts: new Map(segs.map((g) => [g.p, g.node])), ends: new Map(segs.map((g) => [g.q, g.node])) });
      } else {
        this.fillBlock(el, index);
        this.built.delete(index);
      }
    }
    // Every highlight starts and ends on a segment boundary, so its range is
    // known without walking the text again; one in no rebuilt block keeps its range.
    for (const a of annotations) {
      const over = blocksOverlapping(doc.blocks, a.start, a.end);
      const first = over[0];
      const last = over[over.length - 1];
      if (!first || !last) continue;
      if (this.ranges.has(a.id)) continue; // its blocks were kept
      const from = this.built.get(first.index)?.starts.get(Math.max(0, a.start - first.start));
      const to = this.built.get(last.index)?.ends.get(Math.min(last.len, a.end - last.start));
      if (!from || !to) {
        this.spans.delete(a.id);
        continue;
      }
      const r = document.createRange();
      r.setStart(from, 0);
      r.setEnd(to, to.data.length);
      this.ranges.set(a.id, r);
      this.spans.set(a.id, { start: a.start, end: a.end });
    }
    this.paintActive(activeId);
    if (this.hoverId) this.paintHover(this.hoverId);
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

  /**
   * Outlines the passage of the card under the pointer (null: none), on a
   * layer under the text: both painters, and no highlight that counts as a note's.
   */
  paintHover(id: string | null): void {
    this.hoverId = id;
    const r = id ? this.ranges.get(id) : undefined;
    if (r) this.hoverLayer = this.drawRects(this.hoverLayer, "hover", r);
    else {
      this.hoverLayer?.remove();
      this.hoverLayer = null;
    }
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

  /**
   * Flashes a passage twice. The <mark> path draws the flash on a layer
   * under the text: wrapping the passage in <mark>s split and moved the
   * painted highlights' text nodes, which emptied their ranges (the card
   * jumped to the top, a click on the text no longer found the note).
   */
  flash(start: number, end: number): void {
    const r = this.rangeFor(start, end);
    if (!r) return;
    this.stopFlash();
    this.el.dataset.flash = `${start}-${end}`;
    const on = () => {
      if (this.useApi) CSS.highlights.set("hl-flash", new Highlight(r));
      else this.flashLayer = this.drawRects(this.flashLayer, "flash", r);
    };
    const off = () => {
      if (this.useApi) CSS.highlights.delete("hl-flash");
      else this.flashLayer?.replaceChildren();
    };
    on();
    this.flashTimer = setTimeout(() => {
      off();
      this.flashTimer = setTimeout(() => {
        on();
        this.flashTimer = setTimeout(() => this.stopFlash(), 900);
      }, 160);
    }, 420);
  }

  private stopFlash(): void {
    if (this.flashTimer !== undefined) clearTimeout(this.flashTimer);
    this.flashTimer = undefined;
    delete this.el.dataset.flash;
    if (this.useApi && typeof CSS !== "undefined" && "highlights" in CSS) CSS.highlights.delete("hl-flash");
    this.flashLayer?.remove();
    this.flashLayer = null;
  }

  /** One box per line of `r` on the layer `kind` behind the text (created if needed; no text node is touched). */
  private drawRects(layer: HTMLElement | null, kind: string, r: Range): HTMLElement {
    if (!layer || !layer.isConnected) {
      layer = h("div", { class: `text-layer ${kind}-layer`, "aria-hidden": "true", "data-offsets-skip": "", "data-testid": `${kind}-layer` });
      this.el.appendChild(layer);
    }
    const box = this.el.getBoundingClientRect();
    const rects = [...r.getClientRects()].filter((rc) => rc.width > 0);
    layer.replaceChildren(
      ...rects.map((rc) => {
        const d = h("div", { class: `${kind}-rect` });
        d.style.left = `${rc.left - box.left}px`;
        d.style.top = `${rc.top - box.top}px`;
        d.style.width = `${rc.width}px`;
        d.style.height = `${rc.height}px`;
        return d;
      }),
    );
    return layer;
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

/** Collapses a range at the start of `root` (a parked range costs nothing when nodes go). */
function park(r: Range, root: Node): void {
  r.setStart(root, 0);
  r.collapse(true);
}
