// The UI's one store: everything the views show (documents, annotations,
// colours, tags, notes-panel filters, search, selection, view preferences,
// the open dialog) and one-shot effects (scroll here, focus that, toast).
// Views watch the keys they show; only actions (state/actions.ts) update it.
// No DOM, no backend.
import type { Annotation } from "../bindings";
import type { Color } from "../bindings";
import type { Coverage, Essay } from "../bindings";
import type { Document } from "../bindings";
import type { DocumentInfo } from "../bindings";
import type { IndexStatus } from "../bindings";
import type { SearchHit } from "../bindings";
import type { TagCount } from "../bindings";
import type { Orphan } from "../bindings";
import type { Lang } from "../i18n";
import type { ReviewCard } from "../bindings";
import type { ConflictView, SyncStatus } from "../bindings";
import type { ReviewCounts, ReviewScreen } from "../review/logic";

/** A code-point range of the open document. */
export interface Span {
  start: number;
  end: number;
}

export interface NotesFilter {
  tab: "notes" | "trash";
  scope: "doc" | "all";
  sort: "doc" | "date";
  /** "" = every colour / tag */
  color: string;
  tag: string;
  text: string;
  /** Whose notes: "" everyone's, "local" mine, else a study-group member's id (NoteFilter.author). */
  author: string;
}

export interface SearchState {
  query: string;
  hits: SearchHit[];
  total: number;
}

export type DialogName = "export" | "organize" | "about" | "sync";

/** The essays (心得体会) listed in the pane: those of one document (null: of none). */
export interface EssayList {
  docId: string | null;
  items: Essay[];
}

/** Whether the essay being written is saved: `dirty` typed and waiting, `saving` on its way, `error` will retry. */
export type SaveStatus = "saved" | "dirty" | "saving" | "error";

export interface State {
  colors: Color[];
  docs: DocumentInfo[];
  doc: Document | null;
  /** The open document's live annotations placed in its text, by id. Replaced (never mutated) on change. Notes that a new version left without a place are in `orphans`, never here: nothing paints them. */
  annotations: ReadonlyMap<string, Annotation>;
  /** The open document's notes waiting to be re-attached (待确认), with their old text. */
  orphans: ReadonlyArray<Orphan>;
  /** The orphan being re-attached: the reader is choosing its new place in the text. */
  reattachId: string | null;
  tags: TagCount[];
  /** The annotation whose card is open, and the one being edited. */
  activeId: string | null;
  editingId: string | null;
  /** Text selected in the reader, waiting for a colour (the selection toolbar). */
  pending: Span | null;
  /** The tags typed in the selection toolbar, for the highlight about to be made. */
  pendingTags: string[];
  lastColor: string;
  /** The reader has made a highlight: the first-run hint in the margin is done. */
  hinted: boolean;
  notesOpen: boolean;
  notesFilter: NotesFilter;
  /** The notes panel's list for `notesFilter` (null until loaded). */
  notesList: { items: Annotation[]; trash: boolean } | null;
  search: SearchState | null;
  searchOpen: boolean;
  indexStatus: IndexStatus | null;
  /** Deleted annotations Ctrl+Z can bring back, newest last. */
  undo: ReadonlyArray<{ id: string; doc: string }>;
  lang: Lang;
  theme: "light" | "dark";
  fontSize: number;
  dialog: DialogName | null;
  /** The outline toggled from its default: hidden in a wide window, shown as a drawer in a narrow one. */
  outlineToggled: boolean;
  /** 学习进度 of the open document (Rust's rules), null until loaded. */
  coverage: Coverage | null;
  /** The essay pane (心得体会) beside the text; it and the notes panel take turns. */
  essayOpen: boolean;
  /** The pane's list (null until loaded); an essay's body there is the last text saved or typed. */
  essays: EssayList | null;
  /** The essay shown in the pane. */
  essayId: string | null;
  essaySave: SaveStatus;
  /** 字数 of the text in the pane as typed (Rust's count, a moment after the last key); null until counted. */
  essayChars: number | null;
  /** Review (复习): today's counts (null until known), the open document's cards by annotation id, the review screen, the card whose blanks are being chosen. */
  reviewCounts: ReviewCounts | null;
  docCards: ReadonlyMap<string, ReviewCard>;
  review: ReviewScreen | null;
  blanksCard: ReviewCard | null;
  /** 同步 (issue 8): where sync stands (null until known), whether a sync the window asked for is running, the conflicts listed in the dialog (null: not loaded). */
  syncStatus: SyncStatus | null;
  syncBusy: boolean;
  syncConflicts: ReadonlyArray<ConflictView> | null;
  /** 学习小组: an exchange (join, 立即交换, a share) the window asked for is running. The group itself is `syncStatus.group`. */
  groupBusy: boolean;
}

