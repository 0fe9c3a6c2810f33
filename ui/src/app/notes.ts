// The notes panel (我的批注) and the trash (回收站).
import type { Annotation } from "../bindings";
import { clear, debounce, h } from "../dom";
import { formatDate, t } from "../i18n";
import { markdownPreview, renderMarkdown } from "../markdown";
import type { App } from "./app";

const PAGE = 200;

export class NotesPanel {
  readonly el: HTMLElement;
  private open = false;
  private tab: "notes" | "trash" = "notes";
  private scope: "doc" | "all" = "doc";
  private sort: "doc" | "date" = "doc";
  private color = "";
  private tag = "";
  private text = "";
  private limit = PAGE;
  private seq = 0;
  private listEl!: HTMLElement;
  private countEl!: HTMLElement;
  private tagSelect!: HTMLSelectElement;
  private refreshSoon = debounce(() => void this.load(), 120);

  constructor(private app: App) {
    this.el = h("aside", { class: "notes-panel", "data-testid": "notes-panel", hidden: true });
  }

  toggle(force?: boolean): void {
    this.open = force ?? !this.open;
    this.el.hidden = !this.open;
    document.documentElement.classList.toggle("notes-open", this.open);
    this.app.root.querySelector('[data-testid="notes-toggle"]')?.classList.toggle("on", this.open);
    if (this.open) void this.load();
    else {
      this.app.margin.invalidateAll();
      this.app.margin.refresh();
    }
  }

  isOpen(): boolean {
    return this.open;
  }

  rebuild(): void {
    clear(this.el);
    const tabs = h("div", { class: "np-tabs", role: "tablist" });
    for (const [key, label] of [["notes", t("notes")], ["trash", t("trash")]] as const) {
      const b = h("button", { class: `np-tab${this.tab === key ? " on" : ""}`, type: "button", role: "tab", "data-testid": `tab-${key}`, "aria-selected": String(this.tab === key) }, label);
      b.addEventListener("click", () => {
        this.tab = key;
        this.limit = PAGE;
        this.rebuild();
        void this.load();
      });
      tabs.appendChild(b);
    }
    const closeBtn = h("button", { class: "tb-btn np-close", type: "button", "aria-label": t("close"), title: t("close") }, "×");
    closeBtn.addEventListener("click", () => this.toggle(false));
    const printBtn = h("button", { class: "tb-btn text", type: "button", "data-testid": "notes-print" }, t("print"));
    printBtn.addEventListener("click", () => void this.printAll());
    const orgBtn = h("button", { class: "tb-btn text", type: "button", title: t("organizeHint"), "data-testid": "notes-organize" }, t("organize"));
    orgBtn.addEventListener("click", () => this.app.organize.open());
    this.el.appendChild(h("div", { class: "np-head" }, tabs, h("span", { class: "grow" }), this.tab === "notes" ? orgBtn : null, this.tab === "notes" ? printBtn : null, closeBtn));

    const select = (testid: string, options: Array<[string, string]>, value: string, fn: (v: string) => void) => {
      const s = h("select", { class: "np-select", "data-testid": testid }, options.map(([v, l]) => h("option", { value: v }, l)));
      s.value = value;
      s.addEventListener("change", () => {
        fn(s.value);
        this.limit = PAGE;
        void this.load();
      });
      return s;
    };
    const filters = h("div", { class: "np-filters" });
    filters.appendChild(select("notes-scope", [["doc", t("scopeDoc")], ["all", t("scopeAll")]], this.scope, (v) => (this.scope = v as "doc" | "all")));
    if (this.tab === "notes") {
      filters.appendChild(select("notes-sort", [["doc", t("sortDoc")], ["date", t("sortDate")]], this.sort, (v) => (this.sort = v as "doc" | "date")));
      filters.appendChild(
        select("notes-color", [["", t("allColors")], ...this.app.colors.map((c) => [c.key, this.app.colorLabel(c.key)] as [string, string])], this.color, (v) => (this.color = v)),
      );
      this.tagSelect = select("notes-tag", [], this.tag, (v) => (this.tag = v));
      this.refreshTagOptions();
      filters.appendChild(this.tagSelect);
      const q = h("input", { class: "np-text", type: "search", placeholder: t("filterText"), "data-testid": "notes-filter" });
      q.value = this.text;
      q.addEventListener("input", () => {
        this.text = q.value;
        this.limit = PAGE;
        this.refreshSoon();
      });
      filters.appendChild(q);
    }
    this.el.appendChild(filters);
    this.countEl = h("div", { class: "np-count" });
    this.listEl = h("ol", { class: "np-list", "data-testid": "notes-list" });
    this.el.append(h("div", { class: "print-only print-head" }), this.countEl, this.listEl);
  }

  /** Opens the notes list (if needed), renders every listed note and prints. */
  async printAll(): Promise<void> {
    if (this.tab !== "notes") {
      this.tab = "notes";
      this.rebuild();
    }
    this.limit = Number.MAX_SAFE_INTEGER;
    if (!this.open) this.toggle(true);
    await this.load();
    window.print();
    this.limit = PAGE;
  }

  /** Shows the notes with tag `name`, in every document (the tag list counts are library-wide). */
  showTag(name: string): void {
    this.tab = "notes";
    this.scope = "all";
    this.color = "";
    this.text = "";
    this.tag = name;
    this.limit = PAGE;
    this.rebuild();
    if (this.open) void this.load();
    else this.toggle(true);
    this.tagSelect.focus();
  }

