// Pure helpers of the export & backup dialog: default file names, dialog
// filters and the ExportRequest built from the form.
import type { ExportFormat } from "../bindings";
import type { ExportRequest } from "../bindings";
import type { ExportStyle } from "../bindings";
import type { RestoreSummary } from "../bindings";
import type { FileFilter } from "../backend/types";

export const EXPORT_EXT: Record<ExportFormat, string> = { docx: "docx", md: "md", w3c: "jsonld" };

export function exportFilters(format: ExportFormat): FileFilter[] {
  switch (format) {
    case "docx":
      return [{ name: "Word", extensions: ["docx"] }];
    case "md":
      return [{ name: "Markdown", extensions: ["md"] }];
    case "w3c":
      return [{ name: "JSON-LD", extensions: ["jsonld", "json"] }];
  }
}

export const BACKUP_FILTERS: FileFilter[] = [{ name: "Pizhu backup (zip)", extensions: ["zip"] }];

/** A file name part: no path separators or characters Windows refuses, no control characters, at most `max` code points. */
export function safeFileName(s: string, max = 60): string {
  const cleaned = s
    .replace(/\s+/g, " ")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .trim()
    .replace(/^\.+|[. ]+$/g, "");
  const cps = Array.from(cleaned);
  return (cps.length > max ? cps.slice(0, max).join("") : cleaned).trim();
}

/** `学习笔记-<title>.docx` (or `学习笔记.md` without a title). */
export function exportFileName(format: ExportFormat, title: string, prefix = "学习笔记"): string {
  const part = safeFileName(title);
  const base = part && part !== prefix ? `${prefix}-${part}` : prefix;
  return `${base}.${EXPORT_EXT[format]}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `pizhu-backup-YYYY-MM-DD.zip`, local date. */
export function backupFileName(d: Date = new Date()): string {
  return `pizhu-backup-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.zip`;
}

export interface ExportForm {
  format: ExportFormat;
  scope: "doc" | "all";
  style: ExportStyle;
  reader: string;
  title: string;
}

/** The request for export_notes. W3C JSON-LD has no title block: reader and title are left out. */
export function buildExportRequest(form: ExportForm, docId: string | null): ExportRequest {
  const text = (s: string) => (form.format === "w3c" ? null : s.trim() || null);
  return {
    format: form.format,
    doc_id: form.scope === "doc" ? docId : null,
    style: form.style,
    reader: text(form.reader),
    title: text(form.title),
  };
}

/** The title the export will carry: the one typed, else the document's (or the generic one for all documents). */
export function effectiveTitle(form: ExportForm, docTitle: string | null, generic = "学习笔记"): string {
  const typed = form.title.trim();
  if (typed) return typed;
  return form.scope === "doc" && docTitle ? docTitle : generic;
}

/** The last path component (either separator). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

type Translate = (key: "restoredSummary" | "restoredDocs" | "restoredReanchored" | "restoredEssays" | "restoredSkipped", params: Record<string, string | number>) => string;

/** One line for the toast: the counts, with the optional parts only when non-zero. */
export function restoreSummaryText(s: RestoreSummary, tr: Translate, sep = "，"): string {
  const parts = [tr("restoredSummary", { i: s.inserted, u: s.updated, c: s.unchanged })];
  if (s.documents_added > 0) parts.push(tr("restoredDocs", { n: s.documents_added }));
  if (s.reanchored > 0) parts.push(tr("restoredReanchored", { n: s.reanchored }));
  if (s.essays > 0) parts.push(tr("restoredEssays", { n: s.essays }));
  if (s.skipped.length > 0) parts.push(tr("restoredSkipped", { n: s.skipped.length }));
  return parts.join(sep);
}
