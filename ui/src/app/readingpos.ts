// Remembers where the reader is in each document (the block at the top of
// the desk and how far into it) and goes back there when it is reopened.
import type { Reader } from "./reader";
import { getReadingPos, setReadingPos, type ReadingPos } from "../state/prefs";
import type { Store, Unsubscribe } from "../state/store";

const SAVE_AFTER_MS = 250;

export class ReadingPosition {
  private offs: Unsubscribe[] = [];
  /** The position last scrolled to, not yet saved. */
  private unsaved: { docId: string; pos: ReadingPos } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private raf = 0;

  constructor(
    private readonly text: Reader,
    private readonly desk: HTMLElement,
    private readonly store: Store,
  ) {
    const onScroll = () => {
      if (this.raf) return;
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.track();
      });
    };
    const onUnload = () => this.save();
    desk.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("beforeunload", onUnload);
    this.offs.push(
      () => desk.removeEventListener("scroll", onScroll),
      () => window.removeEventListener("beforeunload", onUnload),
      // another document: what was read of the last one is saved now
      store.watch(["doc"], () => this.save(), { first: true }),
      store.onEffect((e) => {
        if (e.kind === "opened" && e.restorePosition) this.restore(e.docId);
      }),
    );
  }

  destroy(): void {
    this.save();
    for (const off of this.offs) off();
  }

  private track(): void {
    const doc = this.store.state.doc;
    const top = this.text.topBlock(this.desk.getBoundingClientRect().top);
    if (!doc || !top || this.text.el.dataset.doc !== doc.id) return;
    this.unsaved = { docId: doc.id, pos: { block: top.index, offset: Math.round(top.offset) } };
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), SAVE_AFTER_MS);
  }

  private save(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.unsaved) setReadingPos(this.unsaved.docId, this.unsaved.pos);
    this.unsaved = null;
  }

  private restore(docId: string): void {
    const pos = getReadingPos(docId);
    if (!pos) {
      this.desk.scrollTop = 0;
      return;
    }
    this.text.scrollToBlock(pos.block, pos.offset);
  }
}
