// In-memory backend with the same behaviour as the Rust one: used in the
// browser (vite dev), by the unit tests and by the Chromium UI tests.
// `?seed=N` in the URL pre-creates N generated notes on the speech.
import speechText from "../../../crates/pizhu-model/src/data/speech.txt?raw";
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
import type { SearchHit } from "../bindings/SearchHit";
import type { SearchResults } from "../bindings/SearchResults";
import type { TagCount } from "../bindings/TagCount";
import { cpLength, sliceCp } from "../anchoring/offsets";
import { apiError, type Backend, type FileFilter, type Unlisten } from "./types";
import { documentText, findTerms, normalize, parseQuery, splitBlocks } from "./model";

export const SPEECH_ID = "speech";
export const SPEECH_TITLE = "党史学习教育和政法队伍教育整顿专题讲话";
export const QUOTE_CONTEXT = 32;

export function defaultColors(): Color[] {
  return [
    { key: "yellow", label: "重点", label_en: "Key point", rgb: "#f2c94c" },
    { key: "red", label: "存疑", label_en: "Question", rgb: "#eb5757" },
    { key: "green", label: "金句", label_en: "Quote", rgb: "#27ae60" },
    { key: "blue", label: "联系实际", label_en: "Practice", rgb: "#2f80ed" },
    { key: "purple", label: "其他", label_en: "Other", rgb: "#9b51e0" },
  ];
}

