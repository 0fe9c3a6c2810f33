// The backend contract of the UI. `tauri.ts` implements it with Tauri
// commands, `fake.ts` in memory (browser development and UI tests).
import type { Annotation } from "../bindings/Annotation";
import type { AnnotationPatch } from "../bindings/AnnotationPatch";
import type { ApiError } from "../bindings/ApiError";
import type { AppInfo } from "../bindings/AppInfo";
import type { BackupSummary } from "../bindings/BackupSummary";
import type { Color } from "../bindings/Color";
import type { Document } from "../bindings/Document";
import type { DocumentInfo } from "../bindings/DocumentInfo";
import type { ExportRequest } from "../bindings/ExportRequest";
import type { IndexStatus } from "../bindings/IndexStatus";
import type { NewAnnotation } from "../bindings/NewAnnotation";
import type { NoteFilter } from "../bindings/NoteFilter";
import type { RestoreSummary } from "../bindings/RestoreSummary";
import type { SearchResults } from "../bindings/SearchResults";
import type { TagCount } from "../bindings/TagCount";

export type Unlisten = () => void;

/** A file type choice of the open/save dialogs. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Backend {
  readonly kind: "tauri" | "fake";
  listDocuments(): Promise<DocumentInfo[]>;
  getDocument(id: string): Promise<Document>;
  importDocument(path: string, title: string): Promise<DocumentInfo>;
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
  /** Tells the shell the first document is painted (start-up timing). */
  uiReady(): Promise<void>;
  indexStatus(): Promise<IndexStatus>;
  /** Subscribes to the `index-status` event. */
  onIndexStatus(cb: (s: IndexStatus) => void): Promise<Unlisten>;
  /** Lets the user pick a .txt/.md file; resolves to its path or null. */
  pickFile(): Promise<string | null>;
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
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && typeof (e as ApiError).code === "string" && typeof (e as ApiError).message === "string";
}

/** Normalises anything a command may reject with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message };
  if (typeof e === "string") return { code: "error", message: e };
  if (e instanceof Error) return { code: "error", message: e.message };
  return { code: "error", message: String(e) };
}

export function apiError(code: string, message: string): ApiError {
  return { code, message };
}
