// The real backend: the app's commands through their generated wrappers
// (ui/src/bindings, from src-tauri/commands.rs), plus the dialog and
// drag-and-drop plugins, which are the shell's and not commands.
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands, events, type IndexStatus } from "../bindings";
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
  readonly kind = "tauri" as const;
  listDocuments = () => call(commands.listDocuments);
  getDocument = (id: string) => call(() => commands.getDocument(id));
  importDocument = (path: string, title: string) => call(() => commands.importDocument(path, title || null));
  listColors = () => call(commands.listColors);
  renameColor = (key: string, label: string) => call(() => commands.renameColor(key, label, null));
  listAnnotations: Backend["listAnnotations"] = (filter) => call(() => commands.listAnnotations(filter));
  createAnnotation: Backend["createAnnotation"] = (input) => call(() => commands.createAnnotation(input));
  updateAnnotation: Backend["updateAnnotation"] = (id, patch) => call(() => commands.updateAnnotation(id, patch));
  deleteAnnotation = (id: string) => call(() => commands.deleteAnnotation(id));
  restoreAnnotation = (id: string) => call(() => commands.restoreAnnotation(id));
  emptyTrash = () => call(commands.emptyTrash);
  listTags = () => call(commands.listTags);
  renameTag = (from: string, to: string) => call(() => commands.renameTag(from, to));
  search = (query: string, limit: number) => call(() => commands.search(query, limit));
  appInfo = () => call(commands.appInfo);
  uiReady = async () => {
    await call(commands.uiReady);
  };
  indexStatus = () => call(commands.indexStatus);
  exportNotes: Backend["exportNotes"] = (request, path) => call(() => commands.exportNotes(request, path));
  backupLibrary = (path: string) => call(() => commands.backupLibrary(path));
  restoreBackup = (path: string) => call(() => commands.restoreBackup(path));
  async onIndexStatus(cb: (s: IndexStatus) => void): Promise<Unlisten> {
    return events.indexProgress.listen((e) => cb(e.payload));
  }
  async onLibraryChanged(cb: () => void): Promise<Unlisten> {
    return events.libraryChanged.listen(() => cb());
  }
  async pickFile(): Promise<string | null> {
    return this.pickOpenPath([{ name: "Text / Markdown", extensions: ["txt", "md"] }]);
  }
  async onFileDrop(cb: (paths: string[]) => void): Promise<Unlisten> {
    return getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop" && e.payload.paths.length > 0) cb(e.payload.paths);
    });
  }
  async pickSavePath(defaultName: string, filters: FileFilter[]): Promise<string | null> {
    try {
      const picked = await save({ defaultPath: defaultName, filters });
      return typeof picked === "string" ? picked : null;
    } catch (e) {
      throw toApiError(e);
    }
  }
  async pickOpenPath(filters: FileFilter[]): Promise<string | null> {
    try {
      const picked = await open({ multiple: false, directory: false, filters });
      return typeof picked === "string" ? picked : null;
    } catch (e) {
      throw toApiError(e);
    }
  }
}
