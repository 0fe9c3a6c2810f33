// The real backend: Tauri commands (the Rust core).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open } from "@tauri-apps/plugin-dialog";
import type { Annotation } from "../bindings/Annotation";
import type { AnnotationPatch } from "../bindings/AnnotationPatch";
import type { AppInfo } from "../bindings/AppInfo";
import type { Color } from "../bindings/Color";
import type { Document } from "../bindings/Document";
import type { DocumentInfo } from "../bindings/DocumentInfo";
import type { IndexStatus } from "../bindings/IndexStatus";
import type { NewAnnotation } from "../bindings/NewAnnotation";
import type { NoteFilter } from "../bindings/NoteFilter";
import type { SearchResults } from "../bindings/SearchResults";
import type { TagCount } from "../bindings/TagCount";
import { toApiError, type Backend, type Unlisten } from "./types";

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
}
