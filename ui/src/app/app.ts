// The reading desk: top bar, outline, reader, margin, panels.
import type { Annotation } from "../bindings";
import type { Color } from "../bindings";
import type { Document } from "../bindings";
import type { DocumentInfo } from "../bindings";
import type { IndexStatus } from "../bindings";
import type { TagCount } from "../bindings";
import { rangeToOffsets } from "../anchoring/offsets";
import { toApiError, type Backend } from "../backend/types";
import { clear, h } from "../dom";
import { detectLang, lang, setLang, t, type Lang } from "../i18n";
import { ExportDialog } from "./exportdialog";
import { Margin } from "./margin";
import { closeTopModal } from "./modal";
import { NotesPanel } from "./notes";
import { OrganizeDialog } from "./organize";
import { colorLabelOf } from "./organizelogic";
import { getPref, getReadingPos, setPref, setReadingPos } from "./prefs";
import { Reader } from "./reader";
import { SearchBox } from "./search";
import { splitTags } from "./tags";

const FONT_SIZES = [14, 15, 16, 17, 18, 19, 20, 22, 24, 26, 28];
const DEFAULT_FONT = 19;

interface Pending {
  start: number;
  end: number;
}

export class App {
  readonly root: HTMLElement;
  readonly reader = new Reader();
  readonly margin: Margin;
  readonly notes: NotesPanel;
  readonly search: SearchBox;
  readonly exportDialog: ExportDialog;
  readonly organize: OrganizeDialog;
  desk!: HTMLElement;
  private deskInner!: HTMLElement;
  private outlineEl!: HTMLElement;
  private toolbarEl!: HTMLElement;
  private toastsEl!: HTMLElement;
  private statusEl!: HTMLElement;
  private docButton!: HTMLElement;

  colors: Color[] = [];
  docs: DocumentInfo[] = [];
  doc: Document | null = null;
  annotations = new Map<string, Annotation>();
  tags: TagCount[] = [];
  activeId: string | null = null;
  editingId: string | null = null;
  private sorted: Annotation[] | null = null;
  private pending: Pending | null = null;
  private lastColor = getPref("lastColor") ?? "yellow";
  private undoStack: Array<{ id: string; doc: string }> = [];
  private fontSize = Number(getPref("fontSize")) || DEFAULT_FONT;
  private theme: "light" | "dark" = getPref("theme") === "dark" ? "dark" : "light";
  private savePosTimer: ReturnType<typeof setTimeout> | undefined;
  private rafScroll = 0;

  constructor(readonly backend: Backend, root: HTMLElement) {
    this.root = root;
    setLang(detectLang(navigator.language, getPref("lang")));
    this.margin = new Margin(this);
    this.notes = new NotesPanel(this);
    this.search = new SearchBox(this);
    this.exportDialog = new ExportDialog(this);
    this.organize = new OrganizeDialog(this);
    this.installGlobalHandlers();
  }

  // ---------------------------------------------------------------- state

