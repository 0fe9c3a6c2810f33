// The reader: renders the blocks of a document, paints highlights (CSS
// Custom Highlight API in Chromium; <mark>s in WebKit and where the API is
// missing), hit-tests clicks on highlights and scrolls/flashes passages.
// It knows no store: readerview.ts tells it what to paint. Each highlight is
// painted under its colour's CSS name (colors.ts), whatever the key.
//
// A long document (a book) is rendered in a window: only the blocks near the
// desk's viewport are in the page, between two spacers whose heights come
// from the blocks' heights (layout/virtual.ts; estimated until a block has
// been shown, then measured). Whoever needs a block or a passage asks the
// reader to bring it in (scrollToBlock, ensureSpan) and listens for window
// changes (onWindow); rangeFor is null for text not in the page.
import type { Annotation } from "../bindings";
import type { Block } from "../bindings";
import type { Document } from "../bindings";
import { caretFromPoint, domPointToOffset, findBlock, offsetsToRange, readBlocks, type BlockSpan } from "../anchoring/offsets";
import { colorClass, highlightName, markClass, OTHER_HIGHLIGHT } from "../colors";
import { clear, h } from "../dom";
import { covers, estimateHeight, HeightIndex, WINDOW_FROM_CHARS, windowFor, type TextMetrics } from "../layout/virtual";

/** Blocks that entered and left the page when the window moved. */
export interface WindowChange {
  added: HTMLElement[];
  removed: HTMLElement[];
}

/** A windowed document: heights, the rendered blocks [from, to) and the two spacers. */
interface Windowed {
  idx: HeightIndex;
  from: number;
  to: number;
  top: HTMLElement;
  bottom: HTMLElement;
  metrics: TextMetrics;
  width: number;
}

/** Rendered past the viewport on each side, in viewport heights. */
const OVERSCAN = 1;
/** Printing renders a windowed document whole up to this length (code points), else the chapter being read. */
const PRINT_WHOLE_CHARS = 300_000;

function hasFlag(name: string): boolean {
  return typeof location !== "undefined" && new URLSearchParams(location.search).has(name);
}

