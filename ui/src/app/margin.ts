// The margin column: note cards level with their passages (like Word
// comments), never overlapping, rendered only near the viewport. Watches
// the notes, the open / edited note and the colours; a card is rebuilt only
// when what it shows changed (a card being edited keeps the reader's draft).
import type { Annotation } from "../bindings";
import type { Color } from "../bindings";
import { colorClass } from "../colors";
import { clear, h } from "../dom";
import { layoutMarginPinned, type MarginItem } from "../layout/margin";
import { markdownPreview, renderMarkdown } from "../markdown";
import { formatDate, t } from "../i18n";
import type { Actions } from "../state/actions";
import { colorLabel, sortedAnnotations, tagNames } from "../state/select";
import type { State, Store, Unsubscribe } from "../state/store";
import { markStep } from "./perf";
import type { Reader } from "./reader";
import { tagEditor } from "./tags";

const GAP = 8;
const ESTIMATE = 72;
const OVERSCAN = 800;

type Mode = "plain" | "active" | "editing";

/** A rendered card and what it was built from. */
interface Card {
  el: HTMLElement;
  ann: Annotation;
  mode: Mode;
  colors: Color[];
}

export class Margin {
  readonly el: HTMLElement;
  private cards = new Map<string, Card>();
  private heights = new Map<string, number>();
  private desired = new Map<string, number>();
  private placed = new Map<string, number>();
  private order: string[] = [];
  private offs: Unsubscribe[] = [];
  private raf = 0;

