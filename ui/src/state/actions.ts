// Every change to the UI's state, and the one place where the UI calls the
// backend (the `Backend` interface): replacing the backend touches this file
// only. Views call these methods and watch the store; they never call each
// other. Errors become an error toast here, so callers need not catch.
import type { Annotation } from "../bindings";
import type { AppInfo } from "../bindings";
import type { BackupSummary } from "../bindings";
import type { Color } from "../bindings";
import type { Essay, EssayExportRequest, ReadingSpan } from "../bindings";
import type { DocumentInfo } from "../bindings";
import type { ExportRequest } from "../bindings";
import type { RestoreSummary } from "../bindings";
import type { Blank, Rating, ReviewCard, ReviewOutcome } from "../bindings";
import type { ApiError, KeepText, SyncAccount, SyncStatus } from "../bindings";
import { answersFor, applyQueue, countsOf, currentCard, rateLocally, replaceCard, reveal, startSession, undoLocal, wantsMore, type Session, type TestSpec } from "../review/logic";
import { toApiError, type Backend, type FileFilter } from "../backend/types";
import { detectLang, errorTitle, setLang, t, type Lang } from "../i18n";
import { authorFilter, isTheirs, joinedGroup } from "../group/logic";
import { Autosaver } from "./autosave";
import { getPref, setPref } from "./prefs";
import { Store, type DialogName, type NotesFilter, type Span, type State } from "./store";

const FONT_SIZES = [14, 15, 16, 17, 18, 19, 20, 22, 24, 26, 28];
const DEFAULT_FONT = 19;
/** Search hits asked for: enough to fill the popover twice; "more" says how many there are in all. */
const SEARCH_LIMIT = 20;
/** Typing in the notes filter reloads the list this long after the last key. */
const NOTES_DEBOUNCE_MS = 120;
/** Review cards asked for at a time: a sitting's worth, rated without waiting for the core. */
const REVIEW_BATCH = 50;
/** After a change here, the sync status (待同步 N 条) is asked again this long after the last one. */
const SYNC_STATUS_DEBOUNCE_MS = 800;

/** The state before anything is loaded: preferences from localStorage, the UI language chosen. */
export function initialState(): State {
  // the reader's choice in the app, else Chinese: navigator.language is not
  // the reader's (WebKitGTK under LANG=C reports en-US)
  const l = detectLang(getPref("lang"));
  setLang(l);
  const font = Number(getPref("fontSize"));
  return {
    colors: [],
    docs: [],
    doc: null,
    annotations: new Map(),
    orphans: [],
    reattachId: null,
    tags: [],
    activeId: null,
    editingId: null,
    pending: null,
    pendingTags: [],
    lastColor: getPref("lastColor") ?? "yellow",
    hinted: getPref("hinted") === "1",
    notesOpen: false,
    notesFilter: { tab: "notes", scope: "doc", sort: "doc", color: "", tag: "", text: "", author: "" },
    notesList: null,
    search: null,
    searchOpen: false,
    indexStatus: null,
    undo: [],
    lang: l,
    theme: getPref("theme") === "dark" ? "dark" : "light",
    fontSize: FONT_SIZES.includes(font) ? font : DEFAULT_FONT,
    dialog: null,
    outlineToggled: false,
    coverage: null,
    essayOpen: getPref("essayOpen") === "1",
    essays: null,
    essayId: null,
    essaySave: "saved",
    essayChars: null,
    reviewCounts: null,
    docCards: new Map(),
    review: null,
    blanksCard: null,
    syncStatus: null,
    syncBusy: false,
    syncConflicts: null,
    groupBusy: false,
  };
}

/** The notes placed in the text, by id (orphans, 待确认, are listed apart and never painted). */
function placed(notes: Annotation[]): Map<string, Annotation> {
  return new Map(notes.filter((a) => !a.orphaned).map((a) => [a.id, a]));
}

function withAnnotation(map: ReadonlyMap<string, Annotation>, a: Annotation): Map<string, Annotation> {
  const next = new Map(map);
  next.set(a.id, a);
  return next;
}

function withoutAnnotation(map: ReadonlyMap<string, Annotation>, id: string): Map<string, Annotation> {
  const next = new Map(map);
  next.delete(id);
  return next;
}

