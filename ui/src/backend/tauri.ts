// The real backend: the app's commands through their generated wrappers
// (ui/src/bindings, from src-tauri/commands.rs), plus the dialog and
// drag-and-drop plugins, which are the shell's and not commands.
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands, events, type AnnotationPatch, type ExportRequest, type IndexStatus, type NewAnnotation, type NoteFilter } from "../bindings";
import type { EssayExportRequest, EssayPatch, ReadingSpan } from "../bindings";
import type { Blank, KeepText, Rating, SyncStatus, TestAnswer } from "../bindings";
import { toApiError, type Backend, type FileFilter, type Unlisten } from "./types";

/** Calls a generated wrapper; whatever it throws becomes an ApiError. */
async function call<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    throw toApiError(e);
  }
}

export class TauriBackend implements Backend {
  listDocuments = () => call(commands.listDocuments);
  getDocument = (id: string) => call(() => commands.getDocument(id));
  importDocument = (path: string, title: string) => call(() => commands.importDocument(path, title || null));
  renameDocument = (id: string, title: string) => call(() => commands.renameDocument(id, title));
  removeDocument = (id: string) => call(() => commands.removeDocument(id));
  restoreDocument = (id: string) => call(() => commands.restoreDocument(id));
  listColors = () => call(commands.listColors);
  renameColor = (key: string, label: string) => call(() => commands.renameColor(key, label, null));
  listAnnotations = (filter: NoteFilter) => call(() => commands.listAnnotations(filter));
  createAnnotation = (input: NewAnnotation) => call(() => commands.createAnnotation(input));
  updateAnnotation = (id: string, patch: AnnotationPatch) => call(() => commands.updateAnnotation(id, patch));
  deleteAnnotation = (id: string) => call(() => commands.deleteAnnotation(id));
  restoreAnnotation = (id: string) => call(() => commands.restoreAnnotation(id));
  emptyTrash = () => call(commands.emptyTrash);
  listTags = () => call(commands.listTags);
  renameTag = (from: string, to: string) => call(() => commands.renameTag(from, to));
  search = (query: string, limit: number) => call(() => commands.search(query, limit));
  appInfo = () => call(commands.appInfo);
  /** Tells the shell the first document is painted (start-up timing). */
  uiReady = async () => {
    await call(commands.uiReady);
  };
  setLanguage = async (lang: string) => {
    await call(() => commands.setLanguage(lang));
  };
  printPage = async () => {
    await call(commands.printPage);
  };
  indexStatus = () => call(commands.indexStatus);
  exportNotes = (request: ExportRequest, path: string) => call(() => commands.exportNotes(request, path));
  backupLibrary = (path: string) => call(() => commands.backupLibrary(path));
  restoreBackup = (path: string) => call(() => commands.restoreBackup(path));
  recordReading = async (docId: string, spans: ReadingSpan[]) => {
    await call(() => commands.recordReading(docId, spans));
  };
  coverage = (docId: string) => call(() => commands.coverage(docId));
  essays = (docId: string | null) => call(() => commands.essays(docId));
  createEssay = (docId: string | null, title: string) => call(() => commands.createEssay(docId, title));
  updateEssay = (id: string, patch: EssayPatch) => call(() => commands.updateEssay(id, patch));
  deleteEssay = (id: string) => call(() => commands.deleteEssay(id));
  restoreEssay = (id: string) => call(() => commands.restoreEssay(id));
  countChars = (text: string) => call(() => commands.countChars(text));
  essayQuote = (annotationId: string) => call(() => commands.essayQuote(annotationId));
  exportEssay = (request: EssayExportRequest, path: string) => call(() => commands.exportEssay(request, path));
  reviewQueue = (limit: number) => call(() => commands.reviewQueue(limit));
  rateCard = (card: string, rating: Rating) => call(() => commands.rateCard(card, rating));
  setCard = (annotationId: string, enabled: boolean) => call(() => commands.setCard(annotationId, enabled));
  setCardBlanks = (card: string, blanks: Blank[]) => call(() => commands.setCardBlanks(card, blanks));
  reviewCards = (docId: string | null) => call(() => commands.reviewCards(docId));
  selfTest = (count: number, docId: string | null) => call(() => commands.selfTest(count, docId));
  gradeTest = (answers: TestAnswer[]) => call(() => commands.gradeTest(answers));
  syncStatus = () => call(commands.syncStatus);
  syncAccount = () => call(commands.syncAccount);
  syncConfigure = (url: string, user: string | null, password: string | null, passphrase: string | null) => call(() => commands.syncConfigure(url, user, password, passphrase));
  syncNow = () => call(commands.syncNow);
  syncForget = () => call(commands.syncForget);
  syncConflicts = () => call(commands.syncConflicts);
  resolveConflict = (id: string, keep: KeepText) => call(() => commands.resolveConflict(id, keep));
  groupJoin = (url: string, name: string, user: string | null, password: string | null, passphrase: string | null) => call(() => commands.groupJoin(url, name, user, password, passphrase));
  groupNow = () => call(commands.groupNow);
  groupLeave = () => call(commands.groupLeave);
  setShared = (entity: "document" | "annotation", id: string, shared: boolean) => call(() => commands.setShared(entity, id, shared));
  copyNote = (id: string) => call(() => commands.copyNote(id));
  /** Subscribes to the index's progress event. */
  async onIndexStatus(cb: (s: IndexStatus) => void): Promise<Unlisten> {
    return events.indexProgress.listen((e) => cb(e.payload));
  }
  /** Another process (the CLI) changed the library: reload what is shown. */
  async onLibraryChanged(cb: () => void): Promise<Unlisten> {
    return events.libraryChanged.listen(() => cb());
  }
  /** The app's sync status: its background syncs and the commands' own. */
  async onSyncStatus(cb: (s: SyncStatus) => void): Promise<Unlisten> {
    return events.syncStatus.listen((e) => cb(e.payload));
  }
  importFormats = () => call(commands.importFormats);
  importVersion = (id: string, path: string) => call(() => commands.importVersion(id, path));
  documentVersions = (id: string) => call(() => commands.documentVersions(id));
  orphans = (docId: string | null) => call(() => commands.orphans(docId));
  reattachAnnotation = (id: string, start: number, end: number) => call(() => commands.reattachAnnotation(id, start, end));
  /** Lets the user pick a file of importFormats(); resolves to its path or null. */
  async pickFile(): Promise<string | null> {
    const extensions = await this.importFormats();
    return this.pickOpenPath([{ name: "Text / Word / PDF / EPUB / Web page", extensions }]);
  }
  /** Files dropped on the window, as paths for importDocument. */
  async onFileDrop(cb: (paths: string[]) => void): Promise<Unlisten> {
    return getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop" && e.payload.paths.length > 0) cb(e.payload.paths);
    });
  }
  /** A "save as" dialog; resolves to the chosen path or null (cancelled). */
  async pickSavePath(defaultName: string, filters: FileFilter[]): Promise<string | null> {
    try {
      const picked = await save({ defaultPath: defaultName, filters });
      return typeof picked === "string" ? picked : null;
    } catch (e) {
      throw toApiError(e);
    }
  }
  /** An "open" dialog for one file; resolves to its path or null (cancelled). */
  async pickOpenPath(filters: FileFilter[]): Promise<string | null> {
    try {
      const picked = await open({ multiple: false, directory: false, filters });
      return typeof picked === "string" ? picked : null;
    } catch (e) {
      throw toApiError(e);
    }
  }
}
