// The notes panel (我的批注) and the trash (回收站): filters (tab, scope,
// sort, colour, tag, text) live in the store; the list is the store's
// notesList, loaded by the actions for those filters. With a study group
// joined, an author filter (全部 / 我的 / each member) and the member's name
// on each of their notes.
import type { Annotation } from "../bindings";
import { colorClass } from "../colors";
import { clear, h } from "../dom";
import { formatDate, t } from "../i18n";
import { markdownPreview, renderMarkdown } from "../markdown";
import type { Actions } from "../state/actions";
import { colorLabel, docTitle } from "../state/select";
import type { State, Store, Unsubscribe } from "../state/store";
import { authorOptions, groupMembers } from "../group/logic";
import { confirmDialog } from "./confirm";
import { draggableNote, quoteButton } from "./essayquote";
import { OrphansView } from "./orphans";

const PAGE = 200;

export class NotesPanel {
  readonly el: HTMLElement;
  private limit = PAGE;
  private listEl!: HTMLElement;
  private countEl!: HTMLElement;
  private tagSelect!: HTMLSelectElement;
  private authorSelect: HTMLSelectElement | null = null;
  /** The author choices shown, to rebuild them only when the members change. */
  private authorKey = "";
  /** The filter controls by NotesFilter field, to follow the store without rebuilding (focus stays in the text field). */
  private controls = new Map<"scope" | "sort" | "color" | "tag" | "text" | "author", HTMLSelectElement | HTMLInputElement>();
  private builtTab: string | null = null;
  private offs: Unsubscribe[] = [];
  /** 待确认: notes a new version left without a place, above the list (its bar goes over the desk). */
  readonly orphans: OrphansView;

  constructor(
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    this.el = h("aside", { class: "notes-panel", "data-testid": "notes-panel", "aria-label": t("notes"), hidden: true });
    this.orphans = new OrphansView(store, actions);
    this.offs.push(
      store.watch(["notesOpen"], (s) => (this.el.hidden = !s.notesOpen)),
      store.watch(["notesFilter", "colors"], (s, changed) => {
        if (changed.has("notesFilter")) this.limit = PAGE;
        if (changed.has("colors") || s.notesFilter.tab !== this.builtTab) this.rebuild();
        else this.syncControls();
      }),
      store.watch(["tags"], () => this.refreshTagOptions()),
      store.watch(["syncStatus"], () => this.refreshAuthorOptions()),
      store.watch(["notesList"], () => this.render()),
      store.onEffect((e) => {
        if (e.kind === "print") this.print();
        else if (e.kind === "focusTagFilter") this.tagSelect?.focus();
      }),
    );
    this.el.hidden = !store.state.notesOpen;
    this.rebuild();
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.orphans.destroy();
    this.el.remove();
  }

  private get s(): Readonly<State> {
    return this.store.state;
  }

