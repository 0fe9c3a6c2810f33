// The backend contract of the UI: what the actions (src/state/actions.ts)
// call, in the generated types. `tauri.ts` implements it with the app's
// commands; unit tests stub it.
import type { Annotation } from "../bindings";
import type { AnnotationPatch } from "../bindings";
import type { ApiError, ErrorCode } from "../bindings";
import type { AppInfo } from "../bindings";
import type { BackupSummary } from "../bindings";
import type { Color } from "../bindings";
import type { Coverage, Essay, EssayExportRequest, EssayPatch, ReadingSpan } from "../bindings";
import type { Document } from "../bindings";
import type { DocumentInfo } from "../bindings";
import type { DocumentVersion, Orphan, VersionReport } from "../bindings";
import type { ExportRequest } from "../bindings";
import type { IndexStatus } from "../bindings";
import type { NewAnnotation } from "../bindings";
import type { NoteFilter } from "../bindings";
import type { RestoreSummary } from "../bindings";
import type { SearchResults } from "../bindings";
import type { TagCount } from "../bindings";
import type { Blank, Rating, ReviewCard, ReviewOutcome, ReviewQueue, TestAnswer, TestResult } from "../bindings";
import type { ConflictView, KeepText, SyncAccount, SyncStatus } from "../bindings";

export type Unlisten = () => void;

