// Tells the core how long each block of the open document is on screen
// (学习进度). An IntersectionObserver on the desk says which blocks are in
// view; the meter (coverage/meter.ts) counts while the window is visible and
// focused and the reader was active in the last two minutes; every
// REPORT_MS, and at once on another document, on hiding and on leaving,
// what was gathered goes to record_reading. What counts as read is the
// core's rule: the outline shows the Coverage it answers.
import { ReadingMeter } from "../coverage/meter";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";
import type { Reader, WindowChange } from "./reader";

export const REPORT_MS = 10_000;
/** A block is in view when this share of it is, or when it fills this share of the desk (a long paragraph). */
const SHARE = 0.5;
const THRESHOLDS = Array.from({ length: 11 }, (_, i) => i / 10);

export class ReadingTracker {
  private readonly meter: ReadingMeter;
  private io: IntersectionObserver | null = null;
  private inView = new Set<number>();
  private docId: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastMove = 0;
  private offs: Unsubscribe[] = [];

  constructor(
    private readonly reader: Reader,
    private readonly desk: HTMLElement,
    store: Store,
    private readonly actions: Actions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.meter = new ReadingMeter(now());
    this.meter.setAttentive(attentive(), now());
    const active = () => this.meter.activity(this.now());
    const onMove = () => {
      // pointer moves come in floods: once a second is enough to say "here"
      const t = this.now();
      if (t - this.lastMove < 1000) return;
      this.lastMove = t;
      this.meter.activity(t);
    };
    const onAttention = () => {
      const on = attentive();
      this.meter.setAttentive(on, this.now());
      if (!on) this.report(); // hidden or left: what was read is sent now
    };
    const onLeave = () => this.report();
    const listen = (target: EventTarget, type: string, fn: () => void) => {
      target.addEventListener(type, fn, { passive: true, capture: true });
      this.offs.push(() => target.removeEventListener(type, fn, { capture: true }));
    };
    for (const type of ["keydown", "pointerdown", "wheel", "touchstart"] as const) listen(window, type, active);
    listen(window, "mousemove", onMove);
    listen(desk, "scroll", active);
    listen(window, "focus", onAttention);
    listen(window, "blur", onAttention);
    listen(document, "visibilitychange", onAttention);
    listen(window, "pagehide", onLeave);
    this.timer = setInterval(() => this.report(), REPORT_MS);
    this.offs.push(() => clearInterval(this.timer));
    // after the reader has rendered the document (its watcher runs first)
    this.offs.push(store.watch(["doc"], (s) => this.follow(s.doc?.id ?? null)));
    // a long book: blocks enter and leave the page as it scrolls
    this.offs.push(reader.onWindow((c) => this.moved(c)));
    this.follow(store.state.doc?.id ?? null);
  }

  destroy(): void {
    this.report();
    this.io?.disconnect();
    for (const off of this.offs) off();
  }

  /** Sends what was gathered (if anything) for the document it was gathered on. */
  report(): void {
    const spans = this.meter.take(this.now());
    if (spans.length && this.docId) void this.actions.recordReading(this.docId, spans);
  }

  /** The reader shows a document (another one, or the same one rendered again): watch its blocks. */
  private follow(docId: string | null): void {
    if (docId !== this.docId) {
      this.report();
      this.docId = docId;
      this.meter.reset(this.now());
    }
    this.inView.clear();
    this.meter.setVisible([], this.now());
    this.io?.disconnect();
    this.io = null;
    if (!docId || typeof IntersectionObserver === "undefined") return;
    this.io = new IntersectionObserver((entries) => this.seen(entries), { root: this.desk, threshold: THRESHOLDS });
    for (const el of this.reader.el.querySelectorAll<HTMLElement>("[data-block]")) this.io.observe(el);
  }

  private moved(c: WindowChange): void {
    if (!this.io) return;
    let changed = false;
    for (const el of c.removed) {
      this.io.unobserve(el);
      changed = this.inView.delete(Number(el.dataset.block)) || changed;
    }
    if (changed) this.meter.setVisible(this.inView, this.now());
    for (const el of c.added) this.io.observe(el);
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const block = Number((e.target as HTMLElement).dataset.block);
      const rootH = e.rootBounds?.height ?? Infinity;
      const shown = e.isIntersecting && (e.intersectionRatio >= SHARE || e.intersectionRect.height >= rootH * SHARE);
      if (shown) this.inView.add(block);
      else this.inView.delete(block);
    }
    this.meter.setVisible(this.inView, this.now());
  }
}

function attentive(): boolean {
  return document.visibilityState === "visible" && document.hasFocus();
}
