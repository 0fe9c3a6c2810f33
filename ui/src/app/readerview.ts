// Binds the reader to the store: renders the open document and paints its
// highlights, the open note and the pending selection; turns selections and
// clicks on highlights into actions; scrolls to and flashes passages when
// an action asks to reveal one.
import { rangeToOffsets } from "../anchoring/offsets";
import type { Actions } from "../state/actions";
import { sortedAnnotations } from "../state/select";
import type { State, Store, Unsubscribe } from "../state/store";
import { markStep } from "./perf";
import type { Reader } from "./reader";

export class ReaderView {
  private offs: Unsubscribe[] = [];

  constructor(
    private readonly reader: Reader,
    private readonly desk: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    // first: the margin and the toolbar measure what is painted here
    this.offs.push(store.watch(["doc", "annotations", "colors", "activeId", "pending"], (s, changed) => this.update(s, changed), { first: true }));
    this.offs.push(store.onEffect((e) => {
      if (e.kind === "reveal") {
        this.reveal(e.start, e.end, e.scroll, e.smooth, e.flash);
        if (e.focus) this.reader.el.focus({ preventScroll: true });
      }
    }));
    const el = reader.el;
    el.addEventListener("mouseup", (e) => this.onMouseUp(e));
    el.addEventListener("keyup", (e) => {
      // Shift+arrows (caret browsing) select text; Shift+] selects by
      // sentence without a text selection, which must not clear it.
      if (e.shiftKey && !window.getSelection()?.isCollapsed) this.checkSelection();
    });
  }

  private update(s: State, changed: ReadonlySet<keyof State>): void {
    if (changed.has("doc") && s.doc) {
      this.reader.render(s.doc);
      markStep("rendered");
    }
    if (changed.has("doc") || changed.has("annotations") || changed.has("colors")) {
      this.reader.paint(sortedAnnotations(s), s.activeId, new Set(s.colors.map((c) => c.key)));
      markStep("painted");
    } else if (changed.has("activeId")) {
      this.reader.paintActive(s.activeId);
    }
    if (changed.has("pending") || changed.has("doc")) this.reader.paintPending(s.pending);
  }

  private onMouseUp(e: MouseEvent): void {
    if (e.button !== 0) return;
    // let the selection settle first
    setTimeout(() => {
      const sel = window.getSelection();
      if (sel && !sel.isCollapsed) {
        this.checkSelection();
        return;
      }
      const s = this.store.state;
      const a = this.reader.annotationAt(e.clientX, e.clientY, sortedAnnotations(s));
      if (a) this.actions.activate(a.id, { focusCard: true });
      else if (s.activeId && !s.editingId) this.actions.activate(null);
    }, 0);
  }

  /** The reader's selection becomes the pending passage (or none). */
  private checkSelection(): void {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) {
      this.actions.select(null);
      return;
    }
    const range = sel.getRangeAt(0);
    if (!this.reader.el.contains(range.commonAncestorContainer)) return;
    this.actions.select(rangeToOffsets(this.reader.el, range));
  }

  private reveal(start: number, end: number, scroll: "always" | "ifHidden" | "no", smooth: boolean, flash: boolean): void {
    // a long book renders only what is near the viewport: bring the passage in first
    if (scroll === "always" || flash) this.reader.ensureSpan(start, end);
    const r = this.reader.rangeFor(start, end);
    if (r && (scroll === "always" || (scroll === "ifHidden" && !this.inView(r)))) this.reader.scrollToRange(this.desk, r, smooth);
    if (flash) this.reader.flash(start, end);
  }

  private inView(r: Range): boolean {
    const rect = r.getBoundingClientRect();
    const box = this.desk.getBoundingClientRect();
    return rect.top >= box.top + 20 && rect.bottom <= box.bottom - 20;
  }

  destroy(): void {
    for (const off of this.offs) off();
  }
}