export type Key = keyof State;

/** One-shot requests to the views; not state (nothing to show afterwards). */
export type Effect =
  | { kind: "opened"; docId: string; restorePosition: boolean; startedAt: number }
  /** Show a passage: scroll to it (always, only when out of view, or not) and maybe flash it. */
  /** Show a passage: scroll to it (always, only when out of view, or not), maybe flash it, maybe move the focus to the text. */
  | { kind: "reveal"; start: number; end: number; scroll: "always" | "ifHidden" | "no"; smooth: boolean; flash: boolean; focus?: boolean }
  | { kind: "focusCard"; id: string }
  | { kind: "focusEditor"; id: string }
  | { kind: "focusSearch" }
  | { kind: "focusTagFilter" }
  /** Show the 待确认 list (and this orphan in it). */
  | { kind: "focusOrphan"; id: string | null }
  /** Insert Markdown at the caret of essay `id` (a quotation), as typing would (undo works). */
  | { kind: "essayInsert"; id: string; text: string }
  | { kind: "focusEssay" }
  | { kind: "print" }
  /** `key`: a later toast or a dismissToast with the same key replaces / removes it. */
  | { kind: "toast"; message: string; action?: { label: string; run: () => void }; ms: number; error: boolean; key?: string }
  | { kind: "dismissToast"; key: string };

type Watcher = { keys: ReadonlySet<Key>; fn: (s: State, changed: ReadonlySet<Key>) => void; first: boolean; live: boolean };

export type Unsubscribe = () => void;

export class Store {
  private s: State;
  private watchers: Watcher[] = [];
  private effectFns: Array<{ fn: (e: Effect) => void; live: boolean }> = [];
  private dirty = new Set<Key>();
  private effects: Effect[] = [];
  private flushing = false;

  constructor(initial: State) {
    this.s = initial;
  }

  get state(): Readonly<State> {
    return this.s;
  }

  /** Sets keys; watchers of the keys whose value changed (by identity) are told once. */
  update(patch: Partial<State>): void {
    for (const k of Object.keys(patch) as Key[]) if (patch[k] !== this.s[k]) this.dirty.add(k);
    this.s = { ...this.s, ...patch };
    this.flush();
  }

  emit(e: Effect): void {
    this.effects.push(e);
    this.flush();
  }

  /**
   * Calls `fn` after every update that changes one of `keys`. `first`
   * watchers run before the others: the reader paints (and <html> takes the
   * font size) before the margin and toolbar measure what was painted.
   */
  watch(keys: ReadonlyArray<Key>, fn: (s: State, changed: ReadonlySet<Key>) => void, opts: { first?: boolean } = {}): Unsubscribe {
    const w: Watcher = { keys: new Set(keys), fn, first: !!opts.first, live: true };
    this.watchers.push(w);
    this.watchers.sort((a, b) => Number(b.first) - Number(a.first));
    return () => {
      w.live = false;
      this.watchers = this.watchers.filter((x) => x !== w);
    };
  }

  onEffect(fn: (e: Effect) => void): Unsubscribe {
    const entry = { fn, live: true };
    this.effectFns.push(entry);
    return () => {
      entry.live = false;
      this.effectFns = this.effectFns.filter((x) => x !== entry);
    };
  }

  /**
   * Tells watchers, then runs effects (so an effect sees the views already
   * up to date). Updates made by a watcher are queued, not nested.
   */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.dirty.size || this.effects.length) {
        if (this.dirty.size) {
          const changed = this.dirty;
          this.dirty = new Set();
          for (const w of [...this.watchers]) {
            if (!w.live || ![...changed].some((k) => w.keys.has(k))) continue;
            guard(() => w.fn(this.s, changed));
          }
          continue;
        }
        const e = this.effects.shift()!;
        for (const x of [...this.effectFns]) if (x.live) guard(() => x.fn(e));
      }
    } finally {
      this.flushing = false;
    }
  }
}

/** One broken view must not stop the others; the error still surfaces (tests fail on it). */
function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    queueMicrotask(() => {
      throw e;
    });
  }
}
