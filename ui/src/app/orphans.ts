// 待确认: the open document's notes that a new version of its text left
// without a certain place. Shown at the top of the notes panel with the old
// text around each passage; each can be re-attached (the reader selects its
// new place in the text) or deleted (with 撤销). While one is being
// re-attached, a bar over the desk says so and Esc / 取消 stops it.
import type { Orphan } from "../bindings";
import { colorClass } from "../colors";
import { clear, h } from "../dom";
import { t } from "../i18n";
import { renderMarkdown } from "../markdown";
import type { Actions } from "../state/actions";
import { colorLabel } from "../state/select";
import type { State, Store, Unsubscribe } from "../state/store";

export class OrphansView {
  /** The 待确认 section (the notes panel places it above its list). */
  readonly el: HTMLElement;
  /** The bar shown while a note is being re-attached. */
  readonly bar: HTMLElement;
  private open = false;
  private offs: Unsubscribe[] = [];

  constructor(
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    this.el = h("section", { class: "orphans", "data-testid": "orphans", hidden: true, "aria-label": t("orphansTitle", { n: 0 }) });
    this.bar = h("div", { class: "reattach-bar", "data-testid": "reattach-bar", role: "status", hidden: true });
    this.offs.push(
      store.watch(["orphans", "reattachId", "colors"], () => this.render()),
      store.onEffect((e) => {
        if (e.kind === "focusOrphan") this.reveal(e.id);
      }),
    );
    const onKey = (e: KeyboardEvent) => {
      // before the desk's own Esc handling: leaving the mode comes first
      if (e.key === "Escape" && this.store.state.reattachId && !this.store.state.pending) {
        e.stopPropagation();
        this.actions.reattach(null);
      }
    };
    document.addEventListener("keydown", onKey, true);
    this.offs.push(() => document.removeEventListener("keydown", onKey, true));
    this.render();
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.el.remove();
    this.bar.remove();
  }

  private get s(): Readonly<State> {
    return this.store.state;
  }

  private render(): void {
    const s = this.s;
    this.renderBar(s);
    const list = s.orphans;
    clear(this.el);
    this.el.hidden = list.length === 0;
    if (!list.length) return;
    const head = h(
      "button",
      { class: "orph-head", type: "button", "aria-expanded": String(this.open), "data-testid": "orphans-toggle" },
      h("span", { class: "orph-badge" }, "!"),
      h("span", { class: "orph-title" }, t("orphansTitle", { n: list.length })),
      h("span", { class: "grow" }),
      h("span", { class: "orph-chevron", "aria-hidden": "true" }, this.open ? "▾" : "▸"),
    );
    head.addEventListener("click", () => {
      this.open = !this.open;
      this.render();
    });
    this.el.appendChild(head);
    if (!this.open) return;
    this.el.appendChild(h("p", { class: "orph-hint" }, t("orphansHint")));
    const ol = h("ol", { class: "orph-list" });
    for (const o of list) ol.appendChild(this.item(o, s));
    this.el.appendChild(ol);
  }

  private item(o: Orphan, s: Readonly<State>): HTMLElement {
    const a = o.annotation;
    const old = h(
      "blockquote",
      { class: "orph-old" },
      o.before ? h("span", { class: "orph-ctx" }, "…", o.before) : null,
      h("mark", { class: `orph-quote ${colorClass(a.color)}` }, a.exact),
      o.after ? h("span", { class: "orph-ctx" }, o.after, "…") : null,
    );
    const meta = h(
      "div",
      { class: "np-meta" },
      h("span", { class: `swatch ${colorClass(a.color)}` }),
      h("span", null, colorLabel(s, a.color)),
      a.tags.map((tg) => h("span", { class: "tag" }, tg)),
      h("span", { class: "grow" }),
      h("span", { class: "orph-where" }, [t("orphanVersion", { v: o.version }), o.section ? ` · ${o.section}` : ""].join("")),
    );
    const body = a.note.trim() ? h("div", { class: "np-note" }, renderMarkdown(a.note)) : null;
    const choosing = s.reattachId === a.id;
    const place = h("button", { class: `btn small${choosing ? " primary" : ""}`, type: "button", "data-testid": "orphan-reattach", "aria-pressed": String(choosing) }, t("reattach"));
    place.addEventListener("click", () => this.actions.reattach(choosing ? null : a.id));
    const del = h("button", { class: "btn small danger", type: "button", "data-testid": "orphan-delete" }, t("delete"));
    del.addEventListener("click", () => void this.actions.deleteNote(a.id));
    return h(
      "li",
      { class: `orph-item${choosing ? " choosing" : ""}`, "data-orphan-id": a.id, "data-testid": "orphan-item", tabindex: 0 },
      old,
      body,
      meta,
      h("div", { class: "np-actions" }, place, del),
    );
  }

  private renderBar(s: Readonly<State>): void {
    const o = s.reattachId ? s.orphans.find((x) => x.annotation.id === s.reattachId) : undefined;
    clear(this.bar);
    this.bar.hidden = !o;
    if (!o) return;
    const cancel = h("button", { class: "btn small", type: "button", "data-testid": "reattach-cancel" }, t("cancel"));
    cancel.addEventListener("click", () => this.actions.reattach(null));
    this.bar.append(h("span", null, t("reattachHint"), "：", h("q", null, o.annotation.exact)), cancel);
  }

  /** Opens the list and brings orphan `id` (or the list) into view. */
  private reveal(id: string | null): void {
    this.open = true;
    this.render();
    const target = (id && this.el.querySelector<HTMLElement>(`[data-orphan-id="${CSS.escape(id)}"]`)) || this.el;
    target.scrollIntoView({ block: "nearest" });
    target.focus?.();
  }
}