  sortedAnnotations(): Annotation[] {
    if (!this.sorted) this.sorted = [...this.annotations.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    return this.sorted;
  }

  colorLabel(key: string): string {
    const c = this.colors.find((x) => x.key === key);
    return c ? colorLabelOf(c, lang()) : key;
  }

  tagNames(): string[] {
    return this.tags.map((x) => x.name);
  }

  docTitle(id: string): string {
    return this.docs.find((d) => d.id === id)?.title ?? t("unknownDoc");
  }

  // ---------------------------------------------------------------- start

  async start(): Promise<void> {
    this.applyPrefs();
    this.buildShell();
    try {
      const [colors, docs, tags] = await Promise.all([this.backend.listColors(), this.backend.listDocuments(), this.backend.listTags()]);
      this.colors = colors;
      this.docs = docs;
      this.tags = tags;
      this.buildShell();
      const last = getPref("lastDoc");
      const first = docs.find((d) => d.id === last) ?? docs[0];
      if (first) await this.openDocument(first.id);
      // After the next frame the text is on screen.
      requestAnimationFrame(() => void this.backend.uiReady().catch(() => undefined));
      void this.backend.onIndexStatus((s) => this.showStatus(s));
      void this.backend.indexStatus().then((s) => this.showStatus(s), () => undefined);
      void this.backend.onFileDrop((paths) => void this.importPaths(paths));
      // Another process (the CLI) wrote to the library: show what it wrote.
      void this.backend.onLibraryChanged(() => void this.reloadAll().catch((e) => this.error(e)));
    } catch (e) {
      this.error(e);
    }
  }

  private applyPrefs(): void {
    const html = document.documentElement;
    html.lang = lang();
    html.dataset.theme = this.theme;
    html.style.setProperty("--reader-size", `${this.fontSize}px`);
    document.title = lang() === "en" ? "Pizhu" : "批注";
  }

  /** Builds (or rebuilds, e.g. after a language switch) the whole UI. */
  private buildShell(): void {
    clear(this.root);
    this.root.className = "app";
    const top = this.buildTopbar();
    this.outlineEl = h("nav", { class: "outline", "data-testid": "outline", "aria-label": t("outline") });
    this.deskInner = h("div", { class: "desk-inner" }, this.reader.el, this.margin.el);
    this.desk = h("main", { class: "desk", "data-testid": "desk" }, this.deskInner);
    this.toolbarEl = h("div", { class: "sel-toolbar", "data-testid": "sel-toolbar", role: "toolbar", hidden: true });
    this.toastsEl = h("div", { class: "toasts", "aria-live": "polite" });
    const body = h("div", { class: "body" }, this.outlineEl, this.desk, this.notes.el);
    this.root.append(top, body, this.toolbarEl, this.toastsEl);
    this.desk.addEventListener("scroll", () => this.onScroll(), { passive: true });
    this.reader.el.addEventListener("mouseup", (e) => this.onReaderMouseUp(e));
    this.reader.el.addEventListener("keyup", (e) => {
      if (e.shiftKey) this.checkSelection();
    });
    this.notes.rebuild();
    if (this.doc) this.renderOutline();
  }

  private buildTopbar(): HTMLElement {
    const btn = (label: string, title: string, testid: string, fn: () => void, cls = "tb-btn") => {
      const b = h("button", { class: cls, type: "button", title, "aria-label": title, "data-testid": testid }, label);
      b.addEventListener("click", fn);
      return b;
    };
    this.docButton = h("button", { class: "doc-switch", type: "button", "data-testid": "doc-switch", "aria-haspopup": "menu" }, this.doc?.title ?? t("docs"));
    this.docButton.addEventListener("click", (e) => {
      e.stopPropagation();
      this.toggleDocMenu();
    });
    this.statusEl = h("span", { class: "index-status", "data-testid": "index-status", hidden: true });
    return h(
      "header",
      { class: "topbar" },
      h("span", { class: "brand" }, h("span", { class: "brand-mark" }, "批"), h("span", { class: "brand-name" }, t("appName"))),
      this.docButton,
      h("span", { class: "grow" }),
      this.search.build(),
      this.statusEl,
      h("span", { class: "grow" }),
      btn(t("notesToggle"), t("notesToggle"), "notes-toggle", () => this.notes.toggle(), "tb-btn text"),
      btn(t("exportBackup"), t("exportBackup"), "export-button", () => this.exportDialog.open(), "tb-btn text"),
      h(
        "span",
        { class: "tb-group", role: "group", "aria-label": t("textSize") },
        btn("A−", t("fontSmaller"), "font-smaller", () => this.setFont(-1)),
        btn("A+", t("fontLarger"), "font-larger", () => this.setFont(1)),
      ),
      btn(this.theme === "dark" ? "☀" : "☾", t("themeToggle"), "theme-toggle", () => this.toggleTheme()),
      btn(lang() === "en" ? "中" : "EN", t("langToggle"), "lang-toggle", () => this.switchLang(lang() === "en" ? "zh-CN" : "en")),
      btn("ⓘ", t("about"), "about-button", () => void this.showAbout()),
    );
  }

  // ---------------------------------------------------------------- documents

  async openDocument(id: string, restore = true): Promise<void> {
    const t0 = performance.now();
    const [doc, notes] = await Promise.all([
      this.backend.getDocument(id),
      this.backend.listAnnotations({ doc_id: id, tag: null, color: null, text: null, trash: false }),
    ]);
    this.saveReadingPos();
    this.doc = doc;
    setPref("lastDoc", id);
    this.annotations = new Map(notes.map((a) => [a.id, a]));
    this.sorted = null;
    this.activeId = null;
    this.editingId = null;
    this.hideToolbar();
    this.docButton.textContent = doc.title;
    this.margin.clearAll();
    this.reader.render(doc);
    this.renderOutline();
    const t1 = performance.now();
    this.reader.paint(this.sortedAnnotations(), null);
    const t2 = performance.now();
    this.margin.refresh();
    const t3 = performance.now();
    if (restore) this.restoreReadingPos();
    this.notes.refresh();
    document.body.dataset.ready = "1";
    (window as unknown as { __pizhuPerf?: unknown }).__pizhuPerf = {
      doc: id,
      highlights: this.reader.ranges.size,
      renderMs: +(t1 - t0).toFixed(1),
      paintMs: +(t2 - t1).toFixed(1),
      marginMs: +(t3 - t2).toFixed(1),
      totalMs: +(t3 - t0).toFixed(1),
    };
  }

  private toggleDocMenu(): void {
    const existing = this.root.querySelector(".doc-menu");
    if (existing) {
      existing.remove();
      return;
    }
    const menu = h(
      "div",
      { class: "doc-menu popover", role: "menu", "data-testid": "doc-menu" },
      this.docs.map((d) => {
        const item = h(
          "button",
          { class: `menu-item${d.id === this.doc?.id ? " current" : ""}`, role: "menuitem", type: "button", "data-doc-id": d.id },
          h("span", { class: "mi-title" }, d.title),
          h("span", { class: "mi-meta" }, d.builtin ? `${t("builtin")} · ` : "", t("chars", { n: d.chars.toLocaleString() })),
        );
        item.addEventListener("click", () => {
          menu.remove();
          void this.openDocument(d.id).catch((e) => this.error(e));
        });
        return item;
      }),
      h("div", { class: "menu-sep" }),
    );
    const add = h("button", { class: "menu-item add", role: "menuitem", type: "button", "data-testid": "add-document" }, t("addDocument"));
    add.addEventListener("click", () => {
      menu.remove();
      void this.pickAndImport();
    });
    menu.appendChild(add);
    const r = this.docButton.getBoundingClientRect();
    menu.style.left = `${r.left}px`;
    menu.style.top = `${r.bottom + 4}px`;
    this.root.appendChild(menu);
    const close = (e: MouseEvent) => {
      if (!menu.contains(e.target as Node)) {
        menu.remove();
        document.removeEventListener("mousedown", close, true);
      }
    };
    document.addEventListener("mousedown", close, true);
  }

  private async pickAndImport(): Promise<void> {
    try {
      const path = await this.backend.pickFile();
      if (path) await this.importPaths([path]);
    } catch (e) {
      this.error(e);
    }
  }

  async importPaths(paths: string[]): Promise<void> {
    let last: DocumentInfo | null = null;
    for (const p of paths) {
      const name = p.split(/[\\/]/).pop() ?? p;
      try {
        last = await this.backend.importDocument(p, name.replace(/\.[^.]+$/, ""));
        this.toast(t("imported", { t: last.title }));
      } catch (e) {
        this.error(e);
      }
    }
    if (last) {
      this.docs = await this.backend.listDocuments();
      await this.openDocument(last.id, false);
    }
  }

  /** Reloads colours, documents, tags and the open document's notes (after a restore). */
  async reloadAll(): Promise<void> {
    const [colors, docs, tags] = await Promise.all([this.backend.listColors(), this.backend.listDocuments(), this.backend.listTags()]);
    this.colors = colors;
    this.docs = docs;
    this.tags = tags;
    this.notes.rebuild();
    const current = docs.find((d) => d.id === this.doc?.id) ?? docs[0];
    if (current) await this.openDocument(current.id);
  }

  private showStatus(s: IndexStatus): void {
    if (s.state === "rebuilding") {
      this.statusEl.hidden = false;
      this.statusEl.textContent = t("indexing", { d: s.done, n: s.total });
    } else {
      this.statusEl.hidden = true;
    }
  }

  // ---------------------------------------------------------------- outline

  private renderOutline(): void {
    const doc = this.doc;
    if (!doc) return;
    clear(this.outlineEl);
    this.outlineEl.appendChild(h("div", { class: "outline-head" }, t("outline")));
    const list = h("ol", { class: "outline-list" });
    const item = (cls: string, label: string, block: number | null, text: string) => {
      const b = h("button", { class: `ol-item ${cls}`, type: "button", "data-target": block ?? -1, title: text }, h("span", { class: "ol-text" }, label));
      b.addEventListener("click", () => this.jumpToBlock(block));
      list.appendChild(h("li", null, b));
    };
    item("ol-title", doc.title, null, doc.title);
    for (const b of doc.blocks) {
      if (b.kind === "subtitle") item("ol-subtitle", b.text.replace(/^——/, ""), b.index, b.text);
      else if (b.kind === "heading") item("ol-heading", b.text, b.index, b.text);
      else if (b.lead) item("ol-lead", b.lead.phrase, b.index, b.lead.phrase);
    }
    this.outlineEl.appendChild(list);
    this.updateOutlineCurrent();
  }

  private jumpToBlock(block: number | null): void {
    if (block === null) {
      this.desk.scrollTo({ top: 0, behavior: "smooth" });
      return;
    }
    const el = this.reader.blockEl(block);
    if (!el) return;
    const top = el.getBoundingClientRect().top - this.desk.getBoundingClientRect().top + this.desk.scrollTop - 24;
    this.desk.scrollTo({ top, behavior: "smooth" });
  }

  private updateOutlineCurrent(): void {
    const top = this.reader.topBlock(this.desk.getBoundingClientRect().top + 80);
    let current = -1;
    if (top && this.doc) {
      for (const b of this.doc.blocks) {
        if (b.index > top.index) break;
        if (b.kind === "heading" || b.lead || b.kind === "subtitle") current = b.index;
      }
    }
    this.outlineEl.querySelectorAll(".ol-item.current").forEach((x) => x.classList.remove("current"));
    const el = this.outlineEl.querySelector(`.ol-item[data-target="${current}"]`);
    el?.classList.add("current");
  }

  // ---------------------------------------------------------------- scrolling

  private onScroll(): void {
    if (this.rafScroll) return;
    this.rafScroll = requestAnimationFrame(() => {
      this.rafScroll = 0;
      this.margin.renderVisible();
      this.updateOutlineCurrent();
      if (this.pending) this.positionToolbar();
    });
    if (this.savePosTimer !== undefined) clearTimeout(this.savePosTimer);
    this.savePosTimer = setTimeout(() => this.saveReadingPos(), 250);
  }

  private saveReadingPos(): void {
    if (!this.doc || !this.desk) return;
    const top = this.reader.topBlock(this.desk.getBoundingClientRect().top);
    if (top) setReadingPos(this.doc.id, { block: top.index, offset: Math.round(top.offset) });
  }

  private restoreReadingPos(): void {
    if (!this.doc) return;
    const pos = getReadingPos(this.doc.id);
    if (!pos) {
      this.desk.scrollTop = 0;
      return;
    }
    const el = this.reader.blockEl(pos.block);
    if (!el) return;
    this.desk.scrollTop = el.getBoundingClientRect().top - this.desk.getBoundingClientRect().top + this.desk.scrollTop + pos.offset;
  }

  // ---------------------------------------------------------------- selection & toolbar

  private onReaderMouseUp(e: MouseEvent): void {
    if (e.button !== 0) return;
    // let the selection settle first
    setTimeout(() => {
      const sel = window.getSelection();
      if (sel && !sel.isCollapsed) {
        this.checkSelection();
        return;
      }
      const a = this.reader.annotationAt(e.clientX, e.clientY, this.sortedAnnotations());
      if (a) this.activate(a.id, { scroll: false, flash: false, focusCard: true });
      else if (this.activeId && !this.editingId) this.activate(null);
    }, 0);
  }

  checkSelection(): void {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) {
      this.hideToolbar();
      return;
    }
    const range = sel.getRangeAt(0);
    if (!this.reader.el.contains(range.commonAncestorContainer)) return;
    const off = rangeToOffsets(this.reader.el, range);
    if (!off) {
      this.hideToolbar();
      return;
    }
    this.pending = off;
    this.showToolbar();
  }