  /** Builds tabs, filters and an empty list (the list is drawn from the store's notesList). */
  private rebuild(): void {
    const f = this.s.notesFilter;
    this.builtTab = f.tab;
    this.controls.clear();
    this.authorSelect = null;
    clear(this.el);
    const tabs = h("div", { class: "np-tabs", role: "tablist" });
    for (const [key, label] of [["notes", t("notes")], ["trash", t("trash")]] as const) {
      const b = h("button", { class: `np-tab${f.tab === key ? " on" : ""}`, type: "button", role: "tab", "data-testid": `tab-${key}`, "aria-selected": String(f.tab === key) }, label);
      b.addEventListener("click", () => this.actions.setNotesFilter({ tab: key }));
      tabs.appendChild(b);
    }
    const closeBtn = h("button", { class: "tb-btn np-close", type: "button", "aria-label": t("close"), title: t("close") }, "×");
    closeBtn.addEventListener("click", () => this.actions.toggleNotes(false));
    const printBtn = h("button", { class: "tb-btn text", type: "button", "data-testid": "notes-print" }, t("print"));
    printBtn.addEventListener("click", () => void this.actions.printNotes());
    const orgBtn = h("button", { class: "tb-btn text", type: "button", title: t("organizeHint"), "data-testid": "notes-organize" }, t("organize"));
    orgBtn.addEventListener("click", () => this.actions.openDialog("organize"));
    const notesTab = f.tab === "notes";
    this.el.appendChild(h("div", { class: "np-head" }, tabs, h("span", { class: "grow" }), notesTab ? orgBtn : null, notesTab ? printBtn : null, closeBtn));

    const select = (field: "scope" | "sort" | "color" | "tag", options: Array<[string, string]>, fn: (v: string) => void) => {
      const sel = h("select", { class: "np-select", "data-testid": `notes-${field}` }, options.map(([v, l]) => h("option", { value: v }, l)));
      sel.value = f[field];
      sel.addEventListener("change", () => fn(sel.value));
      this.controls.set(field, sel);
      return sel;
    };
    const filters = h("div", { class: "np-filters" });
    filters.appendChild(select("scope", [["doc", t("scopeDoc")], ["all", t("scopeAll")]], (v) => this.actions.setNotesFilter({ scope: v as "doc" | "all" })));
    if (notesTab) {
      filters.appendChild(select("sort", [["doc", t("sortDoc")], ["date", t("sortDate")]], (v) => this.actions.setNotesFilter({ sort: v as "doc" | "date" })));
      const colorOptions = this.s.colors.map((c) => [c.key, colorLabel(this.s, c.key)] as [string, string]);
      filters.appendChild(select("color", [["", t("allColors")], ...colorOptions], (v) => this.actions.setNotesFilter({ color: v })));
      this.tagSelect = select("tag", [], (v) => this.actions.setNotesFilter({ tag: v }));
      this.refreshTagOptions();
      filters.appendChild(this.tagSelect);
      const author = h("select", { class: "np-select", "data-testid": "notes-author", "aria-label": t("authorFilter"), title: t("authorFilter") });
      author.addEventListener("change", () => this.actions.setNotesFilter({ author: author.value }));
      this.controls.set("author", author);
      this.authorSelect = author;
      this.authorKey = "\u0000"; // not yet filled
      this.refreshAuthorOptions();
      filters.appendChild(author);
      const q = h("input", { class: "np-text", type: "search", placeholder: t("filterText"), "data-testid": "notes-filter" });
      q.value = f.text;
      this.controls.set("text", q);
      q.addEventListener("input", () => this.actions.setNotesFilter({ text: q.value }, true));
      filters.appendChild(q);
    }
    this.el.appendChild(filters);
    this.countEl = h("div", { class: "np-count" });
    this.listEl = h("ol", { class: "np-list", "data-testid": "notes-list" });
    this.el.append(h("div", { class: "print-only print-head" }), notesTab ? this.orphans.el : "", this.countEl, this.listEl);
    this.render();
  }

  /**
   * Renders every listed note (not a page of them) and prints through the
   * shell. The print dialog is not modal to this script, so the whole list
   * stays rendered until the list changes again.
   */
  private print(): void {
    this.limit = Number.MAX_SAFE_INTEGER;
    this.render();
    void this.actions.printPage();
  }

  /** Puts the store's filter values in the controls (after showTag, a tag rename…). */
  private syncControls(): void {
    const f = this.s.notesFilter;
    this.refreshTagOptions();
    this.refreshAuthorOptions();
    for (const [field, el] of this.controls) {
      const v = f[field];
      if (el.value !== v) el.value = v;
    }
  }

  /** The author filter: shown while a group is joined (or a member is chosen), its members as choices. */
  private refreshAuthorOptions(): void {
    const sel = this.authorSelect;
    if (!sel) return;
    const chosen = this.s.notesFilter.author;
    const opts = authorOptions(groupMembers(this.s.syncStatus));
    if (chosen && !opts.some(([v]) => v === chosen)) opts.push([chosen, chosen]);
    const key = opts.map(([v, l]) => `${v}\u0001${l}`).join("\u0002");
    sel.hidden = opts.length <= 2 && !chosen && !this.s.syncStatus?.group?.target;
    if (key === this.authorKey) return;
    this.authorKey = key;
    sel.replaceChildren(...opts.map(([v, l]) => h("option", { value: v }, l)));
    sel.value = chosen;
  }

  private refreshTagOptions(): void {
    if (!this.tagSelect) return;
    const { tags, notesFilter } = this.s;
    const tag = notesFilter.tag;
    const opts: Array<[string, string]> = [["", t("allTags")], ...tags.map((x) => [x.name, `${x.name} (${x.count})`] as [string, string])];
    if (tag && !tags.some((x) => x.name === tag)) opts.push([tag, tag]);
    this.tagSelect.replaceChildren(...opts.map(([v, l]) => h("option", { value: v }, l)));
    this.tagSelect.value = tag;
  }