interface StoredDoc {
  info: DocumentInfo;
  doc: Document;
  text: string;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function cleanTags(tags: ReadonlyArray<string>): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const s = t.trim().replace(/^#/, "").trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Deterministic PRNG (mulberry32) for seeded notes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FakeBackend implements Backend {
  readonly kind = "fake" as const;
  private docs: StoredDoc[] = [];
  private notes = new Map<string, Annotation>();
  private colors = defaultColors();
  private files = new Map<string, string>();
  private statusListeners = new Set<(s: IndexStatus) => void>();
  private status: IndexStatus = { state: "ready", done: 0, total: 0 };
  private seq = 0;
  /** Artificial latency (ms) for every call; 0 by default. */
  latency = 0;
  /** Export, backup, restore and file dialog calls, in order (tests read it as `window.__fakeCalls`). */
  readonly calls: FakeCall[] = [];
  /** Answers for the next file dialogs, first in first out; when empty, a dialog answers `/fake/<name>`. `null` = cancelled. */
  dialogAnswers: Array<string | null> = [];

  constructor(opts: { seed?: number } = {}) {
    this.addDoc(SPEECH_ID, SPEECH_TITLE, speechText, true, false);
    this.status = { state: "ready", done: this.docs.length, total: this.docs.length };
    if (opts.seed && opts.seed > 0) this.seed(opts.seed);
  }

  private now(): string {
    return new Date().toISOString();
  }

  private id(prefix: string): string {
    this.seq++;
    return `${prefix}-${Date.now().toString(36)}-${this.seq.toString(36)}`;
  }

  private addDoc(id: string, title: string, text: string, builtin: boolean, md: boolean): StoredDoc {
    const blocks = splitBlocks(text, md);
    const full = documentText(blocks);
    const stored: StoredDoc = {
      info: { id, title, builtin, blocks: blocks.length, chars: cpLength(full), created: this.now() },
      doc: { id, title, blocks },
      text: full,
    };
    this.docs.push(stored);
    return stored;
  }

  private getDoc(id: string): StoredDoc {
    const d = this.docs.find((x) => x.info.id === id);
    if (!d) throw apiError("not_found", `没有找到文档 ${id}`);
    return d;
  }

  private getNote(id: string): Annotation {
    const n = this.notes.get(id);
    if (!n) throw apiError("not_found", `没有找到批注 ${id}`);
    return n;
  }

  private checkColor(key: string): void {
    if (!this.colors.some((c) => c.key === key)) throw apiError("invalid", `未知的颜色 ${key}`);
  }

  private async run<T>(f: () => T): Promise<T> {
    if (this.latency > 0) await new Promise((r) => setTimeout(r, this.latency));
    return clone(f());
  }

  private seed(n: number): void {
    const r = rng(n * 7919 + 1);
    const d = this.docs[0]!;
    const paras = d.doc.blocks.filter((b) => b.len > 20);
    const tagsPool = ["党史", "政法", "教育整顿", "理论", "实践", "作风", "纪律", "待讨论"];
    const notes = [
      "这一段讲得很透彻,值得**反复读**。",
      "与本单位实际结合:\n- 学习计划\n- 专题研讨",
      "这里的提法需要再核对原文出处。",
      "> 以史为鉴,开创未来\n\n可作为发言的开头。",
      "",
      "小组讨论时重点展开 `三严三实` 的内容。",
    ];
    for (let i = 0; i < n; i++) {
      const b = paras[Math.floor(r() * paras.length)]!;
      const len = 4 + Math.floor(r() * 24);
      const off = Math.floor(r() * Math.max(1, b.len - len));
      const start = b.start + off;
      const end = Math.min(b.start + b.len, start + len);
      const color = this.colors[i % this.colors.length]!.key;
      const note = notes[i % notes.length]!;
      const tags = i % 3 === 0 ? [tagsPool[i % tagsPool.length]!] : [];
      this.insert({ doc_id: d.info.id, start, end, color, note: note ? `${note}(#${i + 1})` : "", tags });
    }
  }

  private insert(input: NewAnnotation): Annotation {
    const d = this.getDoc(input.doc_id);
    const len = d.info.chars;
    if (!Number.isInteger(input.start) || !Number.isInteger(input.end) || input.start < 0 || input.end > len || input.start >= input.end) {
      throw apiError("invalid_range", `无效的范围 ${input.start}–${input.end}`);
    }
    this.checkColor(input.color);
    const t = this.now();
    const a: Annotation = {
      id: this.id("a"),
      doc_id: input.doc_id,
      start: input.start,
      end: input.end,
      exact: sliceCp(d.text, input.start, input.end),
      prefix: sliceCp(d.text, Math.max(0, input.start - QUOTE_CONTEXT), input.start),
      suffix: sliceCp(d.text, input.end, input.end + QUOTE_CONTEXT),
      color: input.color,
      note: input.note,
      tags: cleanTags(input.tags),
      created: t,
      updated: t,
      deleted: null,
    };
    this.notes.set(a.id, a);
    return a;
  }

  private emitStatus(s: IndexStatus): void {
    this.status = s;
    for (const l of this.statusListeners) l(clone(s));
  }

  // ---- files (the browser has no paths: picked/dropped files get one)

  /** Registers file contents under a path so importDocument can read it. */
  addFile(path: string, contents: string): void {
    this.files.set(path, contents);
  }

  private async fileToPath(file: File): Promise<string> {
    const path = `/fake/${this.id("f")}/${file.name}`;
    this.files.set(path, await file.text());
    return path;
  }

  // ---- Backend

  listDocuments(): Promise<DocumentInfo[]> {
    return this.run(() => {
      const list = this.docs.map((d) => d.info);
      return [...list.filter((d) => d.builtin), ...list.filter((d) => !d.builtin)];
    });
  }

  getDocument(id: string): Promise<Document> {
    return this.run(() => this.getDoc(id).doc);
  }

  importDocument(path: string, title: string): Promise<DocumentInfo> {
    return this.run(() => {
      const name = path.split(/[\\/]/).pop() ?? path;
      const ext = (/\.([^.]+)$/.exec(name)?.[1] ?? "").toLowerCase();
      if (ext !== "txt" && ext !== "md") throw apiError("unsupported", `不支持的文件类型:${name}(只能导入 .txt 或 .md)`);
      const text = this.files.get(path);
      if (text === undefined) throw apiError("io", `无法读取文件:${path}`);
      if (text.trim() === "") throw apiError("empty", `文件是空的:${name}`);
      const t = title.trim() || name.replace(/\.[^.]+$/, "");
      const d = this.addDoc(this.id("d"), t, text, false, ext === "md");
      const total = this.docs.length;
      this.emitStatus({ state: "rebuilding", done: 0, total });
      for (let i = 1; i <= total; i++) {
        setTimeout(() => this.emitStatus(i === total ? { state: "ready", done: total, total } : { state: "rebuilding", done: i, total }), 80 * i);
      }
      return d.info;
    });
  }

  listColors(): Promise<Color[]> {
    return this.run(() => this.colors);
  }

  renameColor(key: string, label: string): Promise<Color[]> {
    return this.run(() => {
      this.checkColor(key);
      const l = label.trim();
      if (!l) throw apiError("invalid", "名称不能为空");
      this.colors = this.colors.map((c) => (c.key === key ? { ...c, label: l } : c));
      return this.colors;
    });
  }

  listAnnotations(filter: NoteFilter): Promise<Annotation[]> {
    return this.run(() => {
      const text = filter.text ? normalize(filter.text.trim()) : "";
      const order = new Map(this.docs.map((d, i) => [d.info.id, i]));
      const out: Annotation[] = [];
      for (const a of this.notes.values()) {
        if (filter.trash ? a.deleted === null : a.deleted !== null) continue;
        if (filter.doc_id !== null && a.doc_id !== filter.doc_id) continue;
        if (filter.color !== null && a.color !== filter.color) continue;
        if (filter.tag !== null && !a.tags.includes(filter.tag)) continue;
        if (text && !normalize(`${a.note}\n${a.exact}\n${a.tags.join(" ")}`).includes(text)) continue;
        out.push(a);
      }
      out.sort((x, y) => (order.get(x.doc_id) ?? 0) - (order.get(y.doc_id) ?? 0) || x.start - y.start || x.end - y.end);
      return out;
    });
  }

  createAnnotation(input: NewAnnotation): Promise<Annotation> {
    return this.run(() => this.insert(input));
  }

  updateAnnotation(id: string, patch: AnnotationPatch): Promise<Annotation> {
    return this.run(() => {
      const a = this.getNote(id);
      if (patch.color !== null) this.checkColor(patch.color);
      const next: Annotation = {
        ...a,
        note: patch.note ?? a.note,
        color: patch.color ?? a.color,
        tags: patch.tags ? cleanTags(patch.tags) : a.tags,
        updated: this.now(),
      };
      this.notes.set(id, next);
      return next;
    });
  }

  deleteAnnotation(id: string): Promise<null> {
    return this.run(() => {
      const a = this.getNote(id);
      if (a.deleted === null) this.notes.set(id, { ...a, deleted: this.now() });
      return null;
    });
  }

  restoreAnnotation(id: string): Promise<Annotation> {
    return this.run(() => {
      const a = { ...this.getNote(id), deleted: null };
      this.notes.set(id, a);
      return a;
    });
  }

  emptyTrash(): Promise<number> {
    return this.run(() => {
      let n = 0;
      for (const [id, a] of this.notes) {
        if (a.deleted !== null) {
          this.notes.delete(id);
          n++;
        }
      }
      return n;
    });
  }

  listTags(): Promise<TagCount[]> {
    return this.run(() => {
      const counts = new Map<string, number>();
      for (const a of this.notes.values()) {
        if (a.deleted !== null) continue;
        for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh"));
    });
  }

  renameTag(from: string, to: string): Promise<null> {
    return this.run(() => {
      const t = to.trim();
      if (!t) throw apiError("invalid", "标签不能为空");
      for (const [id, a] of this.notes) {
        if (a.tags.includes(from)) this.notes.set(id, { ...a, tags: cleanTags(a.tags.map((x) => (x === from ? t : x))) });
      }
      return null;
    });
  }

  search(query: string, limit: number): Promise<SearchResults> {
    return this.run(() => this.searchNow(query, limit));
  }

  private searchNow(query: string, limit: number): SearchResults {
    const terms = parseQuery(query);
    if (terms.length === 0) return { query, total: 0, hits: [] };
    const hits: SearchHit[] = [];
    for (const d of this.docs) {
      let section: string | null = null;
      for (const b of d.doc.blocks) {
        if (b.kind === "heading") section = b.text;
        const { ranges, all } = findTerms(b.text, terms);
        if (!all) continue;
        const first = ranges[0]!;
        const snip = makeSnippet(b.text, first[0], ranges);
        hits.push({
          kind: "passage",
          doc: d.info.id,
          block: b.index,
          start: b.start + first[0],
          end: b.start + first[1],
          note_id: null,
          snippet: snip.snippet,
          highlights: snip.highlights,
          section: b.kind === "heading" ? null : section,
          score: ranges.length,
        });
      }
    }
    for (const a of this.notes.values()) {
      if (a.deleted !== null) continue;
      const whole = findTerms(`${a.note}\n${a.tags.join(" ")}\n${a.exact}`, terms);
      if (!whole.all) continue;
      const d = this.docs.find((x) => x.info.id === a.doc_id);
      if (!d) continue;
      const source = a.note.trim() ? a.note : a.exact;
      const inSrc = findTerms(source, terms).ranges;
      const snip = makeSnippet(source, inSrc[0]?.[0] ?? 0, inSrc);
      let block = 0;
      let section: string | null = null;
      for (const b of d.doc.blocks) {
        if (b.start > a.start) break;
        block = b.index;
        if (b.kind === "heading") section = b.text;
      }
      hits.push({
        kind: "note",
        doc: d.info.id,
        block,
        start: a.start,
        end: a.end,
        note_id: a.id,
        snippet: snip.snippet,
        highlights: snip.highlights,
        section,
        score: whole.ranges.length + 0.5,
      });
    }
    hits.sort((x, y) => y.score - x.score);
    return { query, total: hits.length, hits: hits.slice(0, Math.max(0, limit)) };
  }

  uiReady(): Promise<void> {
    return Promise.resolve();
  }

  appInfo(): Promise<AppInfo> {
    return this.run(() => ({ version: "0.1.0-fake", data_dir: "(内存 / in memory)" }));
  }

  indexStatus(): Promise<IndexStatus> {
    return this.run(() => this.status);
  }

  async onIndexStatus(cb: (s: IndexStatus) => void): Promise<Unlisten> {
    this.statusListeners.add(cb);
    return () => this.statusListeners.delete(cb);
  }

  pickFile(): Promise<string | null> {
    return new Promise((resolve) => {
      const input = document.createElement("input");
      input.type = "file";
      input.accept = ".txt,.md,text/plain,text/markdown";
      input.addEventListener("change", () => {
        const f = input.files?.[0];
        if (!f) resolve(null);
        else this.fileToPath(f).then(resolve, () => resolve(null));
      });
      input.addEventListener("cancel", () => resolve(null));
      input.click();
    });
  }

  async onFileDrop(cb: (paths: string[]) => void): Promise<Unlisten> {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      e.preventDefault();
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      Promise.all(files.map((f) => this.fileToPath(f))).then(cb);
    };
    window.addEventListener("dragover", over);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragover", over);
      window.removeEventListener("drop", drop);
    };
  }