export function hasHighlightApi(): boolean {
  // `?marks` forces the <mark> fallback (tests, old WebViews)
  if (hasFlag("marks")) return false;
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
  /** The desk that scrolls the reader (attach): needed for windowed rendering. */
  private desk: HTMLElement | null = null;
  private win: Windowed | null = null;
  /** What the last paint painted, for blocks that enter the page later. */
  private last: { annotations: ReadonlyArray<Annotation>; activeId: string | null; colors: ReadonlySet<string> } | null = null;
  /** Classes set on blocks by index (e.g. "unmarked"), kept on blocks rendered later. */
  private blockClasses = new Map<string, ReadonlySet<number>>();
  private listeners = new Set<(c: WindowChange) => void>();
  private raf = 0;
  /** The window before printing (printing renders more). */
  private beforePrint: { from: number; to: number } | null = null;

  constructor(
    useApi = hasHighlightApi() && !preferMarks(),
    /** Documents longer than this (code points) are windowed; `?whole` renders every document whole (benchmarks compare). */
    private readonly windowFrom = hasFlag("whole") ? Infinity : WINDOW_FROM_CHARS,
  ) {
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
    this.last = null;
    this.beforePrint = null;
    this.blockClasses.clear();
    this.win = null;
    this.el.classList.remove("windowed");
    this.desk?.style.removeProperty("overflow-anchor");
    this.el.appendChild(h("h1", { class: "doc-title", "data-testid": "doc-title" }, doc.title));
    const total = doc.blocks.reduce((n, b) => n + b.len, 0);
    if (this.desk && total > this.windowFrom && doc.blocks.length > 1) {
      this.renderWindowed();
      return;
    }
    for (const b of doc.blocks) this.el.appendChild(this.makeBlock(b.index));
    this.blocks = readBlocks(this.el);
  }

  /** Creates block `index`'s element (with its classes) and registers it. */
  private makeBlock(index: number): HTMLElement {
    const b = this.doc!.blocks[index]!;
    const attrs = { "data-block": b.index, "data-start": b.start, "data-len": b.len, id: `b${b.index}` };
    let el: HTMLElement;
    if (b.kind === "heading") {
      // Outline depth from the core (0 in documents stored before levels): h2 … h5.
      const level = Math.min(Math.max(b.level ?? 1, 1), 4);
      el = h(`h${level + 1}` as "h2", { ...attrs, class: `blk heading lv${level}` });
    } else if (b.kind === "subtitle") el = h("p", { ...attrs, class: "blk subtitle" });
    else el = h("p", { ...attrs, class: b.lead ? "blk para has-lead" : "blk para" });
    for (const [cls, set] of this.blockClasses) if (set.has(index)) el.classList.add(cls);
    this.fillBlock(el, index);
    this.blockEls[index] = el;
    return el;
  }

  /**
   * Gives the reader the element that scrolls it: long documents are then
   * rendered in a window that follows its scrolling and its width.
   */
  attach(desk: HTMLElement): void {
    this.desk = desk;
    desk.addEventListener("scroll", () => this.follow(), { passive: true });
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this.resized()).observe(this.el);
    window.addEventListener("beforeprint", () => this.preparePrint());
    window.addEventListener("afterprint", () => this.endPrint());
  }

  /** Whether the open document is rendered in a window. */
  get windowed(): boolean {
    return this.win !== null;
  }

  /** The rendered blocks [from, to) (the whole document when not windowed). */
  get window(): { from: number; to: number } {
    return this.win ? { from: this.win.from, to: this.win.to } : { from: 0, to: this.doc?.blocks.length ?? 0 };
  }

  /** Calls `fn` whenever blocks enter or leave the page; returns the unsubscribe. */
  onWindow(fn: (c: WindowChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Sets `cls` on the blocks `indices` (null: on none), now and on blocks rendered later. */
  setBlockClass(cls: string, indices: ReadonlySet<number> | null): void {
    const old = this.blockClasses.get(cls);
    if (old) for (const i of old) this.blockEls[i]?.classList.remove(cls);
    if (!indices || indices.size === 0) {
      this.blockClasses.delete(cls);
      return;
    }
    this.blockClasses.set(cls, indices);
    for (const i of indices) this.blockEls[i]?.classList.add(cls);
  }

  private renderWindowed(): void {
    const doc = this.doc!;
    this.el.classList.add("windowed");
    // the reader keeps its place itself (Chromium's anchoring would do it twice)
    this.desk?.style.setProperty("overflow-anchor", "none");
    const spacer = () => h("div", { class: "win-spacer", "aria-hidden": "true", "data-offsets-skip": "" });
    const top = spacer();
    const bottom = spacer();
    this.el.append(top, bottom);
    const metrics = this.measureMetrics(top);
    const idx = new HeightIndex(doc.blocks.map((b) => estimateHeight(metrics, b.kind, b.len)));
    this.win = { idx, from: 0, to: 0, top, bottom, metrics, width: this.el.clientWidth };
    this.blocks = [];
    const vh = this.desk?.clientHeight || 800;
    const w = windowFor(idx, 0, vh, vh * OVERSCAN);
    this.setWindow(w.from, w.to, false);
  }

  /** Line height, characters per line and block spacing, off the reader's style. */
  private measureMetrics(probe: HTMLElement): TextMetrics {
    const cs = getComputedStyle(this.el);
    const font = parseFloat(cs.fontSize) || 18;
    const lineHeight = parseFloat(cs.lineHeight) || font * 1.9;
    const width = probe.clientWidth || this.el.clientWidth || font * 38;
    // CJK characters are one em wide; the first line is indented two
    const perLine = Math.max(8, Math.floor(width / font) - 1);
    return { perLine, lineHeight, paraExtra: font * 0.75 + (2 / perLine) * lineHeight, heading: font * 1.06 * (1.65 + 2.15) };
  }

  /** The viewport of the desk in px from the top of the first block. */
  private viewport(): { y0: number; y1: number; height: number } | null {
    const w = this.win;
    if (!w || !this.desk || !w.top.isConnected) return null;
    const base = w.top.getBoundingClientRect().top;
    const box = this.desk.getBoundingClientRect();
    const height = this.desk.clientHeight || box.height;
    return { y0: box.top - base, y1: box.top - base + height, height };
  }

  /** After a scroll: moves the window in the next frame if the viewport nears its edge. */
  private follow(): void {
    if (!this.win || this.raf || this.beforePrint) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.update();
    });
  }

  /** Moves the window when the viewport (with a third of the overscan) is not covered. */
  update(): void {
    const w = this.win;
    const v = this.viewport();
    if (!w || !v || this.beforePrint) return;
    const slack = (v.height * OVERSCAN) / 3;
    if (covers(w.idx, w, v.y0 - slack, v.y1 + slack)) return;
    const next = windowFor(w.idx, v.y0, v.y1, v.height * OVERSCAN);
    this.setWindow(next.from, next.to, true);
  }

  /**
   * Renders blocks [nf, nt) and removes the others, reusing the blocks in
   * both. `keep`: the block at the top of the viewport stays where it is on
   * screen (blocks measured above it may differ from their estimates).
   */
  private setWindow(nf: number, nt: number, keep: boolean): void {
    const w = this.win;
    const doc = this.doc;
    if (!w || !doc || (nf === w.from && nt === w.to)) return;
    let anchor: { i: number; top: number } | null = null;
    if (keep && this.desk) {
      const deskTop = this.desk.getBoundingClientRect().top;
      for (let i = Math.max(w.from, nf); i < Math.min(w.to, nt); i++) {
        const r = this.blockEls[i]!.getBoundingClientRect();
        if (r.bottom > deskTop) {
          anchor = { i, top: r.top };
          break;
        }
      }
    }
    const removed: HTMLElement[] = [];
    for (let i = w.from; i < w.to; i++) {
      if (i >= nf && i < nt) continue;
      const el = this.blockEls[i];
      if (el) {
        el.remove();
        removed.push(el);
      }
      delete this.blockEls[i];
      this.built.delete(i);
    }
    // a range into a block that left is parked (its nodes are gone)
    for (const [id, sp] of this.spans) {
      const a = findBlock(doc.blocks, sp.start, true);
      const b = findBlock(doc.blocks, sp.end, false);
      if (a < nf || b >= nt) {
        const r = this.ranges.get(id);
        if (r) park(r, this.el);
        this.ranges.delete(id);
        this.spans.delete(id);
      }
    }
    const keptFrom = Math.max(w.from, nf);
    const keptTo = Math.min(w.to, nt);
    const overlap = keptFrom < keptTo;
    const before = document.createDocumentFragment();
    const after = document.createDocumentFragment();
    const added: number[] = [];
    for (let i = nf; i < nt; i++) {
      if (overlap && i >= keptFrom && i < keptTo) continue;
      (overlap && i < keptFrom ? before : after).appendChild(this.makeBlock(i));
      added.push(i);
    }
    if (before.childNodes.length) w.top.after(before);
    if (after.childNodes.length) w.bottom.before(after);
    w.from = nf;
    w.to = nt;
    this.blocks = [];
    for (let i = nf; i < nt; i++) {
      const b = doc.blocks[i]!;
      this.blocks.push({ el: this.blockEls[i]!, index: b.index, start: b.start, len: b.len });
    }
    // one layout for all: read every height, then write the spacers
    const heights = added.map((i) => this.blockEls[i]!.getBoundingClientRect().height);
    added.forEach((i, k) => w.idx.set(i, heights[k]!));
    w.top.style.height = `${w.idx.prefix(nf)}px`;
    w.bottom.style.height = `${Math.max(0, w.idx.total - w.idx.prefix(nt))}px`;
    if (anchor && this.desk) {
      const now = this.blockEls[anchor.i]!.getBoundingClientRect().top;
      if (Math.abs(now - anchor.top) >= 0.5) this.desk.scrollTop += now - anchor.top;
    }
    if (this.last) this.paint(this.last.annotations, this.last.activeId, this.last.colors);
    const change = { added: added.map((i) => this.blockEls[i]!), removed };
    for (const fn of this.listeners) fn(change);
  }

  /** The reader's width changed: every height is estimated again, the rendered ones measured. */
  private resized(): void {
    const w = this.win;
    if (!w || this.el.clientWidth === w.width || !this.doc) return;
    w.width = this.el.clientWidth;
    let anchor: { i: number; top: number } | null = null;
    const deskTop = this.desk?.getBoundingClientRect().top ?? 0;
    for (let i = w.from; i < w.to; i++) {
      const r = this.blockEls[i]!.getBoundingClientRect();
      if (r.bottom > deskTop) {
        anchor = { i, top: r.top };
        break;
      }
    }
    w.metrics = this.measureMetrics(w.top);
    const est = this.doc.blocks.map((b) => estimateHeight(w.metrics, b.kind, b.len));
    for (let i = w.from; i < w.to; i++) est[i] = this.blockEls[i]!.getBoundingClientRect().height;
    w.idx = new HeightIndex(est);
    w.top.style.height = `${w.idx.prefix(w.from)}px`;
    w.bottom.style.height = `${Math.max(0, w.idx.total - w.idx.prefix(w.to))}px`;
    if (anchor && this.desk) this.desk.scrollTop += this.blockEls[anchor.i]!.getBoundingClientRect().top - anchor.top;
    for (const fn of this.listeners) fn({ added: [], removed: [] });
    this.update();
  }

  /** Brings blocks `first..=last` into the page (a window around them); true if they are there. */
  private ensureBlocks(first: number, last: number): boolean {
    const w = this.win;
    if (!w) return true;
    if (first >= w.from && last < w.to) return true;
    const vh = this.desk?.clientHeight || 800;
    const y = w.idx.prefix(first);
    const from = w.idx.find(y - vh * OVERSCAN);
    const to = Math.min(w.idx.size, Math.max(last + 1, w.idx.find(y + vh * (1 + OVERSCAN)) + 1));
    this.setWindow(from, to, false);
    return true;
  }

  /** Brings the passage `start..end` into the page, so that rangeFor finds it. */
  ensureSpan(start: number, end: number): void {
    const doc = this.doc;
    if (!this.win || !doc) return;
    this.ensureBlocks(findBlock(doc.blocks, start, true), findBlock(doc.blocks, end, false));
  }

  /**
   * Scrolls the desk so that block `index` starts `offset` px below its top
   * (negative: above); smooth only over a short way (a long smooth scroll
   * would render every window on its way).
   */
  scrollToBlock(index: number, offset = 0, smooth = false): boolean {
    const desk = this.desk;
    if (!desk || !this.doc || index < 0 || index >= this.doc.blocks.length) return false;
    this.ensureBlocks(index, index);
    const el = this.blockEls[index];
    if (!el) return false;
    const target = Math.max(0, el.getBoundingClientRect().top - desk.getBoundingClientRect().top + desk.scrollTop + offset);
    const near = Math.abs(target - desk.scrollTop) < desk.clientHeight * 2;
    desk.scrollTo({ top: target, behavior: smooth && near ? "smooth" : "auto" });
    // a jump lands where no scroll event may come (same scrollTop): check now
    this.update();
    return true;
  }

  /**
   * The first line of a passage in viewport px: measured when it is in the
   * page, else from the heights of the blocks before it.
   */
  passageBox(id: string, start: number): { top: number; bottom: number } | null {
    const r = this.ranges.get(id);
    if (r) {
      const first = r.getClientRects()[0] ?? r.getBoundingClientRect();
      return { top: first.top, bottom: first.bottom };
    }
    const w = this.win;
    const doc = this.doc;
    if (!w || !doc || !w.top.isConnected) return null;
    const i = findBlock(doc.blocks, start, true);
    const b = doc.blocks[i]!;
    const m = w.metrics;
    const lines = Math.max(1, Math.floor(w.idx.height(i) / m.lineHeight));
    const line = Math.min(lines - 1, Math.floor((start - b.start + 2) / m.perLine));
    const top = w.top.getBoundingClientRect().top + w.idx.prefix(i) + Math.max(0, line) * m.lineHeight;
    return { top, bottom: top + m.lineHeight };
  }

  /** Before printing: a windowed document is rendered whole, or (a long book) its chapter being read. */
  private preparePrint(): void {
    const w = this.win;
    const doc = this.doc;
    if (!w || !doc || this.beforePrint) return;
    const total = doc.blocks.reduce((n, b) => n + b.len, 0);
    let from = 0;
    let to = doc.blocks.length;
    if (total > PRINT_WHOLE_CHARS) {
      const top = this.topBlock(this.desk?.getBoundingClientRect().top ?? 0)?.index ?? 0;
      let level = 99;
      for (let i = top; i >= 0; i--) {
        const b = doc.blocks[i]!;
        if (b.kind === "heading") {
          from = i;
          level = b.level ?? 1;
          break;
        }
      }
      for (let i = from + 1; i < doc.blocks.length; i++) {
        const b = doc.blocks[i]!;
        if (b.kind === "heading" && (b.level ?? 1) <= level) {
          to = i;
          break;
        }
      }
      to = Math.min(to, from + 3000);
    }
    const saved = { from: w.from, to: w.to };
    this.setWindow(from, to, true);
    this.beforePrint = saved;
  }

  private endPrint(): void {
    const saved = this.beforePrint;
    if (!saved) return;
    this.beforePrint = null;
    this.setWindow(saved.from, saved.to, true);
    this.update();
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

  /** A DOM range over `start..end`, or null when the passage is not (wholly) in the page. */
  rangeFor(start: number, end: number): Range | null {
    const w = this.win;
    if (w && this.doc) {
      if (findBlock(this.doc.blocks, start, true) < w.from || findBlock(this.doc.blocks, end, false) >= w.to) return null;
    }
    return offsetsToRange(this.blocks, start, end);
  }

  /**
   * Paints all highlights; `active` gets an extra outline. `colors` are the
   * library's colour keys: a highlight in any other is painted neutral. A
   * study-group member's highlight (`author` set) is a dashed underline in
   * its colour, never a fill: mine under or over it stays visible.
   */
  paint(annotations: ReadonlyArray<Annotation>, activeId: string | null, colors: ReadonlySet<string>): void {
    this.last = { annotations, activeId, colors };
    const nameOf = (a: Annotation) => highlightName(colors.has(a.color) ? colorClass(a.color) : OTHER_HIGHLIGHT, !!a.author);
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
        m.className = `hl ${markClass(nameOf(a))}${a.id === activeId ? " hl-active" : ""}`;
        m.dataset.ann = a.id;
        m.appendChild(node);
        node = m;
      }
      (lead && p < leadLen ? lead : el).appendChild(node);
    }
    return segs;
  }

  paintActive(activeId: string | null): void {
    if (this.last) this.last = { ...this.last, activeId };
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

  /** The (shortest; on a tie mine) annotation whose painted range is under the point. */
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
      const len = a.end - a.start;
      const bestLen = best ? best.end - best.start : Infinity;
      // the shortest; on a tie mine before a group member's (a copy lies exactly on its original)
      if (len < bestLen || (len === bestLen && !!best?.author && !a.author)) best = a;
    }
    return best;
  }

  /** Scrolls `scroller` so the range sits at about a third of its height. */
  scrollToRange(scroller: HTMLElement, r: Range, smooth = true): void {
    const rect = r.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    const target = Math.max(0, scroller.scrollTop + rect.top - box.top - scroller.clientHeight / 3);
    // in a windowed book a long smooth scroll would render every window on its way
    const near = !this.win || Math.abs(target - scroller.scrollTop) < scroller.clientHeight * 2;
    scroller.scrollTo({ top: target, behavior: smooth && near ? "smooth" : "auto" });
    this.update();
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
    const w = this.win;
    if (w && this.doc) {
      // every height up to the viewport is known or estimated: no layout needed beyond the spacer's
      const yy = y - w.top.getBoundingClientRect().top;
      const i = w.idx.find(yy);
      return { index: this.doc.blocks[i]!.index, offset: yy - w.idx.prefix(i) };
    }
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
