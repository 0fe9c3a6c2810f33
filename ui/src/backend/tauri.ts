// The real backend: Tauri commands (the Rust core).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { Annotation } from "../bindings/Annotation";
import type { AnnotationPatch } from "../bindings/AnnotationPatch";
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
import { toApiError, type Backend, type FileFilter, type Unlisten } from "./types";

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export class TauriBackend implements Backend {
  readonly kind = "tauri" as const;
  listDocuments() {
    return call<DocumentInfo[]>("list_documents");
  }
  getDocument(id: string) {
    return call<Document>("get_document", { id });
  }
  importDocument(path: string, title: string) {
    return call<DocumentInfo>("import_document", { path, title });
  }
  listColors() {
    return call<Color[]>("list_colors");
  }
  renameColor(key: string, label: string) {
    return call<Color[]>("rename_color", { key, label });
  }
  listAnnotations(filter: NoteFilter) {
    return call<Annotation[]>("list_annotations", { filter });
  }
  createAnnotation(input: NewAnnotation) {
    return call<Annotation>("create_annotation", { input });
  }
  updateAnnotation(id: string, patch: AnnotationPatch) {
    return call<Annotation>("update_annotation", { id, patch });
  }
  deleteAnnotation(id: string) {
    return call<null>("delete_annotation", { id });
  }
  restoreAnnotation(id: string) {
    return call<Annotation>("restore_annotation", { id });
  }
  emptyTrash() {
    return call<number>("empty_trash");
  }
  listTags() {
    return call<TagCount[]>("list_tags");
  }
  renameTag(from: string, to: string) {
    return call<null>("rename_tag", { from, to });
  }
  search(query: string, limit: number) {
    return call<SearchResults>("search", { query, limit });
  }
  appInfo() {
    return call<AppInfo>("app_info");
  }
  uiReady() {
    return call<void>("ui_ready");
  }
  indexStatus() {
    return call<IndexStatus>("index_status");
  }
  async onIndexStatus(cb: (s: IndexStatus) => void): Promise<Unlisten> {
    return listen<IndexStatus>("index-status", (e) => cb(e.payload));
  }
  async pickFile(): Promise<string | null> {
    try {
      const picked = await open({
        multiple: false,
        directory: false,
        filters: [{ name: "Text / Markdown", extensions: ["txt", "md"] }],
      });
      return typeof picked === "string" ? picked : null;
    } catch (e) {
      throw toApiError(e);
    }
  }
  async onFileDrop(cb: (paths: string[]) => void): Promise<Unlisten> {
    return getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop" && e.payload.paths.length > 0) cb(e.payload.paths);
    });
  }
  exportNotes(request: ExportRequest, path: string) {
    return call<string>("export_notes", { request, path });
  }
  backupLibrary(path: string) {
    return call<BackupSummary>("backup_library", { path });
  }
  restoreBackup(path: string) {
    return call<RestoreSummary>("restore_backup", { path });
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