export class Actions {
  private searchSeq = 0;
  private notesSeq = 0;
  private notesTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly backend: Backend,
    readonly store: Store,
  ) {
    // notes added, moved or deleted: the marked counts of 学习进度 follow
    store.watch(["annotations"], () => this.coverageSoon());
    // and what is waiting to be synced (the app emits a status only when it syncs)
    store.watch(["annotations", "colors", "docs"], () => this.syncStatusSoon());
  }

  private get s(): Readonly<State> {
    return this.store.state;
  }

  // ---------------------------------------------------------------- start, documents

  /** Loads the library and opens the last document read (or the first). */
  async start(): Promise<void> {
    try {
      const [colors, docs, tags] = await Promise.all([this.backend.listColors(), this.backend.listDocuments(), this.backend.listTags()]);
      this.store.update({ colors, docs, tags });
      const last = getPref("lastDoc");
      const first = docs.find((d) => d.id === last) ?? docs[0];
      if (first) await this.openDocument(first.id);
      // after the next frame the text is on screen (start-up timing)
      requestAnimationFrame(() => void this.backend.uiReady().catch(() => undefined));
      void this.backend.onIndexStatus((indexStatus) => this.store.update({ indexStatus }));
      void this.backend.indexStatus().then((indexStatus) => this.store.update({ indexStatus }), () => undefined);
      void this.backend.onFileDrop((paths) => void this.importPaths(paths));
      void this.backend.onLibraryChanged(() => {
        void this.libraryChanged();
        void this.refreshSync();
      });
      void this.backend.onSyncStatus((s) => this.setSyncStatus(s));
      void this.refreshSync();
      this.tellLanguage();
    } catch (e) {
      this.error(e);
    }
  }

  /** Opens a document with its notes; `restorePosition`: scroll to where the reader left it. */
  async openDocument(id: string, restorePosition = true): Promise<boolean> {
    const startedAt = performance.now();
    try {
      const [doc, notes] = await Promise.all([
        this.backend.getDocument(id),
        this.backend.listAnnotations({ doc_id: id, tag: null, color: null, text: null, trash: false, author: null }),
      ]);
      setPref("lastDoc", id);
      if (notes.length) this.markHinted();
      const orphans = notes.some((a) => a.orphaned) ? await this.backend.orphans(id) : [];
      this.store.update({ doc, annotations: placed(notes), orphans, reattachId: null, activeId: null, editingId: null, pending: null, pendingTags: [] });
      this.store.emit({ kind: "opened", docId: id, restorePosition, startedAt });
      this.reloadNotesSoon();
      this.opened();
      return true;
    } catch (e) {
      this.error(e);
      return false;
    }
  }

  async pickAndImport(): Promise<void> {
    try {
      const path = await this.backend.pickFile();
      if (path) await this.importPaths([path]);
    } catch (e) {
      this.error(e);
    }
  }

  /** Prints the window as it is now (the print stylesheet shows the notes list). */
  async printPage(): Promise<void> {
    try {
      await this.backend.printPage();
    } catch (e) {
      this.error(e);
    }
  }

  /** Renames a document (the menu, the title bar and exports follow). */
  async renameDocument(id: string, title: string): Promise<void> {
    try {
      const info = await this.backend.renameDocument(id, title);
      const docs = this.s.docs.map((d) => (d.id === id ? info : d));
      const doc = this.s.doc?.id === id ? { ...this.s.doc, title: info.title } : this.s.doc;
      this.store.update({ docs, doc });
    } catch (e) {
      this.error(e);
    }
  }

  /** Moves a document to the trash with its notes; the toast can undo it. */
  async removeDocument(id: string): Promise<void> {
    const title = this.s.docs.find((d) => d.id === id)?.title ?? "";
    try {
      const notes = await this.backend.removeDocument(id);
      const docs = await this.backend.listDocuments();
      this.store.update({ docs });
      if (this.s.doc?.id === id && docs[0]) await this.openDocument(docs[0].id);
      void this.refreshTags();
      this.reloadNotesSoon();
      this.toast(t("docRemoved", { t: title, n: notes }), { label: t("undo"), run: () => void this.restoreDocument(id) }, 10000);
    } catch (e) {
      this.error(e);
    }
  }

  /** Brings a removed document back with its notes and opens it. */
  async restoreDocument(id: string): Promise<void> {
    try {
      await this.backend.restoreDocument(id);
      this.store.update({ docs: await this.backend.listDocuments() });
      void this.refreshTags();
      await this.openDocument(id);
      this.toast(t("restored"));
    } catch (e) {
      this.error(e);
    }
  }

  /** Imports files (a pick or a drop) and opens the last one imported. */
  async importPaths(paths: string[]): Promise<void> {
    let last: DocumentInfo | null = null;
    for (const p of paths) {
      try {
        // No title: the core takes it from the text (heading, title line) or the file name.
        last = await this.backend.importDocument(p, "");
        this.toast(t("imported", { t: last.title }));
      } catch (e) {
        this.error(e);
      }
    }
    if (!last) return;
    try {
      this.store.update({ docs: await this.backend.listDocuments() });
    } catch (e) {
      this.error(e);
    }
    await this.openDocument(last.id, false);
  }

  /** Reloads colours, documents, tags and the open document's notes (after a restore). */
  async reloadAll(): Promise<void> {
    const [colors, docs, tags] = await Promise.all([this.backend.listColors(), this.backend.listDocuments(), this.backend.listTags()]);
    this.store.update({ colors, docs, tags });
    const current = docs.find((d) => d.id === this.s.doc?.id) ?? docs[0];
    if (current) await this.openDocument(current.id);
  }

  /**
   * Another process (the CLI) changed the library: reloads the lists and the
   * open document's notes in place. The reading position, the open card and
   * a note being edited stay; the document itself is re-read only if it is
   * gone.
   */
  async libraryChanged(): Promise<void> {
    try {
      const docId = this.s.doc?.id ?? null;
      const [colors, docs, tags, notes] = await Promise.all([
        this.backend.listColors(),
        this.backend.listDocuments(),
        this.backend.listTags(),
        docId ? this.backend.listAnnotations({ doc_id: docId, tag: null, color: null, text: null, trash: false, author: null }) : Promise.resolve(null),
      ]);
      if (docId && !docs.some((d) => d.id === docId)) {
        this.store.update({ colors, docs, tags });
        if (docs[0]) await this.openDocument(docs[0].id);
        return;
      }
      if (docId !== (this.s.doc?.id ?? null)) return; // another document was opened meanwhile
      const annotations = notes ? placed(notes) : this.s.annotations;
      const orphans = docId && notes?.some((a) => a.orphaned) ? await this.backend.orphans(docId) : notes ? [] : this.s.orphans;
      const keep = (id: string | null) => (id && annotations.has(id) ? id : null);
      this.store.update({ colors, docs, tags, annotations, orphans, activeId: keep(this.s.activeId), editingId: keep(this.s.editingId) });
      this.reloadNotesSoon();
    } catch (e) {
      this.error(e);
    }
  }

  /** Opens a document (if needed) and shows a place in it (a search hit, a listed note). */
  /** `focus`: the focus follows (to the note's card, else to the text), not left on <body> (a search jump). */
  async goTo(docId: string, start: number, end: number, noteId: string | null, focus = false): Promise<void> {
    if (this.s.doc?.id !== docId && !(await this.openDocument(docId, false))) return;
    // a note waiting for its place has none to show: the 待确认 list shows it
    if (noteId && this.s.orphans.some((o) => o.annotation.id === noteId)) return this.showOrphans(noteId);
    const note = !!noteId && this.s.annotations.has(noteId);
    if (note) this.activate(noteId);
    this.store.emit({ kind: "reveal", start, end, scroll: "always", smooth: false, flash: true, focus: focus && !(note && !this.s.notesOpen) });
    if (focus && note && !this.s.notesOpen) this.store.emit({ kind: "focusCard", id: noteId });
  }

  // ---------------------------------------------------------------- selection, highlights, notes

  /** Scrolls a passage into view if it is not (a keyboard selection). */
  reveal(start: number, end: number): void {
    this.store.emit({ kind: "reveal", start, end, scroll: "ifHidden", smooth: true, flash: false });
  }

  /** The reader's selection (null: none); a new selection starts with no tags. */
  select(span: Span | null): void {
    this.store.update({ pending: span, pendingTags: [] });
  }

  setPendingTags(tags: string[]): void {
    this.store.update({ pendingTags: tags });
  }

  /** Highlights the selected passage in `color` with the tags typed in the toolbar; `withNote` opens its editor. */
  async highlightPending(color: string, withNote: boolean): Promise<void> {
    const { pending, pendingTags: tags, doc } = this.s;
    if (!pending || !doc) return;
    setPref("lastColor", color);
    this.markHinted();
    this.store.update({ pending: null, pendingTags: [], lastColor: color });
    try {
      const a = await this.backend.createAnnotation({ doc_id: doc.id, start: pending.start, end: pending.end, color, note: "", tags });
      if (a.doc_id !== this.s.doc?.id) return;
      this.store.update({ annotations: withAnnotation(this.s.annotations, a), activeId: a.id, editingId: withNote ? a.id : null });
      if (withNote) this.store.emit({ kind: "focusEditor", id: a.id });
      if (tags.length) void this.refreshTags();
      this.reloadNotesSoon();
    } catch (e) {
      this.error(e);
    }
  }

  /** Whether note `id` (of the open document) is a group member's: read-only here, so edits are not even asked for. */
  private theirs(id: string): boolean {
    const a = this.s.annotations.get(id);
    return !!a && isTheirs(a);
  }

  /** The reader knows how to highlight: the first-run hint is not shown again. */
  private markHinted(): void {
    if (this.s.hinted) return;
    setPref("hinted", "1");
    this.store.update({ hinted: true });
  }

  /** Opens (or with null closes) a note's card; optionally scrolls to and flashes its passage, focuses the card. */
  activate(id: string | null, opts: { scroll?: boolean; flash?: boolean; focusCard?: boolean } = {}): void {
    const editingId = this.s.editingId && this.s.editingId !== id ? null : this.s.editingId;
    this.store.update({ activeId: id, editingId });
    const a = id ? this.s.annotations.get(id) : undefined;
    if (!a) return;
    if (opts.scroll || opts.flash) this.store.emit({ kind: "reveal", start: a.start, end: a.end, scroll: opts.scroll ? "ifHidden" : "no", smooth: true, flash: !!opts.flash });
    if (opts.focusCard) this.store.emit({ kind: "focusCard", id: a.id });
  }

  startEdit(id: string): void {
    if (this.theirs(id)) return;
    this.store.update({ activeId: id, editingId: id });
    this.store.emit({ kind: "focusEditor", id });
  }

  cancelEdit(): void {
    const id = this.s.editingId;
    this.store.update({ editingId: null });
    if (id) this.store.emit({ kind: "focusCard", id });
  }

  async saveNote(id: string, note: string, tags: string[]): Promise<void> {
    if (this.theirs(id)) return;
    try {
      const a = await this.backend.updateAnnotation(id, { note, color: null, tags });
      this.store.update({ annotations: withAnnotation(this.s.annotations, a), editingId: null });
      this.store.emit({ kind: "focusCard", id });
      void this.refreshTags();
      this.reloadNotesSoon();
    } catch (e) {
      this.error(e);
    }
  }

  async setColor(id: string, color: string): Promise<void> {
    if (this.theirs(id)) return;
    try {
      const a = await this.backend.updateAnnotation(id, { note: null, color, tags: null });
      setPref("lastColor", color);
      this.store.update({ annotations: withAnnotation(this.s.annotations, a), lastColor: color });
      this.reloadNotesSoon();
    } catch (e) {
      this.error(e);
    }
  }

  /** Moves a note to the trash; the toast (and Ctrl+Z) undoes it. */
  async deleteNote(id: string): Promise<void> {
    const a = this.s.annotations.get(id);
    if (a && isTheirs(a)) return; // a group member's: only copied, never deleted here
    try {
      await this.backend.deleteAnnotation(id);
    } catch (e) {
      this.error(e);
      return;
    }
    const s = this.s;
    this.store.update({
      annotations: withoutAnnotation(s.annotations, id),
      orphans: s.orphans.some((o) => o.annotation.id === id) ? s.orphans.filter((o) => o.annotation.id !== id) : s.orphans,
      activeId: s.activeId === id ? null : s.activeId,
      editingId: s.editingId === id ? null : s.editingId,
      undo: [...s.undo, { id, doc: a?.doc_id ?? s.doc?.id ?? "" }],
    });
    this.reloadNotesSoon();
    void this.refreshTags();
    this.toast(t("deleted"), { label: t("undo"), run: () => void this.undoDelete(id) }, 8000, `undo:${id}`);
  }

  /** Restores the deleted note `id`, or the last one deleted. */
  async undoDelete(id?: string): Promise<void> {
    const undo = this.s.undo;
    const entry = id ? undo.find((x) => x.id === id) : undo[undo.length - 1];
    if (!entry) return;
    this.store.update({ undo: undo.filter((x) => x !== entry) });
    // undone (by the toast or Ctrl+Z): its 撤销 must not stay live
    this.store.emit({ kind: "dismissToast", key: `undo:${entry.id}` });
    await this.restore(entry.id);
  }

  /** Brings a note back from the trash. */
  async restore(id: string): Promise<void> {
    try {
      const a = await this.backend.restoreAnnotation(id);
      if (a.doc_id === this.s.doc?.id && a.orphaned) this.store.update({ orphans: await this.backend.orphans(a.doc_id) });
      else if (a.doc_id === this.s.doc?.id) this.store.update({ annotations: withAnnotation(this.s.annotations, a), activeId: a.id });
      void this.loadNotes();
      void this.refreshTags();
      this.toast(t("restored"));
    } catch (e) {
      this.error(e);
    }
  }

  async emptyTrash(): Promise<void> {
    try {
      const removed = await this.backend.emptyTrash();
      this.toast(t("trashEmptied", { n: removed }));
      void this.loadNotes();
    } catch (e) {
      this.error(e);
    }
  }

  // ---------------------------------------------------------------- colours and tags

  /** Renames what a colour means; resolves to the library's colours, or null on failure (toast shown). */
  async renameColor(key: string, label: string): Promise<Color[] | null> {
    try {
      const colors = await this.backend.renameColor(key, label);
      this.store.update({ colors });
      return colors;
    } catch (e) {
      this.error(e);
      return null;
    }
  }

  /** Renames (or merges) a tag; the open document's notes and the panel's tag filter follow. */
  async renameTag(from: string, to: string): Promise<boolean> {
    try {
      await this.backend.renameTag(from, to);
      const docId = this.s.doc?.id ?? null;
      const [tags, notes] = await Promise.all([
        this.backend.listTags(),
        docId ? this.backend.listAnnotations({ doc_id: docId, tag: null, color: null, text: null, trash: false, author: null }) : Promise.resolve(null),
      ]);
      const patch: Partial<State> = { tags };
      if (notes && docId === this.s.doc?.id) {
        const next = new Map(this.s.annotations);
        // only notes whose tags changed get a new object: the views redraw just those
        for (const a of notes) if (next.get(a.id)?.tags.join("\n") !== a.tags.join("\n")) next.set(a.id, a);
        patch.annotations = next;
      }
      if (this.s.notesFilter.tag === from) patch.notesFilter = { ...this.s.notesFilter, tag: to };
      this.store.update(patch);
      this.reloadNotesSoon();
      return true;
    } catch (e) {
      this.error(e);
      return false;
    }
  }

  async refreshTags(): Promise<void> {
    try {
      this.store.update({ tags: await this.backend.listTags() });
    } catch {
      /* tags are a convenience */
    }
  }

  // ---------------------------------------------------------------- search

  /** Searches on every keystroke; an answer to an older query than the latest is dropped. */
  async search(query: string): Promise<void> {
    const seq = ++this.searchSeq;
    if (!query.trim()) {
      this.store.update({ search: null, searchOpen: false });
      return;
    }
    try {
      const res = await this.backend.search(query, SEARCH_LIMIT);
      if (seq !== this.searchSeq) return;
      this.store.update({ search: { query: res.query, hits: res.hits, total: res.total }, searchOpen: true });
    } catch (e) {
      if (seq === this.searchSeq) this.error(e);
    }
  }

  setSearchOpen(open: boolean): void {
    this.store.update({ searchOpen: open && this.s.search !== null });
  }

  focusSearch(): void {
    this.store.emit({ kind: "focusSearch" });
  }

  // ---------------------------------------------------------------- review (复习) and self-test (自测)
  // The review screen moves to the next card from the cards it holds, at
  // once; the core's answer to a rating (the queue after it) follows.

  private cardsSeq = 0;
  private testSpec: TestSpec = { count: 10, docOnly: false };

  /** Reloads the open document's cards (badges, the margin's 复习卡) and today's counts; quiet on failure (a convenience, like tags). */
  async refreshCards(): Promise<void> {
    const seq = ++this.cardsSeq;
    const docId = this.s.doc?.id ?? null;
    try {
      const [cards, queue] = await Promise.all([docId ? this.backend.reviewCards(docId) : Promise.resolve([]), this.backend.reviewQueue(0)]);
      if (seq !== this.cardsSeq) return;
      const patch: Partial<State> = { reviewCounts: this.liveCounts(countsOf(queue)) };
      if (docId === (this.s.doc?.id ?? null)) patch.docCards = new Map(cards.map((c) => [c.annotation_id, c]));
      this.store.update(patch);
    } catch {
      /* the badge and the counts are a convenience */
    }
  }

  /** The counts to show: the sitting's own (its ratings on their way included) while it is open. */
  private liveCounts(c: { due: number; new: number; total: number; doneToday: number }): State["reviewCounts"] {
    const r = this.s.review;
    if (r?.kind === "review" && r.session && r.session.pending.length) return { due: r.session.due, new: r.session.new, total: r.session.total, doneToday: r.session.doneToday };
    return c;
  }

  private setSession(session: Session): void {
    this.store.update({
      review: { kind: "review", session },
      reviewCounts: { due: session.due, new: session.new, total: session.total, doneToday: session.doneToday },
    });
  }

  /** Opens the review screen on today's queue. */
  async openReview(): Promise<void> {
    const r = this.s.review;
    if (r?.kind === "review" && r.session) return;
    this.store.update({ review: { kind: "review", session: null } });
    await this.loadQueue();
  }

  /** Asks the core for the queue: a new sitting, or more cards for the one open. */
  private async loadQueue(): Promise<void> {
    try {
      const q = await this.backend.reviewQueue(REVIEW_BATCH);
      const r = this.s.review;
      if (r?.kind !== "review") {
        this.store.update({ reviewCounts: countsOf(q) });
        return;
      }
      this.setSession(r.session ? applyQueue(r.session, q, null) : startSession(q));
    } catch (e) {
      this.error(e);
      const r = this.s.review;
      if (r?.kind === "review" && !r.session) this.store.update({ review: null });
    }
  }

  /** Shows the answer of the card on screen. */
  revealAnswer(): void {
    const r = this.s.review;
    if (r?.kind !== "review" || !r.session) return;
    const session = reveal(r.session);
    if (session !== r.session) this.store.update({ review: { kind: "review", session } });
  }

  /**
   * Rates the card on screen: the next card shows before this returns its
   * promise (the store is updated synchronously); the core's queue replaces
   * the held one when it answers. A refused rating brings the card back.
   */
  async rate(rating: Rating): Promise<void> {
    const r = this.s.review;
    if (r?.kind !== "review" || !r.session) return;
    const card = currentCard(r.session);
    if (!card || !r.session.revealed) return;
    this.setSession(rateLocally(r.session, rating));
    let out: ReviewOutcome;
    try {
      out = await this.backend.rateCard(card.card, rating);
    } catch (e) {
      this.error(e);
      const now = this.s.review;
      if (now?.kind === "review" && now.session) this.setSession(undoLocal(now.session, card, rating));
      return;
    }
    const patch: Partial<State> = {};
    if (this.s.docCards.has(out.card.annotation_id)) patch.docCards = new Map(this.s.docCards).set(out.card.annotation_id, out.card);
    const now = this.s.review;
    if (now?.kind === "review" && now.session) {
      const session = applyQueue(now.session, out.queue, card.card);
      patch.review = { kind: "review", session };
      patch.reviewCounts = { due: session.due, new: session.new, total: session.total, doneToday: session.doneToday };
      this.store.update(patch);
      if (wantsMore(session)) void this.loadQueue();
    } else {
      patch.reviewCounts = countsOf(out.queue);
      this.store.update(patch);
    }
  }

  closeReview(): void {
    this.store.update({ review: null, blanksCard: null });
  }

  /** The self-test's choices (how many questions, this document only). */
  openSelfTest(): void {
    this.store.update({ review: { kind: "testSetup", spec: this.testSpec, busy: false, empty: false } });
  }

  /** Draws the questions (the core picks them at random) and starts. */
  async startSelfTest(spec: TestSpec): Promise<void> {
    this.testSpec = spec;
    this.store.update({ review: { kind: "testSetup", spec, busy: true, empty: false } });
    try {
      const docId = spec.docOnly ? (this.s.doc?.id ?? null) : null;
      const cards = await this.backend.selfTest(spec.count, docId);
      if (this.s.review?.kind !== "testSetup") return; // closed meanwhile
      if (!cards.length) this.store.update({ review: { kind: "testSetup", spec, busy: false, empty: true } });
      else this.store.update({ review: { kind: "test", spec, cards, answers: [], index: 0 } });
    } catch (e) {
      this.error(e);
      if (this.s.review?.kind === "testSetup") this.store.update({ review: { kind: "testSetup", spec, busy: false, empty: false } });
    }
  }

  /** The answers typed for the question on screen; after the last one the core marks the test. */
  async answerQuestion(typed: string[]): Promise<void> {
    const r = this.s.review;
    if (r?.kind !== "test") return;
    const card = r.cards[r.index];
    if (!card) return;
    const answers = r.answers.slice();
    answers[r.index] = answersFor(card, typed);
    if (r.index + 1 < r.cards.length) {
      this.store.update({ review: { ...r, answers, index: r.index + 1 } });
      return;
    }
    this.store.update({ review: { kind: "testResult", spec: r.spec, cards: r.cards, answers, result: null } });
    try {
      const result = await this.backend.gradeTest(r.cards.map((c, i) => ({ card: c.card, answers: answers[i] ?? answersFor(c, []) })));
      const now = this.s.review;
      if (now?.kind === "testResult" && now.cards === r.cards) this.store.update({ review: { ...now, result } });
    } catch (e) {
      this.error(e);
      const now = this.s.review;
      if (now?.kind === "testResult" && now.cards === r.cards) this.store.update({ review: { kind: "test", spec: r.spec, cards: r.cards, answers, index: r.index } });
    }
  }

  /** Turns a highlight's review card on or off (the margin's 复习卡). */
  async setCardEnabled(annotationId: string, enabled: boolean): Promise<void> {
    try {
      const card = await this.backend.setCard(annotationId, enabled);
      const docCards = new Map(this.s.docCards);
      if (card) docCards.set(annotationId, card);
      else docCards.delete(annotationId);
      this.store.update({ docCards });
      this.toast(t(card ? "cardOn" : "cardOff"));
      void this.refreshCards();
    } catch (e) {
      this.error(e);
    }
  }

  /** Opens the blank editor for a card (or a highlight's card). */
  editBlanks(card: ReviewCard | string): void {
    const c = typeof card === "string" ? this.s.docCards.get(card) : card;
    if (c) this.store.update({ blanksCard: c });
  }

  closeBlanks(): void {
    this.store.update({ blanksCard: null });
  }

  /** Saves what a card hides (relative to its sentence; empty: the highlight); the review screen and the margin follow. */
  async saveBlanks(card: string, blanks: Blank[]): Promise<boolean> {
    try {
      const c = await this.backend.setCardBlanks(card, blanks);
      const patch: Partial<State> = { blanksCard: null };
      if (this.s.docCards.has(c.annotation_id)) patch.docCards = new Map(this.s.docCards).set(c.annotation_id, c);
      const r = this.s.review;
      if (r?.kind === "review" && r.session) patch.review = { kind: "review", session: replaceCard(r.session, c) };
      this.store.update(patch);
      this.toast(t("blanksSaved"));
      return true;
    } catch (e) {
      this.error(e);
      return false;
    }
  }

  /** Leaves the review screen for a card's passage. */
  async goToCard(card: ReviewCard): Promise<void> {
    this.closeReview();
    const first = card.blanks[0];
    const last = card.blanks[card.blanks.length - 1];
    const start = card.sentence_start + (first?.start ?? 0);
    const end = card.sentence_start + (last?.end ?? Array.from(card.sentence).length);
    await this.goTo(card.doc_id, start, end, card.annotation_id, true);
  }

  // ---------------------------------------------------------------- new versions and 待确认 (issue 9)

  /** Imports a file the reader picks as a new version of the open document; reports where its notes went. */
  async pickAndImportVersion(): Promise<void> {
    const doc = this.s.doc;
    if (!doc) return;
    try {
      const path = await this.backend.pickFile();
      if (!path) return;
      const r = await this.backend.importVersion(doc.id, path);
      const docs = await this.backend.listDocuments();
      this.store.update({ docs });
      await this.openDocument(doc.id);
      const message = t("versionImported", { v: r.document.version, stayed: r.stayed, moved: r.moved, orphaned: r.orphaned });
      const action = r.orphaned > 0 ? { label: t("showOrphans"), run: () => this.showOrphans(null) } : undefined;
      this.toast(message, action, r.orphaned > 0 ? 12000 : 6000, "version");
      void this.loadCoverage();
    } catch (e) {
      this.error(e);
    }
  }

  /** Opens the notes panel on its 待确认 list (at orphan `id`). */
  showOrphans(id: string | null): void {
    if (this.s.essayOpen) this.store.update({ essayOpen: false });
    if (this.s.notesFilter.tab !== "notes") this.store.update({ notesFilter: { ...this.s.notesFilter, tab: "notes" } });
    this.toggleNotes(true);
    this.store.emit({ kind: "focusOrphan", id });
  }

  /** Starts choosing a new place for orphan `id` (null: stops). */
  reattach(id: string | null): void {
    this.store.update({ reattachId: id, pending: null });
  }

  /** Puts the orphan being re-attached on the passage selected now. */
  async reattachPending(): Promise<void> {
    const { reattachId: id, pending } = this.s;
    if (!id || !pending) return;
    try {
      const a = await this.backend.reattachAnnotation(id, pending.start, pending.end);
      const s = this.s;
      this.store.update({
        annotations: a.doc_id === s.doc?.id ? withAnnotation(s.annotations, a) : s.annotations,
        orphans: s.orphans.filter((o) => o.annotation.id !== id),
        reattachId: null,
        pending: null,
        activeId: a.id,
      });
      this.store.emit({ kind: "reveal", start: a.start, end: a.end, scroll: "ifHidden", smooth: true, flash: true });
      this.reloadNotesSoon();
      this.toast(t("reattached"));
    } catch (e) {
      this.error(e);
    }
  }

  // ---------------------------------------------------------------- notes panel

  toggleNotes(open = !this.s.notesOpen): void {
    this.store.update({ notesOpen: open });
    if (open) void this.loadNotes();
  }

  /** Changes the panel's filters; `soon`: while typing, reload after a pause. */
  setNotesFilter(patch: Partial<NotesFilter>, soon = false): void {
    this.store.update({ notesFilter: { ...this.s.notesFilter, ...patch } });
    if (soon) this.reloadNotesSoon();
    else void this.loadNotes();
  }

  /** Lists the notes with tag `name` in every document (tag counts are library-wide). */
  showTag(name: string): void {
    this.store.update({ notesFilter: { ...this.s.notesFilter, tab: "notes", scope: "all", color: "", text: "", tag: name, author: "" }, notesOpen: true });
    void this.loadNotes();
    this.store.emit({ kind: "focusTagFilter" });
  }

  /** Opens the notes list with every note of the filter loaded, then asks the panel to print it. */
  async printNotes(): Promise<void> {
    if (this.s.notesFilter.tab !== "notes") this.store.update({ notesFilter: { ...this.s.notesFilter, tab: "notes" } });
    this.store.update({ notesOpen: true });
    await this.loadNotes();
    this.store.emit({ kind: "print" });
  }

  /** Loads the panel's list for the current filters (if the panel is open); stale answers are dropped. */
  async loadNotes(): Promise<void> {
    if (this.notesTimer !== undefined) clearTimeout(this.notesTimer);
    this.notesTimer = undefined;
    const s = this.s;
    if (!s.notesOpen) return;
    const seq = ++this.notesSeq;
    const f = s.notesFilter;
    const trash = f.tab === "trash";
    let items: Annotation[];
    try {
      items = await this.backend.listAnnotations({
        doc_id: f.scope === "doc" ? (s.doc?.id ?? null) : null,
        tag: trash ? null : f.tag || null,
        color: trash ? null : f.color || null,
        text: trash ? null : f.text.trim() || null,
        trash,
        author: trash ? null : authorFilter(f.author),
      });
    } catch (e) {
      this.error(e);
      return;
    }
    if (seq !== this.notesSeq) return;
    // notes waiting for a place are listed apart (待确认), not among the placed ones
    if (!trash) items = items.filter((a) => !a.orphaned);
    if (trash) items.sort((a, b) => (b.deleted! > a.deleted! ? 1 : -1));
    else if (f.sort === "date") items.sort((a, b) => (b.updated > a.updated ? 1 : -1));
    this.store.update({ notesList: { items, trash } });
  }

  /** The notes changed: the open panel reloads shortly (several changes, one load). */
  private reloadNotesSoon(): void {
    if (!this.s.notesOpen) return;
    if (this.notesTimer !== undefined) clearTimeout(this.notesTimer);
    this.notesTimer = setTimeout(() => void this.loadNotes(), NOTES_DEBOUNCE_MS);
  }

  // ---------------------------------------------------------------- 学习进度 and 心得体会 (issue 10)
  // What counts as read, how 字数 are counted and how a quotation reads are
  // the core's rules (Coverage, count_chars, essay_quote); here they are asked for.

  private coverageSeq = 0;
  private coverageTimer: ReturnType<typeof setTimeout> | undefined;
  private essaySeq = 0;
  private countSeq = 0;
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly autosaver = new Autosaver({
    save: (id, e) => this.backend.updateEssay(id, { title: e.title ?? null, body: e.body ?? null, target: e.target ?? null }),
    saved: (e) => this.essaySaved(e),
    status: (essaySave) => this.store.update({ essaySave }),
    failed: (e) => this.error(e),
  });

  /** A document was opened: its coverage, and its essays if the pane shows. */
  private opened(): void {
    void this.loadCoverage();
    if (this.s.essayOpen) void this.loadEssays();
  }

  /** Loads the open document's 学习进度; an answer for a document no longer open is dropped. */
  async loadCoverage(): Promise<void> {
    const docId = this.s.doc?.id;
    if (!docId) return;
    const seq = ++this.coverageSeq;
    try {
      const coverage = await this.backend.coverage(docId);
      if (seq === this.coverageSeq && this.s.doc?.id === docId) this.store.update({ coverage });
    } catch (e) {
      // progress is a quiet extra: no toast every few seconds
      console.warn("pizhu: coverage", e);
    }
  }

  private coverageSoon(): void {
    if (!this.s.coverage || this.s.coverage.doc_id !== this.s.doc?.id) return;
    if (this.coverageTimer !== undefined) clearTimeout(this.coverageTimer);
    this.coverageTimer = setTimeout(() => {
      this.coverageTimer = undefined;
      void this.loadCoverage();
    }, 300);
  }

  /** Time on screen per block (the reading tracker's report); the outline's progress follows. */
  async recordReading(docId: string, spans: ReadingSpan[]): Promise<void> {
    if (spans.length === 0) return;
    try {
      await this.backend.recordReading(docId, spans);
    } catch (e) {
      console.warn("pizhu: record_reading", e);
      return;
    }
    if (this.s.doc?.id === docId) await this.loadCoverage();
  }

  /** Shows or hides the essay pane (the notes panel makes way); hiding it saves what was typed. */
  toggleEssays(open = !(this.s.essayOpen && !this.s.notesOpen)): void {
    setPref("essayOpen", open ? "1" : "0");
    if (!open) void this.autosaver.flush();
    this.store.update(open ? { essayOpen: true, notesOpen: false } : { essayOpen: false });
    if (open && this.s.essays?.docId !== (this.s.doc?.id ?? null)) void this.loadEssays();
    if (open) this.store.emit({ kind: "focusEssay" });
  }

  /** Loads the open document's essays and shows `prefer`, else the one last shown, else the newest. */
  async loadEssays(prefer?: string): Promise<void> {
    const docId = this.s.doc?.id ?? null;
    const seq = ++this.essaySeq;
    void this.autosaver.flush();
    try {
      let items = await this.backend.essays(docId);
      if (prefer && !items.some((e) => e.id === prefer)) {
        // an essay about no document (or another): listed here while it is open
        const other = (await this.backend.essays(null)).find((e) => e.id === prefer);
        if (other) items = [other, ...items];
      }
      if (seq !== this.essaySeq) return;
      items = items.map((e) => this.autosaver.overlay(this.recoverDraft(e)));
      const wanted = prefer ?? this.s.essayId ?? getPref(`essay.${docId}`);
      const shown = items.find((e) => e.id === wanted) ?? items[0] ?? null;
      this.store.update({ essays: { docId, items }, essayId: shown?.id ?? null, essayChars: shown?.chars ?? null });
      if (shown && this.autosaver.unsaved(shown.id)) this.countSoon(shown.body);
    } catch (e) {
      if (seq === this.essaySeq) this.error(e);
    }
  }

  /** Opens an essay (a search hit): its document, the pane, the essay. */
  async openEssay(id: string): Promise<void> {
    try {
      const e = this.s.essays?.items.find((x) => x.id === id) ?? (await this.backend.essays(null)).find((x) => x.id === id);
      if (!e) {
        this.toast(t("essayGone"));
        return;
      }
      this.store.update({ essayOpen: true, notesOpen: false });
      setPref("essayOpen", "1");
      if (e.doc_id && e.doc_id !== this.s.doc?.id && !(await this.openDocument(e.doc_id, true))) return;
      await this.loadEssays(id);
      this.store.emit({ kind: "focusEssay" });
    } catch (err) {
      this.error(err);
    }
  }

  /** Shows another essay of the list (what was typed in the last one is saved). */
  selectEssay(id: string): void {
    const e = this.s.essays?.items.find((x) => x.id === id);
    if (!e) return;
    void this.autosaver.flush();
    setPref(`essay.${this.s.essays?.docId}`, id);
    this.store.update({ essayId: id, essayChars: e.chars });
    if (this.autosaver.unsaved(id)) this.countSoon(e.body);
  }

  /** Starts a new essay about the open document and shows it. */
  async newEssay(): Promise<Essay | null> {
    const doc = this.s.doc;
    try {
      const title = doc ? t("essayDefaultTitle", { t: doc.title }) : t("essayUntitled");
      const e = await this.backend.createEssay(doc?.id ?? null, title);
      const list = this.s.essays;
      const items = list && list.docId === (doc?.id ?? null) ? [e, ...list.items] : [e];
      setPref(`essay.${doc?.id ?? null}`, e.id);
      setPref("essayOpen", "1");
      this.store.update({ essays: { docId: doc?.id ?? null, items }, essayId: e.id, essayChars: e.chars, essayOpen: true, notesOpen: false });
      this.store.emit({ kind: "focusEssay" });
      return e;
    } catch (err) {
      this.error(err);
      return null;
    }
  }

  /** The reader typed in essay `id` (every key: cheap). Saved after a pause, counted a moment after the last key. */
  essayInput(id: string, body: string): void {
    this.autosaver.edit(id, { body });
    this.countSoon(body);
  }

  /** Renames an essay (saved like its text). */
  essayTitle(id: string, title: string): void {
    this.autosaver.edit(id, { title });
  }

  /** Sets the length an essay should have (0: none). */
  essayTarget(id: string, target: number): void {
    const n = Math.max(0, Math.min(1_000_000, Math.round(target) || 0));
    this.autosaver.edit(id, { target: n });
    this.patchListed(id, { target: n });
  }

  /** Saves what was typed now (blur, close, export); resolves when saved. */
  flushEssay(): Promise<void> {
    return this.autosaver.flush();
  }

  /**
   * The window goes away (reload, quit): what was typed and not yet saved is
   * kept in localStorage at once (an IPC call may not finish) and saved too.
   */
  stashEssay(): void {
    const id = this.s.essayId;
    const e = id ? this.s.essays?.items.find((x) => x.id === id) : undefined;
    if (!e || !this.autosaver.unsaved(e.id)) return;
    setPref("essayDraft", JSON.stringify({ id: e.id, body: this.autosaver.overlay(e).body }));
    void this.autosaver.flush();
  }

  /** A draft kept by stashEssay that the core does not have yet. */
  private recoverDraft(e: Essay): Essay {
    const raw = getPref("essayDraft");
    if (!raw) return e;
    try {
      const d = JSON.parse(raw) as { id?: unknown; body?: unknown };
      if (d.id !== e.id || typeof d.body !== "string") return e;
      setPref("essayDraft", "");
      if (d.body === e.body) return e;
      this.autosaver.edit(e.id, { body: d.body });
      return { ...e, body: d.body };
    } catch {
      setPref("essayDraft", "");
      return e;
    }
  }

  private essaySaved(e: Essay): void {
    const raw = getPref("essayDraft");
    if (raw && raw.includes(e.id) && !this.autosaver.unsaved(e.id)) setPref("essayDraft", "");
    this.patchListed(e.id, e);
    if (e.id === this.s.essayId && !this.autosaver.unsaved(e.id)) this.store.update({ essayChars: e.chars });
  }

  private patchListed(id: string, patch: Partial<Essay>): void {
    const list = this.s.essays;
    if (!list || !list.items.some((x) => x.id === id)) return;
    this.store.update({ essays: { ...list, items: list.items.map((x) => (x.id === id ? { ...x, ...patch } : x)) } });
  }

  /** Counts 字数 (the core's rule) a moment after the last key; an older count is dropped. */
  private countSoon(text: string): void {
    if (this.countTimer !== undefined) clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      const seq = ++this.countSeq;
      this.backend.countChars(text).then(
        (n) => {
          if (seq === this.countSeq) this.store.update({ essayChars: n });
        },
        (e) => console.warn("pizhu: count_chars", e),
      );
    }, 250);
  }

  /** Moves an essay to the trash; the toast can bring it back. */
  async deleteEssay(id: string): Promise<void> {
    try {
      await this.autosaver.flush();
      const e = await this.backend.deleteEssay(id);
      this.autosaver.forget(id);
      const list = this.s.essays;
      const items = list ? list.items.filter((x) => x.id !== id) : [];
      const next = this.s.essayId === id ? (items[0] ?? null) : (items.find((x) => x.id === this.s.essayId) ?? null);
      this.store.update({ essays: list ? { ...list, items } : null, essayId: next?.id ?? null, essayChars: next?.chars ?? null });
      this.toast(t("essayDeleted", { t: e.title }), { label: t("undo"), run: () => void this.restoreEssay(id) }, 10000, `essay:${id}`);
    } catch (err) {
      this.error(err);
    }
  }

  /** Brings an essay back from the trash and shows it. */
  async restoreEssay(id: string): Promise<void> {
    try {
      const e = await this.backend.restoreEssay(id);
      await this.openEssay(e.id);
      this.toast(t("essayRestored", { t: e.title }));
    } catch (err) {
      this.error(err);
    }
  }

  /**
   * Quotes a highlight in the essay shown (a new one if there is none): the
   * core writes the quotation, the pane inserts it at the caret.
   */
  async quoteToEssay(annotationId: string): Promise<void> {
    const quote = this.backend.essayQuote(annotationId);
    quote.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    try {
      if (!this.s.essayOpen || this.s.notesOpen) {
        setPref("essayOpen", "1");
        this.store.update({ essayOpen: true, notesOpen: false });
      }
      if (this.s.essays?.docId !== (this.s.doc?.id ?? null)) await this.loadEssays();
      const id = this.s.essayId ?? (await this.newEssay())?.id;
      if (!id) return;
      const text = await quote;
      if (this.s.essayId !== id) return; // another essay was chosen meanwhile
      this.store.emit({ kind: "essayInsert", id, text });
    } catch (e) {
      this.error(e);
    }
  }

  /** Writes an essay to `path` (what was typed is saved first); resolves to the path written, rejects on failure (the dialog shows it). */
  async exportEssay(request: EssayExportRequest, path: string): Promise<string> {
    await this.autosaver.flush();
    return this.backend.exportEssay(request, path);
  }

  // ---------------------------------------------------------------- view preferences, dialogs

  setFont(delta: number): void {
    let i = FONT_SIZES.indexOf(this.s.fontSize);
    if (i < 0) i = FONT_SIZES.indexOf(DEFAULT_FONT);
    const fontSize = FONT_SIZES[Math.max(0, Math.min(FONT_SIZES.length - 1, i + delta))]!;
    setPref("fontSize", String(fontSize));
    this.store.update({ fontSize });
  }

  toggleTheme(): void {
    const theme = this.s.theme === "dark" ? "light" : "dark";
    setPref("theme", theme);
    this.store.update({ theme });
  }

  /** Tells the library the window's language: its messages, and the CLI's, follow it. */
  private tellLanguage(): void {
    void this.backend.setLanguage(this.s.lang).catch(() => undefined);
  }

  /** Switches the UI language (the views are rebuilt in it). */
  setLang(l: Lang): void {
    setLang(l);
    setPref("lang", l);
    this.store.update({ lang: l });
    this.tellLanguage();
  }

  toggleOutline(): void {
    this.store.update({ outlineToggled: !this.s.outlineToggled });
  }

  openDialog(dialog: DialogName): void {
    this.store.update({ dialog });
  }

  closeDialog(): void {
    // the conflicts are listed while the dialog shows them, and reloaded only then
    this.store.update({ dialog: null, syncConflicts: null });
  }

  async appInfo(): Promise<AppInfo | null> {
    try {
      return await this.backend.appInfo();
    } catch (e) {
      this.error(e);
      return null;
    }
  }

  // ---------------------------------------------------------------- export, backup, restore
  // These reject on failure: the export dialog shows its own busy state and result.

  pickSavePath(defaultName: string, filters: FileFilter[]): Promise<string | null> {
    return this.backend.pickSavePath(defaultName, filters);
  }

  pickOpenPath(filters: FileFilter[]): Promise<string | null> {
    return this.backend.pickOpenPath(filters);
  }

  exportNotes(request: ExportRequest, path: string): Promise<string> {
    return this.backend.exportNotes(request, path);
  }

  backupLibrary(path: string): Promise<BackupSummary> {
    return this.backend.backupLibrary(path);
  }

  /** Merges a backup into the library, then reloads everything shown. */
  async restoreBackup(path: string): Promise<RestoreSummary> {
    const summary = await this.backend.restoreBackup(path);
    await this.reloadAll();
    return summary;
  }

  // ---------------------------------------------------------------- 同步 (issue 8)
  // The app syncs in the background and emits its status; a window's own
  // syncs (立即同步, 保存并同步) answer with it too. The UI test host emits
  // nothing, so the status is also asked for: on start, after each sync
  // command, after library-changed and when the dialog opens.

  private syncSeq = 0;
  private syncRuns = 0;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;

  /** Asks the core where sync stands; quiet on failure (the status is a convenience). */
  async refreshSync(): Promise<void> {
    const seq = ++this.syncSeq;
    try {
      const s = await this.backend.syncStatus();
      if (seq === this.syncSeq) this.setSyncStatus(s);
    } catch (e) {
      console.warn("pizhu: sync_status", e);
    }
  }

  /** A status from the core (an event or a command's answer): newer than any asked for before it. */
  private setSyncStatus(s: SyncStatus): void {
    ++this.syncSeq;
    this.store.update({ syncStatus: s });
    const listed = this.s.syncConflicts;
    if (listed && listed.length !== s.info.conflicts) void this.loadConflicts();
  }

  /** Something here changed: the pending count follows shortly (when a target is set). */
  private syncStatusSoon(): void {
    const state = this.s.syncStatus?.state;
    if (!state || state === "off") return;
    if (this.syncTimer !== undefined) clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      void this.refreshSync();
    }, SYNC_STATUS_DEBOUNCE_MS);
  }

  /**
   * One sync the window asked for: 同步中… meanwhile, then the status, then
   * what arrived is shown the way another process's changes are (a failed
   * sync may have merged some before it failed). Resolves to null when it
   * worked, else to why not (the dialog shows it; the status holds it too).
   */
  private async runSync(sync: () => Promise<SyncStatus>): Promise<ApiError | null> {
    this.syncRuns++;
    this.store.update({ syncBusy: true });
    let failed: ApiError | null = null;
    try {
      this.setSyncStatus(await sync());
    } catch (e) {
      failed = toApiError(e);
      console.warn("pizhu: sync", failed);
    } finally {
      this.syncRuns--;
      this.store.update({ syncBusy: this.syncRuns > 0 });
    }
    if (failed) await this.refreshSync();
    await this.libraryChanged();
    if (this.s.syncConflicts) await this.loadConflicts();
    return failed;
  }

  /** 保存并同步: syncs once with `url` and these credentials (empty: keep the saved ones); the core remembers them only if that worked. */
  configureSync(url: string, user: string, password: string, passphrase: string): Promise<ApiError | null> {
    const given = (v: string) => (v === "" ? null : v);
    return this.runSync(() => this.backend.syncConfigure(url, given(user), given(password), given(passphrase)));
  }

  /** 立即同步 with the remembered target. */
  syncNow(): Promise<ApiError | null> {
    return this.runSync(() => this.backend.syncNow());
  }

  /** 停止同步: the target and its credentials are forgotten; nothing is deleted. Resolves to null, or why it failed. */
  async forgetSync(): Promise<ApiError | null> {
    try {
      this.setSyncStatus(await this.backend.syncForget());
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  /** What the dialog shows of the saved credentials (null: unknown, the fields start empty). */
  async syncAccount(): Promise<SyncAccount | null> {
    try {
      return await this.backend.syncAccount();
    } catch (e) {
      console.warn("pizhu: sync_account", e);
      return null;
    }
  }

  /** Lists the conflicts waiting, for the sync dialog (an answer after it closed is dropped). */
  async loadConflicts(): Promise<void> {
    try {
      const syncConflicts = await this.backend.syncConflicts();
      if (this.s.dialog === "sync") this.store.update({ syncConflicts });
    } catch (e) {
      this.error(e);
    }
  }

  /** Keeps this text, the other or both; the note, the list and the status follow. */
  async resolveConflict(id: string, keep: KeepText): Promise<boolean> {
    try {
      const a = await this.backend.resolveConflict(id, keep);
      const s = this.s;
      const patch: Partial<State> = { syncConflicts: s.syncConflicts?.filter((c) => c.id !== id) ?? null };
      // null: the note was deleted for good meanwhile; only the conflict goes.
      if (a && a.doc_id === s.doc?.id && !a.orphaned && !a.deleted) patch.annotations = withAnnotation(s.annotations, a);
      this.store.update(patch);
      this.reloadNotesSoon();
      await Promise.all([this.s.syncConflicts ? this.loadConflicts() : undefined, this.refreshSync()]);
      return true;
    } catch (e) {
      this.error(e);
      return false;
    }
  }

  // ---------------------------------------------------------------- 学习小组 (S4)
  // The group, my name, what I share and the members come with the sync
  // status (SyncStatus.group); an exchange the window asks for answers with
  // it, and what arrived is shown as another process's changes are.

  private groupRuns = 0;

  /** One exchange the window asked for: groupBusy meanwhile, then the status and a reload. Resolves to null, or why it failed. */
  private async runGroup(exchange: () => Promise<SyncStatus>): Promise<ApiError | null> {
    this.groupRuns++;
    this.store.update({ groupBusy: true });
    let failed: ApiError | null = null;
    try {
      this.setSyncStatus(await exchange());
    } catch (e) {
      failed = toApiError(e);
      console.warn("pizhu: group", failed);
    } finally {
      this.groupRuns--;
      this.store.update({ groupBusy: this.groupRuns > 0 });
    }
    if (failed) await this.refreshSync();
    await this.libraryChanged();
    return failed;
  }

  /** 加入小组: one exchange with the group at `url` as `name` (empty credentials: the saved ones); the core remembers it only if that worked. */
  joinGroup(url: string, name: string, user: string, password: string, passphrase: string): Promise<ApiError | null> {
    const given = (v: string) => (v === "" ? null : v);
    return this.runGroup(() => this.backend.groupJoin(url, name.trim(), given(user), given(password), given(passphrase)));
  }

  /** 立即交换 with the group joined. */
  groupNow(): Promise<ApiError | null> {
    return this.runGroup(() => this.backend.groupNow());
  }

  /** 退出小组: members' notes leave this library (copies stay). Resolves to null, or why it failed. */
  async leaveGroup(): Promise<ApiError | null> {
    try {
      this.setSyncStatus(await this.backend.groupLeave());
    } catch (e) {
      return toApiError(e);
    }
    const f = this.s.notesFilter;
    if (f.author !== "" && f.author !== "local") this.store.update({ notesFilter: { ...f, author: "" } });
    await this.libraryChanged();
    return null;
  }

  /**
   * Shares (or stops sharing) my notes on a document, or one note, then
   * exchanges at once so the group sees it (an exchange that fails says so
   * in a toast; the share stays and goes with the next one).
   */
  async setShared(entity: "document" | "annotation", id: string, shared: boolean): Promise<void> {
    if (!joinedGroup(this.s.syncStatus)) return;
    if (entity === "annotation" && this.theirs(id)) return;
    try {
      this.setSyncStatus(await this.backend.setShared(entity, id, shared));
    } catch (e) {
      this.error(e);
      return;
    }
    if (entity === "document") {
      const title = this.s.docs.find((d) => d.id === id)?.title ?? "";
      this.toast(t(shared ? "docShared" : "docUnshared", { t: title }), undefined, 4000, `share:${id}`);
    } else this.toast(t(shared ? "noteShared" : "noteUnshared"), undefined, 4000, `share:${id}`);
    const failed = await this.runGroup(() => this.backend.groupNow());
    if (failed) this.error(failed);
  }

  /** 复制到我的批注: a member's note becomes one of mine (same passage, colour, text, tags), opened in the margin. */
  async copyNote(id: string): Promise<Annotation | null> {
    try {
      const a = await this.backend.copyNote(id);
      if (a.doc_id === this.s.doc?.id && !a.orphaned) {
        this.store.update({ annotations: withAnnotation(this.s.annotations, a), activeId: a.id, editingId: null });
        this.store.emit({ kind: "focusCard", id: a.id });
      }
      this.reloadNotesSoon();
      void this.refreshTags();
      this.toast(t("noteCopied"));
      return a;
    } catch (e) {
      this.error(e);
      return null;
    }
  }

  // ---------------------------------------------------------------- messages

  toast(message: string, action?: { label: string; run: () => void }, ms = 4000, key?: string): void {
    this.store.emit({ kind: "toast", message, action, ms, error: false, key });
  }

  /** Shows what went wrong (an ApiError's message) and logs it. */
  error(e: unknown): void {
    const err = toApiError(e);
    console.error("pizhu:", err);
    this.store.emit({ kind: "toast", message: `${errorTitle(err.code)}:${err.message}`, ms: 8000, error: true });
  }
}
