// The selection toolbar: over a passage selected in the reader, one button
// per library colour (1–9), 批注 (a highlight with a note) and a tag field.
// Shown while the store has a pending selection; follows it on scroll.
import { colorClass } from "../colors";
import { clear, h } from "../dom";
import { t } from "../i18n";
import type { Actions } from "../state/actions";
import { colorLabel, noteColor, tagNames } from "../state/select";
import type { Store, Unsubscribe } from "../state/store";
import type { Reader } from "./reader";
import { splitTags } from "./tags";

export class SelectionToolbar {
  readonly el: HTMLElement;
  private offs: Unsubscribe[] = [];

  constructor(
    private readonly text: Reader,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    this.el = h("div", { class: "sel-toolbar", "data-testid": "sel-toolbar", role: "toolbar", hidden: true });
    this.offs.push(
      store.watch(["pending", "colors", "reattachId"], () => this.render()),
      store.watch(["fontSize"], () => this.position()),
    );
    // a press anywhere but on the toolbar drops the pending selection (a new one may start)
    const onDown = (e: MouseEvent) => {
      if (this.store.state.pending && !this.el.contains(e.target as Node)) this.actions.select(null);
    };
    // any scroll (the desk's, the window's) moves the passage
    const onMove = () => this.position();
    document.addEventListener("mousedown", onDown);
    document.addEventListener("scroll", onMove, { capture: true, passive: true });
    window.addEventListener("resize", onMove);
    this.offs.push(() => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("scroll", onMove, { capture: true });
      window.removeEventListener("resize", onMove);
    });
    this.render();
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.el.remove();
  }

  private render(): void {
    const s = this.store.state;
    const tb = this.el;
    if (!s.pending) {
      tb.hidden = true;
      clear(tb);
      return;
    }
    clear(tb);
    if (s.reattachId) {
      // choosing a waiting note's new place: the selection is for it, not a new highlight
      const here = h("button", { class: "tb-note", type: "button", "data-testid": "reattach-here" }, "⤓ ", t("reattachHere"));
      here.addEventListener("mousedown", (e) => e.preventDefault());
      here.addEventListener("click", () => {
        window.getSelection()?.removeAllRanges();
        void this.actions.reattachPending();
      });
      tb.append(here);
      tb.hidden = false;
      this.position();
      return;
    }
    s.colors.forEach((c, i) => {
      const label = colorLabel(s, c.key);
      const b = h(
        "button",
        { class: `tb-color${c.key === s.lastColor ? " last" : ""}`, type: "button", "data-color": c.key, title: i < 9 ? `${label} (${i + 1})` : label },
        h("span", { class: `swatch ${colorClass(c.key)}` }),
        label,
      );
      // keep the reader's selection
      b.addEventListener("mousedown", (e) => e.preventDefault());
      b.addEventListener("click", () => this.highlight(c.key, false));
      tb.appendChild(b);
    });
    tb.appendChild(h("span", { class: "tb-sep" }));
    // ✎ says which colour it uses (its swatch, and the meaning in its title)
    const nc = noteColor(s);
    const ncLabel = t("annotateWith", { c: colorLabel(s, nc) });
    const note = h(
      "button",
      { class: "tb-note", type: "button", "data-testid": "toolbar-note", "data-note-color": nc, title: `${ncLabel} (N)`, "aria-label": ncLabel },
      h("span", { class: `swatch ${colorClass(nc)}` }),
      "✎ ",
      t("annotate"),
    );
    note.addEventListener("mousedown", (e) => e.preventDefault());
    note.addEventListener("click", () => this.highlight(nc, true));
    const tagIn = h("input", { class: "tb-tags", "data-testid": "toolbar-tags", placeholder: t("tagPlaceholder"), list: "tb-tags-dl", "aria-label": t("tags") });
    tagIn.value = s.pendingTags.join(" ");
    tagIn.addEventListener("input", () => this.actions.setPendingTags(splitTags(tagIn.value)));
    tagIn.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") {
        e.preventDefault();
        this.highlight(this.store.state.lastColor, false);
      } else if (e.key === "Escape") this.actions.select(null);
    });
    tb.append(note, tagIn, h("datalist", { id: "tb-tags-dl" }, tagNames(s).map((n) => h("option", { value: n }))));
    tb.hidden = false;
    this.position();
  }

  private highlight(color: string, withNote: boolean): void {
    window.getSelection()?.removeAllRanges();
    void this.actions.highlightPending(color, withNote);
  }

  /** Above the passage's first line, or below its last when there is no room above. */
  private position(): void {
    const p = this.store.state.pending;
    if (!p || this.el.hidden) return;
    const r = this.text.rangeFor(p.start, p.end);
    if (!r) return;
    const rects = r.getClientRects();
    const first = rects[0] ?? r.getBoundingClientRect();
    const w = this.el.offsetWidth;
    const hgt = this.el.offsetHeight;
    let top = first.top - hgt - 10;
    if (top < 56) {
      const last = rects[rects.length - 1] ?? first;
      top = last.bottom + 10;
    }
    const left = Math.max(8, Math.min(window.innerWidth - w - 8, first.left - 8));
    this.el.style.left = `${left}px`;
    this.el.style.top = `${top}px`;
  }
}