  /** Follows a tag rename (the filter on `from` becomes a filter on `to`). */
  tagRenamed(from: string, to: string): void {
    if (this.tag === from) this.tag = to;
    this.refreshTagOptions();
    this.refresh();
  }

  refreshTagOptions(): void {
    if (!this.tagSelect) return;
    const opts: Array<[string, string]> = [["", t("allTags")], ...this.app.tags.map((x) => [x.name, `${x.name} (${x.count})`] as [string, string])];
    if (this.tag && !this.app.tags.some((x) => x.name === this.tag)) opts.push([this.tag, this.tag]);
    this.tagSelect.replaceChildren(...opts.map(([v, l]) => h("option", { value: v }, l)));
    this.tagSelect.value = this.tag;
  }

  refresh(): void {
    if (this.open) this.refreshSoon();
  }

  private async load(): Promise<void> {
    if (!this.open) return;
    const seq = ++this.seq;
    const trash = this.tab === "trash";
    let list: Annotation[];
    try {
      list = await this.app.backend.listAnnotations({
        doc_id: this.scope === "doc" ? (this.app.doc?.id ?? null) : null,
        tag: trash ? null : this.tag || null,
        color: trash ? null : this.color || null,
        text: trash ? null : this.text.trim() || null,
        trash,
      });
    } catch (e) {
      this.app.error(e);
      return;
    }
    if (seq !== this.seq) return;
    if (trash || this.sort === "date") list.sort((a, b) => ((trash ? b.deleted! : b.updated) > (trash ? a.deleted! : a.updated) ? 1 : -1));
    this.render(list, trash);
  }

  private render(list: Annotation[], trash: boolean): void {
    clear(this.listEl);
    const head = this.el.querySelector(".print-head");
    if (head) head.textContent = `${t("notesOf", { t: this.scope === "doc" ? (this.app.doc?.title ?? "") : t("scopeAll") })} · ${t("printedAt", { d: formatDate(new Date().toISOString()) })}`;
    this.countEl.replaceChildren(h("span", null, t("count", { n: list.length })));
    if (trash && list.length) {
      const empty = h("button", { class: "btn danger small", type: "button", "data-testid": "empty-trash" }, t("emptyTrash"));
      empty.addEventListener("click", () => void this.emptyTrash(list.length));
      this.countEl.append(h("span", { class: "grow" }), empty);
    }
    if (list.length === 0) {
      const filtered = !!(this.color || this.tag || this.text.trim());
      this.listEl.appendChild(h("li", { class: "np-empty" }, trash ? t("trashEmpty") : filtered ? t("noMatch") : t("noNotes")));
      return;
    }
    const showDoc = this.scope === "all";
    for (const a of list.slice(0, this.limit)) this.listEl.appendChild(this.item(a, trash, showDoc));
    if (list.length > this.limit) {
      const more = h("button", { class: "btn np-more", type: "button" }, t("showMore", { n: list.length - this.limit }));
      more.addEventListener("click", () => {
        this.limit += PAGE;
        this.render(list, trash);
      });
      this.listEl.appendChild(h("li", { class: "np-more-li" }, more));
    }
  }

  private item(a: Annotation, trash: boolean, showDoc: boolean): HTMLElement {
    const preview = markdownPreview(a.exact, 120);
    const cut = preview !== a.exact.trim();
    // on paper the whole passage is printed, on screen a preview
    const quote = h("blockquote", { class: `np-quote q-${a.color}${cut ? " cut" : ""}` }, h("span", { class: "q-short" }, preview), cut ? h("span", { class: "q-full" }, a.exact) : null);
    const body = a.note.trim() ? h("div", { class: "np-note" }, renderMarkdown(a.note)) : null;
    const meta = h(
      "div",
      { class: "np-meta" },
      h("span", { class: `swatch s-${a.color}` }),
      h("span", null, this.app.colorLabel(a.color)),
      a.tags.map((tg) => h("span", { class: "tag" }, tg)),
      h("span", { class: "grow" }),
      showDoc ? h("span", { class: "np-doc" }, this.app.docTitle(a.doc_id)) : null,
      h("time", { datetime: a.updated }, formatDate(trash && a.deleted ? a.deleted : a.updated)),
    );
    const li = h("li", { class: `np-item${a.id === this.app.activeId ? " current" : ""}`, "data-note-id": a.id, "data-testid": trash ? "trash-item" : "notes-item", tabindex: 0 }, quote, body, meta);
    if (trash) {
      const r = h("button", { class: "btn small", type: "button", "data-testid": "restore" }, t("restore"));
      r.addEventListener("click", (e) => {
        e.stopPropagation();
        void this.app.restore(a.id).then(() => this.load());
      });
      li.appendChild(h("div", { class: "np-actions" }, r));
      return li;
    }
    const go = () => {
      this.listEl.querySelectorAll(".np-item.current").forEach((x) => x.classList.remove("current"));
      li.classList.add("current");
      void this.app.goTo(a.doc_id, a.start, a.end, a.id).catch((e) => this.app.error(e));
    };
    li.addEventListener("click", go);
    li.addEventListener("keydown", (e) => {
      if (e.key === "Enter") go();
    });
    return li;
  }

  private async emptyTrash(n: number): Promise<void> {
    if (!window.confirm(t("emptyTrashConfirm", { n }))) return;
    try {
      const removed = await this.app.backend.emptyTrash();
      this.app.toast(t("trashEmptied", { n: removed }));
      void this.load();
    } catch (e) {
      this.app.error(e);
    }
  }
}