/** A file type choice of the open/save dialogs. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Backend {
  listDocuments(): Promise<DocumentInfo[]>;
  getDocument(id: string): Promise<Document>;
  importDocument(path: string, title: string): Promise<DocumentInfo>;
  renameDocument(id: string, title: string): Promise<DocumentInfo>;
  /** Moves a document to the trash with its notes; resolves to how many notes went. */
  removeDocument(id: string): Promise<number>;
  restoreDocument(id: string): Promise<number>;
  listColors(): Promise<Color[]>;
  renameColor(key: string, label: string): Promise<Color[]>;
  listAnnotations(filter: NoteFilter): Promise<Annotation[]>;
  createAnnotation(input: NewAnnotation): Promise<Annotation>;
  updateAnnotation(id: string, patch: AnnotationPatch): Promise<Annotation>;
  deleteAnnotation(id: string): Promise<null>;
  restoreAnnotation(id: string): Promise<Annotation>;
  emptyTrash(): Promise<number>;
  listTags(): Promise<TagCount[]>;
  renameTag(from: string, to: string): Promise<null>;
  search(query: string, limit: number): Promise<SearchResults>;
  appInfo(): Promise<AppInfo>;
  /** The system's print dialog for the window (window.print() does nothing in WebKitGTK). */
  printPage(): Promise<void>;
  /** Remembers the window's language in the library (messages follow it). */
  setLanguage(lang: string): Promise<void>;
  /** Tells the shell the first document is painted (start-up timing). */
  uiReady(): Promise<void>;
  indexStatus(): Promise<IndexStatus>;
  /** Subscribes to the index's progress event. */
  onIndexStatus(cb: (s: IndexStatus) => void): Promise<Unlisten>;
  /** Another process (the CLI) changed the library: reload what is shown. */
  onLibraryChanged(cb: () => void): Promise<Unlisten>;
  /** The extensions importDocument reads (txt, md, docx, pdf, epub, html …), from the core. */
  importFormats(): Promise<string[]>;
  /** Lets the user pick a file of importFormats(); resolves to its path or null. */
  pickFile(): Promise<string | null>;
  /** Imports the file at `path` as a new version of document `id`: each note stays, moves or waits (待确认). */
  importVersion(id: string, path: string): Promise<VersionReport>;
  /** The versions of a document's text, oldest first, the current one last. */
  documentVersions(id: string): Promise<DocumentVersion[]>;
  /** The notes waiting to be re-attached (待确认), with the old text around them. */
  orphans(docId: string | null): Promise<Orphan[]>;
  /** Re-attaches a waiting note to `start..end` (code points) of the current text. */
  reattachAnnotation(id: string, start: number, end: number): Promise<Annotation>;
  /** Files dropped on the window, as paths for importDocument. */
  onFileDrop(cb: (paths: string[]) => void): Promise<Unlisten>;
  /** Writes study notes to `path`; resolves to the path written. */
  exportNotes(request: ExportRequest, path: string): Promise<string>;
  /** Writes a backup zip of the whole library to `path`. */
  backupLibrary(path: string): Promise<BackupSummary>;
  /** Merges a backup zip into the library (newer versions win, nothing is deleted). */
  restoreBackup(path: string): Promise<RestoreSummary>;
  /** A "save as" dialog; resolves to the chosen path or null (cancelled). */
  pickSavePath(defaultName: string, filters: FileFilter[]): Promise<string | null>;
  /** An "open" dialog for one file; resolves to its path or null (cancelled). */
  pickOpenPath(filters: FileFilter[]): Promise<string | null>;
  // 学习进度 and 心得体会 (issue 10)
  /** Adds seconds on screen per block of a document. */
  recordReading(docId: string, spans: ReadingSpan[]): Promise<void>;
  coverage(docId: string): Promise<Coverage>;
  /** Live essays of a document (null: all), newest first. */
  essays(docId: string | null): Promise<Essay[]>;
  createEssay(docId: string | null, title: string): Promise<Essay>;
  updateEssay(id: string, patch: EssayPatch): Promise<Essay>;
  deleteEssay(id: string): Promise<Essay>;
  restoreEssay(id: string): Promise<Essay>;
  /** Word's 字数 of a text. */
  countChars(text: string): Promise<number>;
  /** The Markdown quotation of a highlight, cited with its document and section. */
  essayQuote(annotationId: string): Promise<string>;
  /** Writes an essay (DOCX or Markdown) to `path`; resolves to the path written. */
  exportEssay(request: EssayExportRequest, path: string): Promise<string>;
  /** Review (复习): today's queue, due cards first, at most `limit` of them. */
  reviewQueue(limit: number): Promise<ReviewQueue>;
  /** Rates a card (id = its annotation's); resolves to it rescheduled and the queue after. */
  rateCard(card: string, rating: Rating): Promise<ReviewOutcome>;
  /** Turns a highlight's card on or off; resolves to the card, or null when off. */
  setCard(annotationId: string, enabled: boolean): Promise<ReviewCard | null>;
  /** What a card hides, relative to its sentence (empty: the highlight again). */
  setCardBlanks(card: string, blanks: Blank[]): Promise<ReviewCard>;
  /** Every card that is on, of one document (or all), in reading order. */
  reviewCards(docId: string | null): Promise<ReviewCard[]>;
  /** A random sample of `count` cards for a self-test. */
  selfTest(count: number, docId: string | null): Promise<ReviewCard[]>;
  /** Marks a self-test (the rule is the core's). */
  gradeTest(answers: TestAnswer[]): Promise<TestResult>;
  // 同步 (issue 8)
  /** Where sync stands: target, pending changes, last sync, conflicts, the last error. */
  syncStatus(): Promise<SyncStatus>;
  /** The remembered target and which of its credentials are saved (never the secrets). */
  syncAccount(): Promise<SyncAccount>;
  /** Syncs once with `url` and the credentials given (null or empty: keep the saved ones); remembers them only if that worked. */
  syncConfigure(url: string, user: string | null, password: string | null, passphrase: string | null): Promise<SyncStatus>;
  /** 立即同步 with the remembered target; resolves when done, rejects with why it failed. */
  syncNow(): Promise<SyncStatus>;
  /** 停止同步: forgets the target and its credentials; nothing is deleted anywhere. */
  syncForget(): Promise<SyncStatus>;
  /** Notes edited on two devices at once: the text kept and the other. */
  syncConflicts(): Promise<ConflictView[]>;
  /** Resolves a conflict; resolves to the note as it is now, or null when it was deleted for good. */
  resolveConflict(id: string, keep: KeepText): Promise<Annotation | null>;
  // 学习小组 (issue 8, S4)
  /** Joins the study group at `url` as `name` with these credentials (null: the saved ones): one exchange; remembered only if it worked. */
  groupJoin(url: string, name: string, user: string | null, password: string | null, passphrase: string | null): Promise<SyncStatus>;
  /** 立即交换 with the remembered group: members' changed notes come, mine go if what I share changed. */
  groupNow(): Promise<SyncStatus>;
  /** 退出小组: members' notes leave this library (copies stay); nothing on the target is deleted. */
  groupLeave(): Promise<SyncStatus>;
  /** Shares (or stops sharing) all my notes on a document, or one note; the next exchange sends it. */
  setShared(entity: "document" | "annotation", id: string, shared: boolean): Promise<SyncStatus>;
  /** Copies a group member's note into my own notes; resolves to the copy (mine). */
  copyNote(id: string): Promise<Annotation>;
  /** Subscribes to the app's sync status (its background syncs; not delivered by the UI test host). */
  onSyncStatus(cb: (s: SyncStatus) => void): Promise<Unlisten>;
}

// Every ErrorCode, checked both ways by the compiler against the generated
// type: a code added in Rust fails the UI build until it is listed here.
const CODES: Readonly<Record<ErrorCode, true>> = {
  not_found: true,
  invalid: true,
  bad_file: true,
  in_use: true,
  too_new: true,
  io: true,
  starting: true,
  denied: true,
  passphrase: true,
  read_only: true,
  internal: true,
};

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && Object.hasOwn(CODES, (e as ApiError).code) && typeof (e as ApiError).message === "string";
}

/** Normalises anything a command may reject with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message };
  if (typeof e === "string") return { code: "internal", message: e };
  if (e instanceof Error) return { code: "internal", message: e.message };
  return { code: "internal", message: String(e) };
}
