// Quiet badges in the text: a small 复 (CSS content, not text) at the end of each highlight that is
// a review card, on a layer over the text (no text node is touched, nothing
// to click, hidden from screen readers: the margin's card says it in words).
// Placed again when the document, its highlights or cards, or the text's
// width change.
import { h } from "../dom";
import type { State, Store, Unsubscribe } from "../state/store";
import type { Reader } from "./reader";

export class CardBadges {
  private layer: HTMLElement | null = null;
  private offs: Unsubscribe[] = [];
  private raf = 0;
  private width = -1;

  constructor(
    private readonly reader: Reader,
    private readonly store: Store,
  ) {
    this.offs.push(store.watch(["doc", "annotations", "docCards", "fontSize", "colors"], () => this.soon()));
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => {
      const w = reader.el.offsetWidth;
      if (w === this.width) return;
      this.width = w;
      this.soon();
    });
    ro?.observe(reader.el);
    // a long book: highlights come into the page as it scrolls
    this.offs.push(reader.onWindow(() => this.soon()));
    this.offs.push(() => {
      ro?.disconnect();
      cancelAnimationFrame(this.raf);
      this.layer?.remove();
    });
  }

  destroy(): void {
    for (const off of this.offs) off();
  }

  /** Places the badges in the next frame (after the reader painted the highlights). */
  private soon(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.place(this.store.state);
    });
  }

  private place(s: Readonly<State>): void {
    const ids = [...s.docCards.keys()].filter((id) => s.annotations.has(id));
    if (!ids.length) {
      this.layer?.replaceChildren();
      return;
    }
    if (!this.layer || !this.layer.isConnected) {
      this.layer = h("div", { class: "card-badge-layer", "aria-hidden": "true", "data-offsets-skip": "", "data-testid": "card-badges" });
      this.reader.el.appendChild(this.layer);
    }
    const box = this.reader.el.getBoundingClientRect();
    const badges: HTMLElement[] = [];
    for (const id of ids) {
      const r = this.reader.ranges.get(id);
      const rects = r ? [...r.getClientRects()].filter((rc) => rc.width > 0) : [];
      const last = rects[rects.length - 1];
      if (!last) continue;
      const b = h("span", { class: "card-badge", "data-card": id });
      b.style.left = `${last.right - box.left}px`;
      b.style.top = `${last.top - box.top}px`;
      badges.push(b);
    }
    this.layer.replaceChildren(...badges);
  }
}