  private showToolbar(): void {
    const tb = this.toolbarEl;
    clear(tb);
    this.colors.forEach((c, i) => {
      const b = h(
        "button",
        { class: `tb-color c-${c.key}${c.key === this.lastColor ? " last" : ""}`, type: "button", "data-color": c.key, title: `${this.colorLabel(c.key)} (${i + 1})` },
        h("span", { class: `swatch s-${c.key}` }),
        this.colorLabel(c.key),
      );
      b.addEventListener("mousedown", (e) => e.preventDefault());
      b.addEventListener("click", () => void this.highlightPending(c.key, false));
      tb.appendChild(b);
    });
    tb.appendChild(h("span", { class: "tb-sep" }));
    const note = h("button", { class: "tb-note", type: "button", "data-testid": "toolbar-note", title: `${t("annotate")} (N)` }, "✎ ", t("annotate"));
    note.addEventListener("mousedown", (e) => e.preventDefault());
    note.addEventListener("click", () => void this.highlightPending(this.lastColor, true));
    const tagIn = h("input", { class: "tb-tags", "data-testid": "toolbar-tags", placeholder: t("tagPlaceholder"), list: "tb-tags-dl", "aria-label": t("tags") });
    tagIn.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") {
        e.preventDefault();
        void this.highlightPending(this.lastColor, false);
      } else if (e.key === "Escape") this.hideToolbar();
    });
    tb.append(note, tagIn, h("datalist", { id: "tb-tags-dl" }, this.tagNames().map((n) => h("option", { value: n }))));
    tb.hidden = false;
    this.positionToolbar();
    // keep the pending passage visible when focus moves into the tag input
    const r = this.reader.rangeFor(this.pending!.start, this.pending!.end);
    if (r && this.reader.useApi) CSS.highlights.set("hl-pending", new Highlight(r));
  }

  private positionToolbar(): void {
    if (!this.pending) return;
    const r = this.reader.rangeFor(this.pending.start, this.pending.end);
    if (!r) return;
    const rects = r.getClientRects();
    const first = rects[0] ?? r.getBoundingClientRect();
    const tb = this.toolbarEl;
    const w = tb.offsetWidth;
    const hgt = tb.offsetHeight;
    let top = first.top - hgt - 10;
    if (top < 56) {
      const last = rects[rects.length - 1] ?? first;
      top = last.bottom + 10;
    }
    const left = Math.max(8, Math.min(window.innerWidth - w - 8, first.left - 8));
    tb.style.left = `${left}px`;
    tb.style.top = `${top}px`;
  }

  hideToolbar(): void {
    this.pending = null;
    if (this.reader.useApi) CSS.highlights.delete("hl-pending");
    if (this.toolbarEl) this.toolbarEl.hidden = true;
  }

  async highlightPending(color: string, withNote: boolean): Promise<void> {
    const p = this.pending;
    if (!p || !this.doc) return;
    const tagInput = this.toolbarEl.querySelector<HTMLInputElement>(".tb-tags");
    const tags = tagInput ? splitTags(tagInput.value) : [];
    this.hideToolbar();
    window.getSelection()?.removeAllRanges();
    this.lastColor = color;
    setPref("lastColor", color);
    try {
      const a = await this.backend.createAnnotation({ doc_id: this.doc.id, start: p.start, end: p.end, color, note: "", tags });
      this.annotations.set(a.id, a);
      this.sorted = null;
      this.activeId = a.id;
      this.editingId = withNote ? a.id : null;
      this.repaint();
      if (withNote) this.focusEditor(a.id);
      if (tags.length) void this.refreshTags();
      this.notes.refresh();
    } catch (e) {
      this.error(e);
    }
  }

  // ---------------------------------------------------------------- notes

  private repaint(): void {
    this.reader.paint(this.sortedAnnotations(), this.activeId);
    this.margin.invalidateAll();
    this.margin.refresh();
  }

  activate(id: string | null, opts: { scroll?: boolean; flash?: boolean; focusCard?: boolean } = {}): void {
    const prev = this.activeId;
    if (this.editingId && this.editingId !== id) this.editingId = null;
    this.activeId = id;
    if (prev) this.margin.invalidate(prev);
    if (id) this.margin.invalidate(id);
    this.reader.paintActive(id);
    this.margin.refresh();
    if (!id) return;
    const a = this.annotations.get(id);
    if (!a) return;
    if (opts.scroll) {
      const r = this.reader.ranges.get(id);
      if (r && !this.inView(r)) this.reader.scrollToRange(this.desk, r);
    }
    if (opts.flash) this.reader.flash(a.start, a.end);
    if (opts.focusCard) this.margin.cardEl(id)?.focus({ preventScroll: true });
  }

  private inView(r: Range): boolean {
    const rect = r.getBoundingClientRect();
    const box = this.desk.getBoundingClientRect();
    return rect.top >= box.top + 20 && rect.bottom <= box.bottom - 20;
  }

  startEdit(id: string): void {
    this.activeId = id;
    this.editingId = id;
    this.margin.invalidate(id);
    this.reader.paintActive(id);
    this.margin.refresh();
    this.focusEditor(id);
  }

  private focusEditor(id: string): void {
    const ta = this.margin.cardEl(id)?.querySelector<HTMLTextAreaElement>("textarea");
    if (ta) {
      ta.focus({ preventScroll: true });
      ta.setSelectionRange(ta.value.length, ta.value.length);
    }
  }

  cancelEdit(): void {
    const id = this.editingId;
    this.editingId = null;
    if (id) {
      this.margin.invalidate(id);
      this.margin.refresh();
      this.margin.cardEl(id)?.focus({ preventScroll: true });
    }
  }

  async saveNote(id: string, note: string, tags: string[]): Promise<void> {
    try {
      const a = await this.backend.updateAnnotation(id, { note, color: null, tags });
      this.annotations.set(id, a);
      this.sorted = null;
      this.editingId = null;
      this.margin.invalidate(id);
      this.margin.refresh();
      this.margin.cardEl(id)?.focus({ preventScroll: true });
      void this.refreshTags();
      this.notes.refresh();
    } catch (e) {
      this.error(e);
    }
  }

  async setColor(id: string, color: string): Promise<void> {
    try {
      const a = await this.backend.updateAnnotation(id, { note: null, color, tags: null });
      this.annotations.set(id, a);
      this.sorted = null;
      this.lastColor = color;
      setPref("lastColor", color);
      this.repaint();
      this.notes.refresh();
    } catch (e) {
      this.error(e);
    }
  }

  async deleteNote(id: string): Promise<void> {
    const a = this.annotations.get(id);
    try {
      await this.backend.deleteAnnotation(id);
    } catch (e) {
      this.error(e);
      return;
    }
    this.annotations.delete(id);
    this.sorted = null;
    if (this.activeId === id) this.activeId = null;
    if (this.editingId === id) this.editingId = null;
    this.undoStack.push({ id, doc: a?.doc_id ?? this.doc?.id ?? "" });
    this.repaint();
    this.notes.refresh();
    void this.refreshTags();
    this.toast(t("deleted"), { label: t("undo"), run: () => void this.undoDelete(id) }, 8000);
  }

  async undoDelete(id?: string): Promise<void> {
    const entry = id ? this.undoStack.find((x) => x.id === id) : this.undoStack[this.undoStack.length - 1];
    if (!entry) return;
    this.undoStack = this.undoStack.filter((x) => x !== entry);
    await this.restore(entry.id);
  }

  async restore(id: string): Promise<void> {
    try {
      const a = await this.backend.restoreAnnotation(id);
      if (a.doc_id === this.doc?.id) {
        this.annotations.set(a.id, a);
        this.sorted = null;
        this.activeId = a.id;
        this.repaint();
      }
      this.notes.refresh();
      void this.refreshTags();
      this.toast(t("restored"));
    } catch (e) {
      this.error(e);
    }
  }

  /** New colour meanings (after rename_color): everything that shows a label is redrawn. */
  applyColors(colors: Color[]): void {
    this.colors = colors;
    this.margin.invalidateAll();
    this.margin.refresh();
    this.notes.rebuild();
    this.notes.refresh();
    if (this.pending) this.showToolbar();
  }

  /** After rename_tag: reloads the tags and this document's notes (their tags changed). */
  async afterTagRename(from: string, to: string): Promise<void> {
    const docId = this.doc?.id ?? null;
    const [tags, notes] = await Promise.all([
      this.backend.listTags(),
      docId ? this.backend.listAnnotations({ doc_id: docId, tag: null, color: null, text: null, trash: false }) : Promise.resolve(null),
    ]);
    this.tags = tags;
    if (notes && docId === this.doc?.id) {
      for (const a of notes) {
        const old = this.annotations.get(a.id);
        if (old && old.tags.join("\n") === a.tags.join("\n")) continue;
        this.annotations.set(a.id, a);
        // a card being edited keeps the reader's draft
        if (a.id !== this.editingId) this.margin.invalidate(a.id);
      }
      this.sorted = null;
      this.margin.refresh();
    }
    this.notes.tagRenamed(from, to);
  }

  async refreshTags(): Promise<void> {
    try {
      this.tags = await this.backend.listTags();
      this.notes.refreshTagOptions();
    } catch {
      /* tags are a convenience */
    }
  }

  /** Opens a document (if needed) and shows a place in it. */
  async goTo(docId: string, start: number, end: number, noteId: string | null): Promise<void> {
    if (this.doc?.id !== docId) await this.openDocument(docId, false);
    if (noteId && this.annotations.has(noteId)) {
      this.activate(noteId, { scroll: false });
    }
    const r = this.reader.rangeFor(start, end);
    if (r) this.reader.scrollToRange(this.desk, r, false);
    this.reader.flash(start, end);
    this.margin.renderVisible();
  }

  // ---------------------------------------------------------------- view prefs

  private setFont(delta: number): void {
    let i = FONT_SIZES.indexOf(this.fontSize);
    if (i < 0) i = FONT_SIZES.indexOf(DEFAULT_FONT);
    i = Math.max(0, Math.min(FONT_SIZES.length - 1, i + delta));
    this.fontSize = FONT_SIZES[i]!;
    setPref("fontSize", String(this.fontSize));
    document.documentElement.style.setProperty("--reader-size", `${this.fontSize}px`);
    this.margin.refresh();
    if (this.pending) this.positionToolbar();
  }

  private toggleTheme(): void {
    this.theme = this.theme === "dark" ? "light" : "dark";
    setPref("theme", this.theme);
    document.documentElement.dataset.theme = this.theme;
    const b = this.root.querySelector('[data-testid="theme-toggle"]');
    if (b) b.textContent = this.theme === "dark" ? "☀" : "☾";
  }

  private switchLang(l: Lang): void {
    this.saveReadingPos();
    setLang(l);
    setPref("lang", l);
    this.applyPrefs();
    const scroll = this.desk.scrollTop;
    this.buildShell();
    this.margin.invalidateAll();
    if (this.doc) {
      this.desk.scrollTop = scroll;
      this.margin.refresh();
    }
  }

  // ---------------------------------------------------------------- keyboard

  private installGlobalHandlers(): void {
    document.addEventListener("keydown", (e) => this.onKey(e));
    document.addEventListener("mousedown", (e) => {
      const target = e.target as Node;
      if (this.pending && !this.toolbarEl.contains(target) && !this.reader.el.contains(target)) this.hideToolbar();
      if (this.pending && this.reader.el.contains(target)) this.hideToolbar();
    });
    window.addEventListener("resize", () => {
      this.margin.refresh();
      if (this.pending) this.positionToolbar();
    });
    window.addEventListener("beforeunload", () => this.saveReadingPos());
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === "f" || e.key === "F")) {
      e.preventDefault();
      this.search.focus();
      return;
    }
    if (e.key === "Escape") {
      if (this.closeModal()) return;
      if (this.pending) {
        this.hideToolbar();
        window.getSelection()?.removeAllRanges();
        return;
      }
      if (this.search.isOpen()) {
        this.search.close();
        return;
      }
      if (this.editingId) {
        this.cancelEdit();
        return;
      }
      if (this.activeId) this.activate(null);
      return;
    }
    if (typing) return;
    if (mod && (e.key === "z" || e.key === "Z") && !e.shiftKey) {
      if (this.undoStack.length) {
        e.preventDefault();
        void this.undoDelete();
      }
      return;
    }
    if (mod || e.altKey) return;
    if (e.key === "/") {
      e.preventDefault();
      this.search.focus();
      return;
    }
    if (this.pending) {
      const k = e.key.toLowerCase();
      if (k === "h") {
        e.preventDefault();
        void this.highlightPending(this.lastColor, false);
      } else if (k === "n") {
        e.preventDefault();
        void this.highlightPending(this.lastColor, true);
      } else if (/^[1-9]$/.test(e.key)) {
        const c = this.colors[Number(e.key) - 1];
        if (c) {
          e.preventDefault();
          void this.highlightPending(c.key, false);
        }
      }
    }
  }

  // ---------------------------------------------------------------- toasts, errors, about

  toast(message: string, action?: { label: string; run: () => void }, ms = 4000, kind: "info" | "error" = "info"): void {
    const el = h("div", { class: `toast ${kind}`, role: kind === "error" ? "alert" : "status", "data-testid": kind === "error" ? "error-toast" : "toast" }, h("span", { class: "toast-msg" }, message));
    const close = () => el.remove();
    if (action) {
      const b = h("button", { class: "toast-action", type: "button", "data-testid": "toast-action" }, action.label);
      b.addEventListener("click", () => {
        close();
        action.run();
      });
      el.appendChild(b);
    }
    const x = h("button", { class: "toast-close", type: "button", "aria-label": t("close") }, "×");
    x.addEventListener("click", close);
    el.appendChild(x);
    this.toastsEl.appendChild(el);
    setTimeout(close, ms);
  }

  error(e: unknown): void {
    const err = toApiError(e);
    console.error("pizhu:", err);
    this.toast(`${t("error")}:${err.message}`, undefined, 8000, "error");
  }

  private closeModal(): boolean {
    return closeTopModal(this.root);
  }

  private async showAbout(): Promise<void> {
    let version = "…";
    let dataDir = "…";
    try {
      const info = await this.backend.appInfo();
      version = info.version;
      dataDir = info.data_dir;
    } catch (e) {
      this.error(e);
    }
    const close = h("button", { class: "btn primary", type: "button", "data-testid": "about-close" }, t("close"));
    const back = h(
      "div",
      { class: "modal-back" },
      h(
        "div",
        { class: "modal", role: "dialog", "aria-modal": "true", "aria-labelledby": "about-title", "data-testid": "about" },
        h("div", { class: "about-mark" }, "批"),
        h("h2", { id: "about-title" }, "批注 Pizhu"),
        h("p", { class: "about-blurb" }, t("aboutBlurb")),
        h(
          "dl",
          { class: "about-dl" },
          h("dt", null, t("version")),
          h("dd", { "data-testid": "about-version" }, version),
          h("dt", null, t("dataDir")),
          h("dd", { class: "mono" }, dataDir),
          h("dt", null, t("license")),
          h("dd", null, t("licenseValue")),
        ),
        h("p", { class: "about-keys" }, t("shortcuts")),
        h("div", { class: "modal-actions" }, close),
      ),
    );
    close.addEventListener("click", () => back.remove());
    back.addEventListener("mousedown", (e) => {
      if (e.target === back) back.remove();
    });
    this.root.appendChild(back);
    close.focus();
  }
}

