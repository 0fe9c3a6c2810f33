// The margin column: note cards level with their passages (like Word
// comments), never overlapping, rendered only near the viewport.
import type { Annotation } from "../bindings";
import { clear, h } from "../dom";
import { layoutMarginPinned, type MarginItem } from "../layout/margin";
import { markdownPreview, renderMarkdown } from "../markdown";
import { formatDate, t } from "../i18n";
import type { App } from "./app";
import { tagEditor } from "./tags";

const GAP = 8;
const ESTIMATE = 72;
const OVERSCAN = 800;

export class Margin {
  readonly el: HTMLElement;
  private cards = new Map<string, HTMLElement>();
  private heights = new Map<string, number>();
  private desired = new Map<string, number>();
  private placed = new Map<string, number>();
  private order: string[] = [];

  constructor(private app: App) {
    this.el = h("aside", { class: "margin", "data-testid": "margin" });
  }

  private wantsCard(a: Annotation): boolean {
    return a.note.trim() !== "" || a.tags.length > 0 || a.id === this.app.activeId || a.id === this.app.editingId;
  }

  /** Re-measures passage positions and lays out (after any change). */
  refresh(): void {
    if (!this.el.isConnected || this.el.offsetParent === null) return; // hidden
    const origin = this.el.getBoundingClientRect().top;
    this.desired.clear();
    const ids: string[] = [];
    for (const a of this.app.sortedAnnotations()) {
      if (!this.wantsCard(a)) continue;
      const r = this.app.reader.ranges.get(a.id);
      if (!r) continue;
      const first = r.getClientRects()[0] ?? r.getBoundingClientRect();
      this.desired.set(a.id, first.top - origin - 4);
      ids.push(a.id);
    }
    this.order = ids;
    for (const [id, el] of this.cards) {
      if (!this.desired.has(id)) {
        el.remove();
        this.cards.delete(id);
      }
    }
    this.layout();
    this.renderVisible();
  }

  /** Drops a card's DOM so it is rebuilt (its annotation changed). */
  invalidate(id: string): void {
    const el = this.cards.get(id);
    if (el) el.remove();
    this.cards.delete(id);
    this.heights.delete(id);
  }

  invalidateAll(): void {
    for (const el of this.cards.values()) el.remove();
    this.cards.clear();
    this.heights.clear();
  }

  private layout(): void {
    const items: MarginItem[] = this.order.map((id) => ({ id, top: this.desired.get(id)!, height: this.heights.get(id) ?? ESTIMATE }));
    const pinned = this.app.editingId ?? this.app.activeId;
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
    const scroller = this.app.desk;
    const origin = this.el.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    const lo = -origin - OVERSCAN;
    const hi = -origin + scroller.clientHeight + OVERSCAN;
    const keep = new Set<string>();
    const fresh: string[] = [];
    for (const id of this.order) {
      const top = this.placed.get(id)!;
      const height = this.heights.get(id) ?? ESTIMATE;
      const always = id === this.app.activeId || id === this.app.editingId;
      if (!always && (top + height < lo || top > hi)) continue;
      keep.add(id);
      let el = this.cards.get(id);
      if (!el) {
        const a = this.app.annotations.get(id);
        if (!a) continue;
        el = this.card(a);
        this.cards.set(id, el);
        this.el.appendChild(el);
        fresh.push(id);
      }
      el.style.top = `${top}px`;
    }
    for (const [id, el] of this.cards) {
      if (!keep.has(id)) {
        el.remove();
        this.cards.delete(id);
      }
    }
    // measure the new cards; re-layout once if the estimates were off
    this.measure(fresh);
  }

  /** Re-measures the heights of rendered cards (after expanding one). */
  remeasure(): void {
    this.measure(this.cards.keys());
  }

  /** Records the real heights of `ids`' cards; re-lays out if any changed. */
  private measure(ids: Iterable<string>): void {
    let changed = false;
    for (const id of ids) {
      const el = this.cards.get(id);
      if (!el) continue;
      const hgt = el.offsetHeight;
      if (this.heights.get(id) !== hgt) {
        this.heights.set(id, hgt);
        changed = true;
      }
    }
    if (changed) {
      this.layout();
      for (const [id, el] of this.cards) el.style.top = `${this.placed.get(id)}px`;
    }
  }

  cardEl(id: string): HTMLElement | undefined {
    return this.cards.get(id);
  }

  placedTop(id: string): number | undefined {
    return this.placed.get(id);
  }

  private card(a: Annotation): HTMLElement {
    const app = this.app;
    const active = a.id === app.activeId;
    const editing = a.id === app.editingId;
    const el = h("div", {
      class: `card c-${a.color}${active ? " active" : ""}${editing ? " editing" : ""}`,
      "data-note-id": a.id,
      "data-testid": "note-card",
      tabindex: 0,
    });
    const head = h(
      "div",
      { class: "card-head" },
      h("span", { class: `swatch s-${a.color}` }),
      h("span", { class: "card-color" }, app.colorLabel(a.color)),
      h("span", { class: "card-date" }, formatDate(a.updated)),
    );
    el.appendChild(head);
    if (editing) {
      const ta = h("textarea", { class: "note-input", "data-testid": "note-input", rows: 4, placeholder: t("notePlaceholder") });
      ta.value = a.note;
      const tags = tagEditor(a.tags, app.tagNames(), () => this.remeasure());
      const save = h("button", { class: "btn primary", "data-testid": "note-save", type: "button" }, t("save"));
      const cancel = h("button", { class: "btn", "data-testid": "note-cancel", type: "button" }, t("cancel"));
      const doSave = () => void app.saveNote(a.id, ta.value, tags.value());
      save.addEventListener("click", doSave);
      cancel.addEventListener("click", () => app.cancelEdit());
      ta.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          doSave();
        } else if (e.key === "Escape") {
          e.preventDefault();
          app.cancelEdit();
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
        app.colors.map((c) => {
          const b = h("button", { class: `dot s-${c.key}${c.key === a.color ? " on" : ""}`, type: "button", title: app.colorLabel(c.key), "aria-label": app.colorLabel(c.key), "data-color": c.key });
          b.addEventListener("click", (e) => {
            e.stopPropagation();
            void app.setColor(a.id, c.key);
          });
          return b;
        }),
      );
      const edit = h("button", { class: "btn", type: "button", "data-testid": "note-edit" }, t("edit"));
      const del = h("button", { class: "btn danger", type: "button", "data-testid": "note-delete" }, t("delete"));
      edit.addEventListener("click", (e) => {
        e.stopPropagation();
        app.startEdit(a.id);
      });
      del.addEventListener("click", (e) => {
        e.stopPropagation();
        void app.deleteNote(a.id);
      });
      el.appendChild(h("div", { class: "card-actions" }, colors, h("span", { class: "grow" }), edit, del));
      body.addEventListener("dblclick", () => app.startEdit(a.id));
    }
    el.addEventListener("click", () => {
      if (app.editingId === a.id) return;
      app.activate(a.id, { scroll: true, flash: true });
    });
    el.addEventListener("keydown", (e) => {
      if (e.target !== el) return;
      if (e.key === "Enter") app.activate(a.id, { scroll: true, flash: true });
      if (e.key === "Delete") void app.deleteNote(a.id);
    });
    return el;
  }

  clearAll(): void {
    clear(this.el);
    this.cards.clear();
    this.heights.clear();
    this.order = [];
  }
}