  // ---- export, backup, restore, file dialogs

  private record(cmd: string, args: Record<string, unknown>): void {
    this.calls.push(clone({ cmd, args }));
  }

  private checkPath(path: string): string {
    if (!path.trim()) throw apiError("invalid", "没有指定文件");
    return path.split(/[\\/]/).pop() ?? path;
  }

  exportNotes(request: ExportRequest, path: string): Promise<string> {
    this.record("export_notes", { request, path });
    return this.run(() => {
      this.checkPath(path);
      const docs = request.doc_id !== null ? [this.getDoc(request.doc_id)] : this.docs;
      const live = [...this.notes.values()].filter((a) => a.deleted === null);
      const sets = docs.map((d) => ({ d, notes: live.filter((a) => a.doc_id === d.info.id).sort((x, y) => x.start - y.start) })).filter((x) => request.doc_id !== null || x.notes.length > 0);
      let out: string;
      if (request.format === "w3c") {
        out = JSON.stringify({
          "@context": "http://www.w3.org/ns/anno.jsonld",
          type: "AnnotationCollection",
          items: sets.flatMap(({ d, notes }) =>
            notes.map((a) => ({ type: "Annotation", id: `urn:pizhu:${a.id}`, body: a.note, target: { source: `urn:pizhu:doc:${d.info.id}`, selector: { type: "TextQuoteSelector", exact: a.exact, prefix: a.prefix, suffix: a.suffix } } })),
          ),
        });
      } else {
        const title = request.title?.trim() || (request.doc_id !== null ? docs[0]!.info.title : "学习笔记");
        const lines = [`# ${title}`, ""];
        if (request.reader?.trim()) lines.push(`- 学习人:${request.reader.trim()}`);
        lines.push(`- 批注:${sets.reduce((n, x) => n + x.notes.length, 0)} 条`, "");
        for (const { d, notes } of sets) {
          lines.push(`## 《${d.info.title}》`, "");
          for (const a of notes) lines.push(`> ${a.exact}`, "", a.note, "");
        }
        out = lines.join("\n");
        if (request.format === "docx") out = `[fake docx, style ${request.style}]\n${out}`;
      }
      this.files.set(path, out);
      return path;
    });
  }