  /** Draws the loaded list (if it is the list of the tab shown). */
  private render(): void {
    const s = this.s;
    const loaded = s.notesList;
    const trash = s.notesFilter.tab === "trash";
    clear(this.listEl);
    this.countEl.replaceChildren();
    if (!loaded || loaded.trash !== trash) return;
    const list = loaded.items;
    const scope = s.notesFilter.scope;
    const head = this.el.querySelector(".print-head");
    if (head) head.textContent = `${t("notesOf", { t: scope === "doc" ? (s.doc?.title ?? "") : t("scopeAll") })} · ${t("printedAt", { d: formatDate(new Date().toISOString()) })}`;
    this.countEl.replaceChildren(h("span", null, t("count", { n: list.length })));
    if (trash && list.length) {
      const empty = h("button", { class: "btn danger small", type: "button", "data-testid": "empty-trash" }, t("emptyTrash"));
      empty.addEventListener("click", () => void this.confirmEmptyTrash(list.length));
      this.countEl.append(h("span", { class: "grow" }), empty);
    }
    if (list.length === 0) {
      const f = s.notesFilter;
      const filtered = !!(f.color || f.tag || f.text.trim() || f.author);
      this.listEl.appendChild(h("li", { class: "np-empty" }, trash ? t("trashEmpty") : filtered ? t("noMatch") : t("noNotes")));
      return;
    }
    const showDoc = scope === "all";
    for (const a of list.slice(0, this.limit)) this.listEl.appendChild(this.item(a, trash, showDoc));
    if (list.length > this.limit) {
      const more = h("button", { class: "btn np-more", type: "button" }, t("showMore", { n: list.length - this.limit }));
      more.addEventListener("click", () => {
        this.limit += PAGE;
        this.render();
      });
      this.listEl.appendChild(h("li", { class: "np-more-li" }, more));
    }
  }

  /** 清空回收站 only after the reader says so in the app's own dialog (awaited). */
  private async confirmEmptyTrash(n: number): Promise<void> {
    const root = this.el.closest<HTMLElement>(".app") ?? document.body;
    const ok = await confirmDialog(root, { title: t("emptyTrashTitle"), message: t("emptyTrashConfirm", { n }), confirm: t("confirmDelete") });
    if (ok) await this.actions.emptyTrash();
  }

  private item(a: Annotation, trash: boolean, showDoc: boolean): HTMLElement {
    const s = this.s;
    const preview = markdownPreview(a.exact, 120);
    const cut = preview !== a.exact.trim();
    // on paper the whole passage is printed, on screen a preview
    const quote = h("blockquote", { class: `np-quote ${colorClass(a.color)}${cut ? " cut" : ""}` }, h("span", { class: "q-short" }, preview), cut ? h("span", { class: "q-full" }, a.exact) : null);
    const body = a.note.trim() ? h("div", { class: "np-note" }, renderMarkdown(a.note)) : null;
    const meta = h(
      "div",
      { class: "np-meta" },
      h("span", { class: `swatch ${colorClass(a.color)}` }),
      a.author ? h("span", { class: "np-author", title: t("noteBy", { n: a.author.name }), "data-testid": "notes-item-author" }, a.author.name) : null,
      h("span", null, colorLabel(s, a.color)),
      a.tags.map((tg) => h("span", { class: "tag" }, tg)),
      h("span", { class: "grow" }),
      showDoc ? h("span", { class: "np-doc" }, docTitle(s, a.doc_id)) : null,
      h("time", { datetime: a.updated }, formatDate(trash && a.deleted ? a.deleted : a.updated)),
    );
    const li = h("li", { class: `np-item${a.author ? " theirs" : ""}${a.id === s.activeId ? " current" : ""}`, "data-note-id": a.id, "data-testid": trash ? "trash-item" : "notes-item", tabindex: 0 }, quote, body, meta);
    if (trash) {
      const r = h("button", { class: "btn small", type: "button", "data-testid": "restore" }, t("restore"));
      r.addEventListener("click", (e) => {
        e.stopPropagation();
        void this.actions.restore(a.id);
      });
      li.appendChild(h("div", { class: "np-actions" }, r));
      return li;
    }
    const go = () => {
      this.listEl.querySelectorAll(".np-item.current").forEach((x) => x.classList.remove("current"));
      li.classList.add("current");
      void this.actions.goTo(a.doc_id, a.start, a.end, a.id);
    };
    // a member's note is not quoted into my essay (it can be copied first)
    if (!a.author) {
      meta.appendChild(quoteButton(a.id, this.actions));
      draggableNote(li, a);
    }
    li.addEventListener("click", go);
    li.addEventListener("keydown", (e) => {
      if (e.key === "Enter") go();
    });
    return li;
  }
}