  constructor(
    private readonly text: Reader,
    private readonly desk: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    this.el = h("aside", { class: "margin", "data-testid": "margin" });
    this.offs.push(
      store.watch(["doc", "annotations", "activeId", "editingId", "colors", "notesOpen", "fontSize"], (s, changed) => {
        // back from behind the notes panel: every card is drawn afresh
        if (changed.has("doc") || (changed.has("notesOpen") && !s.notesOpen)) this.clearAll();
        this.refresh();
      }),
      store.onEffect((e) => {
        if (e.kind === "focusCard") this.cards.get(e.id)?.el.focus({ preventScroll: true });
        else if (e.kind === "focusEditor") this.focusEditor(e.id);
      }),
    );
    const onScroll = () => {
      if (this.raf) return;
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.renderVisible();
      });
    };
    const onResize = () => this.refresh();
    desk.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onResize);
    this.offs.push(() => {
      desk.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onResize);
      cancelAnimationFrame(this.raf);
    });
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.el.remove();
  }

  private get s(): Readonly<State> {
    return this.store.state;
  }

  private modeOf(id: string): Mode {
    return id === this.s.editingId ? "editing" : id === this.s.activeId ? "active" : "plain";
  }

  private wantsCard(a: Annotation): boolean {
    return a.note.trim() !== "" || a.tags.length > 0 || a.id === this.s.activeId || a.id === this.s.editingId;
  }

  /** Re-measures passage positions and lays out (after any change). */
  refresh(): void {
    if (!this.el.isConnected || this.el.offsetParent === null) return; // hidden
    const s = this.s;
    const origin = this.el.getBoundingClientRect().top;
    this.desired.clear();
    const ids: string[] = [];
    for (const a of sortedAnnotations(s)) {
      if (!this.wantsCard(a)) continue;
      const r = this.text.ranges.get(a.id);
      if (!r) continue;
      const first = r.getClientRects()[0] ?? r.getBoundingClientRect();
      this.desired.set(a.id, first.top - origin - 4);
      ids.push(a.id);
    }
    this.order = ids;
    for (const [id, card] of this.cards) if (!this.desired.has(id) || this.isStale(id, card)) this.drop(id);
    this.layout();
    this.renderVisible();
    markStep("laidOut");
  }

  /** Whether a card no longer shows its note as it is (the draft of one being edited stays). */
  private isStale(id: string, card: Card): boolean {
    const mode = this.modeOf(id);
    if (card.mode === "editing" && mode === "editing") return false;
    return card.ann !== this.s.annotations.get(id) || card.mode !== mode || card.colors !== this.s.colors;
  }

  private drop(id: string): void {
    this.cards.get(id)?.el.remove();
    this.cards.delete(id);
    this.heights.delete(id);
  }

  private layout(): void {
    const items: MarginItem[] = this.order.map((id) => ({ id, top: this.desired.get(id)!, height: this.heights.get(id) ?? ESTIMATE }));
    const pinned = this.s.editingId ?? this.s.activeId;
    this.placed.clear();
    let bottom = 0;
    let minTop = 0;
    for (const p of layoutMarginPinned(items, GAP, pinned)) {
      this.placed.set(p.id, p.top);
      bottom = Math.max(bottom, p.top + (this.heights.get(p.id) ?? ESTIMATE));
      minTop = Math.min(minTop, p.top);
    }
    this.el.style.minHeight = `${Math.ceil(bottom + 40)}px`;
  }

  /** Renders the cards near the viewport and removes the others. */
  renderVisible(): void {
    if (!this.el.isConnected || this.el.offsetParent === null) return; // hidden
    const scroller = this.desk;
    const origin = this.el.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    const lo = -origin - OVERSCAN;
    const hi = -origin + scroller.clientHeight + OVERSCAN;
    const keep = new Set<string>();
    const fresh: string[] = [];
    for (const id of this.order) {
      const top = this.placed.get(id)!;
      const height = this.heights.get(id) ?? ESTIMATE;
      const always = id === this.s.activeId || id === this.s.editingId;
      if (!always && (top + height < lo || top > hi)) continue;
      keep.add(id);
      let card = this.cards.get(id);
      if (!card) {
        const a = this.s.annotations.get(id);
        if (!a) continue;
        const mode = this.modeOf(id);
        card = { el: this.card(a, mode), ann: a, mode, colors: this.s.colors };
        this.cards.set(id, card);
        this.el.appendChild(card.el);
        fresh.push(id);
      }
      card.el.style.top = `${top}px`;
    }
    for (const [id, card] of this.cards) {
      if (!keep.has(id)) {
        card.el.remove();
        this.cards.delete(id);
      }
    }
    // measure the new cards; re-layout once if the estimates were off
    this.measure(fresh);
  }

  /** Re-measures the heights of rendered cards (after one grew). */
  private remeasure(): void {
    this.measure(this.cards.keys());
  }

  /** Records the real heights of `ids`' cards; re-lays out if any changed. */
  private measure(ids: Iterable<string>): void {
    let changed = false;
    for (const id of ids) {
      const el = this.cards.get(id)?.el;
      if (!el) continue;
      const hgt = el.offsetHeight;
      if (this.heights.get(id) !== hgt) {
        this.heights.set(id, hgt);
        changed = true;
      }
    }
    if (changed) {
      this.layout();
      for (const [id, card] of this.cards) card.el.style.top = `${this.placed.get(id)}px`;
    }
  }

  cardEl(id: string): HTMLElement | undefined {
    return this.cards.get(id)?.el;
  }

  private focusEditor(id: string): void {
    const ta = this.cardEl(id)?.querySelector<HTMLTextAreaElement>("textarea");
    if (ta) {
      ta.focus({ preventScroll: true });
      ta.setSelectionRange(ta.value.length, ta.value.length);
    }
  }

  private card(a: Annotation, mode: Mode): HTMLElement {
    const s = this.s;
    const actions = this.actions;
    const active = mode === "active";
    const editing = mode === "editing";
    const el = h("div", {
      class: `card ${colorClass(a.color)}${active ? " active" : ""}${editing ? " editing" : ""}`,
      "data-note-id": a.id,
      "data-testid": "note-card",
      tabindex: 0,
    });
    const head = h(
      "div",
      { class: "card-head" },
      h("span", { class: `swatch ${colorClass(a.color)}` }),
      h("span", { class: "card-color" }, colorLabel(s, a.color)),
      h("span", { class: "card-date" }, formatDate(a.updated)),
    );
    el.appendChild(head);
    if (editing) {
      const ta = h("textarea", { class: "note-input", "data-testid": "note-input", rows: 4, placeholder: t("notePlaceholder") });
      ta.value = a.note;
      const tags = tagEditor(a.tags, tagNames(s), () => this.remeasure());
      const save = h("button", { class: "btn primary", "data-testid": "note-save", type: "button" }, t("save"));
      const cancel = h("button", { class: "btn", "data-testid": "note-cancel", type: "button" }, t("cancel"));
      const doSave = () => void actions.saveNote(a.id, ta.value, tags.value());
      save.addEventListener("click", doSave);
      cancel.addEventListener("click", () => actions.cancelEdit());
      ta.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          doSave();
        } else if (e.key === "Escape") {
          e.preventDefault();
          actions.cancelEdit();
        }
      });
      ta.addEventListener("input", () => {
        ta.style.height = "auto";
        ta.style.height = `${Math.min(400, ta.scrollHeight + 2)}px`;
        this.remeasure();
      });
      el.append(ta, tags.el, h("div", { class: "card-actions" }, cancel, save));
      return el;
    }
    const body = h("div", { class: "card-body", "data-testid": "note-body" });
    if (a.note.trim()) {
      if (active) body.appendChild(renderMarkdown(a.note));
      else body.appendChild(h("p", { class: "preview" }, markdownPreview(a.note, 160)));
    } else {
      body.appendChild(h("p", { class: "placeholder" }, active ? t("emptyNote") : `“${markdownPreview(a.exact, 40)}”`));
    }
    el.appendChild(body);
    if (a.tags.length) el.appendChild(h("div", { class: "card-tags" }, a.tags.map((tg) => h("span", { class: "tag" }, tg))));
    if (active) {
      const colors = h(
        "div",
        { class: "card-colors", role: "group", "aria-label": t("color") },
        s.colors.map((c) => {
          const label = colorLabel(s, c.key);
          const b = h("button", { class: `dot ${colorClass(c.key)}${c.key === a.color ? " on" : ""}`, type: "button", title: label, "aria-label": label, "data-color": c.key });
          b.addEventListener("click", (e) => {
            e.stopPropagation();
            void actions.setColor(a.id, c.key);
          });
          return b;
        }),
      );
      const edit = h("button", { class: "btn", type: "button", "data-testid": "note-edit" }, t("edit"));
      const del = h("button", { class: "btn danger", type: "button", "data-testid": "note-delete" }, t("delete"));
      edit.addEventListener("click", (e) => {
        e.stopPropagation();
        actions.startEdit(a.id);
      });
      del.addEventListener("click", (e) => {
        e.stopPropagation();
        void actions.deleteNote(a.id);
      });
      el.appendChild(h("div", { class: "card-actions" }, colors, h("span", { class: "grow" }), edit, del));
      body.addEventListener("dblclick", () => actions.startEdit(a.id));
    }
    el.addEventListener("click", () => {
      if (this.s.editingId === a.id) return;
      actions.activate(a.id, { scroll: true, flash: true });
    });
    el.addEventListener("keydown", (e) => {
      if (e.target !== el) return;
      if (e.key === "Enter") actions.activate(a.id, { scroll: true, flash: true });
      if (e.key === "Delete") void actions.deleteNote(a.id);
    });
    return el;
  }

  private clearAll(): void {
    clear(this.el);
    this.cards.clear();
    this.heights.clear();
    this.order = [];
  }
}