  backupLibrary(path: string): Promise<BackupSummary> {
    this.record("backup_library", { path });
    return this.run(() => {
      this.checkPath(path);
      const file: FakeBackupFile = {
        docs: this.docs.filter((d) => !d.info.builtin).map((d) => ({ id: d.info.id, title: d.info.title, text: d.text })),
        notes: [...this.notes.values()],
      };
      this.files.set(path, BACKUP_MAGIC + JSON.stringify(file));
      return { path, documents: this.docs.length, annotations: this.notes.size };
    });
  }

  /** The backup an unknown `.zip` path stands for: one note on the speech, one note whose passage is gone. */
  private demoBackup(): FakeBackupFile {
    const d = this.getDoc(SPEECH_ID);
    const phrase = "马克思主义基本原理";
    const u = d.text.indexOf(phrase);
    const start = cpLength(d.text.slice(0, Math.max(0, u)));
    const end = start + cpLength(phrase);
    const t = "2024-05-01T08:00:00.000Z";
    const note: Annotation = {
      id: "a-from-backup-1",
      doc_id: SPEECH_ID,
      start,
      end,
      exact: sliceCp(d.text, start, end),
      prefix: sliceCp(d.text, Math.max(0, start - QUOTE_CONTEXT), start),
      suffix: sliceCp(d.text, end, end + QUOTE_CONTEXT),
      color: "green",
      note: "从备份恢复的批注:理论联系实际",
      tags: ["备份"],
      created: t,
      updated: t,
      deleted: null,
    };
    const gone: Annotation = { ...note, id: "a-from-backup-gone", doc_id: "gone-doc", exact: "一段已经删除的原文", note: "" };
    return { docs: [], notes: [note, gone] };
  }

  restoreBackup(path: string): Promise<RestoreSummary> {
    this.record("restore_backup", { path });
    return this.run(() => {
      const name = this.checkPath(path);
      if (!/\.zip$/i.test(name)) throw apiError("bad_file", `不是批注的备份文件:${name}`);
      const raw = this.files.get(path);
      let file: FakeBackupFile;
      if (raw === undefined) file = this.demoBackup();
      else if (raw.startsWith(BACKUP_MAGIC)) file = JSON.parse(raw.slice(BACKUP_MAGIC.length)) as FakeBackupFile;
      else throw apiError("bad_file", `不是批注的备份文件:${name}`);
      const summary: RestoreSummary = { inserted: 0, updated: 0, unchanged: 0, documents_added: 0, reanchored: 0, skipped: [] };
      for (const doc of file.docs) {
        if (this.docs.some((x) => x.info.id === doc.id)) continue;
        this.addDoc(doc.id, doc.title, doc.text, false, false);
        summary.documents_added++;
      }
      for (const a of file.notes) {
        if (!this.docs.some((x) => x.info.id === a.doc_id)) {
          summary.skipped.push(`«${a.exact}»: 原文已不存在`);
          continue;
        }
        const mine = this.notes.get(a.id);
        if (!mine) {
          this.notes.set(a.id, clone(a));
          summary.inserted++;
        } else if (a.updated > mine.updated) {
          this.notes.set(a.id, clone(a));
          summary.updated++;
        } else summary.unchanged++;
      }
      return summary;
    });
  }

  async pickSavePath(defaultName: string, filters: FileFilter[]): Promise<string | null> {
    this.record("pick_save_path", { defaultName, filters });
    return this.dialogAnswers.length > 0 ? this.dialogAnswers.shift()! : `/fake/${defaultName}`;
  }

  async pickOpenPath(filters: FileFilter[]): Promise<string | null> {
    this.record("pick_open_path", { filters });
    return this.dialogAnswers.length > 0 ? this.dialogAnswers.shift()! : "/fake/pizhu-backup.zip";
  }

  /** Contents of a file the fake wrote (export, backup). */
  readFile(path: string): string | undefined {
    return this.files.get(path);
  }
}

export interface FakeCall {
  cmd: string;
  args: Record<string, unknown>;
}

const BACKUP_MAGIC = "PIZHU-FAKE-BACKUP\n";

interface FakeBackupFile {
  docs: Array<{ id: string; title: string; text: string }>;
  notes: Annotation[];
}

/** A window of at most `width` code points around `at`, ranges rebased. */
export function makeSnippet(
  text: string,
  at: number,
  ranges: ReadonlyArray<[number, number]>,
  width = 90,
): { snippet: string; highlights: Array<[number, number]> } {
  const cps = Array.from(text.replace(/\n/g, " "));
  let from = 0;
  let to = cps.length;
  if (cps.length > width) {
    from = Math.max(0, Math.min(at - 24, cps.length - width));
    to = Math.min(cps.length, from + width);
  }
  const pre = from > 0 ? "…" : "";
  const post = to < cps.length ? "…" : "";
  const shift = pre.length - from;
  const highlights: Array<[number, number]> = [];
  for (const [a, b] of ranges) {
    const s = Math.max(a, from);
    const e = Math.min(b, to);
    if (e > s) highlights.push([s + shift, e + shift]);
  }
  return { snippet: pre + cps.slice(from, to).join("") + post, highlights };
}

export function createFakeBackend(): FakeBackend {
  const seed = Number(new URLSearchParams(location.search).get("seed") ?? 0);
  const be = new FakeBackend({ seed: Number.isFinite(seed) ? Math.min(seed, 20000) : 0 });
  (window as unknown as { __fakeCalls?: FakeCall[] }).__fakeCalls = be.calls;
  return be;
}
