import { describe, expect, it } from "vitest";
import { FakeBackend, SPEECH_ID } from "../../src/backend/fake";
import {
  backupFileName,
  baseName,
  buildExportRequest,
  effectiveTitle,
  exportFileName,
  exportFilters,
  restoreSummaryText,
  safeFileName,
  type ExportForm,
} from "../../src/app/exportlogic";
import { setLang, t } from "../../src/i18n";
import type { ApiError } from "../../src/bindings";

const form = (over: Partial<ExportForm> = {}): ExportForm => ({ format: "docx", scope: "doc", style: "gbt", reader: "", title: "", ...over });

describe("export file names", () => {
  it("uses 学习笔记-<title> with the format's extension", () => {
    expect(exportFileName("docx", "党史学习教育和政法队伍教育整顿专题讲话")).toBe("学习笔记-党史学习教育和政法队伍教育整顿专题讲话.docx");
    expect(exportFileName("md", "讲稿")).toBe("学习笔记-讲稿.md");
    expect(exportFileName("w3c", "讲稿")).toBe("学习笔记-讲稿.jsonld");
    expect(exportFileName("md", "")).toBe("学习笔记.md");
    expect(exportFileName("md", "学习笔记")).toBe("学习笔记.md");
    expect(exportFileName("md", "Talk", "Study notes")).toBe("Study notes-Talk.md");
  });

  it("makes titles safe as file names", () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j')).toBe("a_b_c_d_e_f_g_h_i_j");
    expect(safeFileName("  ..隐藏. ")).toBe("隐藏");
    expect(safeFileName("行\n两行\t")).toBe("行 两行");
    expect(Array.from(safeFileName("字".repeat(100))).length).toBe(60);
    expect(safeFileName("😀".repeat(61), 60)).toBe("😀".repeat(60));
  });

  it("dates backups by the local day", () => {
    expect(backupFileName(new Date(2024, 0, 5, 23, 59))).toBe("pizhu-backup-2024-01-05.zip");
    expect(backupFileName(new Date(2025, 10, 27))).toBe("pizhu-backup-2025-11-27.zip");
  });

  it("filters and base names", () => {
    expect(exportFilters("docx")[0]!.extensions).toEqual(["docx"]);
    expect(exportFilters("w3c")[0]!.extensions).toContain("jsonld");
    expect(baseName("C:\\Users\\李\\备份.zip")).toBe("备份.zip");
    expect(baseName("/home/li/备份.zip")).toBe("备份.zip");
  });
});

describe("export request", () => {
  it("builds the request from the form", () => {
    expect(buildExportRequest(form({ format: "md", reader: " 张三 ", title: "  " }), "speech")).toEqual({ format: "md", doc_id: "speech", style: "gbt", reader: "张三", title: null });
    expect(buildExportRequest(form({ scope: "all", style: "plain", title: "心得" }), "speech")).toEqual({ format: "docx", doc_id: null, style: "plain", reader: null, title: "心得" });
    // W3C JSON-LD has no title block
    expect(buildExportRequest(form({ format: "w3c", reader: "张三", title: "心得" }), "speech")).toEqual({ format: "w3c", doc_id: "speech", style: "gbt", reader: null, title: null });
  });

  it("knows the title the export will carry", () => {
    expect(effectiveTitle(form(), "讲稿")).toBe("讲稿");
    expect(effectiveTitle(form({ title: " 心得 " }), "讲稿")).toBe("心得");
    expect(effectiveTitle(form({ scope: "all" }), "讲稿")).toBe("学习笔记");
    expect(effectiveTitle(form(), null, "Study notes")).toBe("Study notes");
  });
});

describe("restore summary", () => {
  const s = { inserted: 3, updated: 1, unchanged: 7, documents_added: 0, reanchored: 0, skipped: [] as string[] };
  it("shows the counts, optional parts only when non-zero", () => {
    setLang("zh-CN");
    expect(restoreSummaryText(s, t)).toBe("已从备份恢复：新增 3 条，更新 1 条，未变 7 条");
    expect(restoreSummaryText({ ...s, documents_added: 1, reanchored: 2, skipped: ["x"] }, t)).toBe("已从备份恢复：新增 3 条，更新 1 条，未变 7 条，新增文档 1 篇，重新定位 2 条，跳过 1 条");
    setLang("en");
    expect(restoreSummaryText({ ...s, skipped: ["x", "y"] }, t, ", ")).toBe("Restored from backup: 3 added, 1 updated, 7 unchanged, 2 skipped");
    setLang("zh-CN");
  });
});

describe("fake export, backup, restore", () => {
  it("records export calls and writes the file", async () => {
    const be = new FakeBackend();
    await be.createAnnotation({ doc_id: SPEECH_ID, start: 10, end: 20, color: "yellow", note: "心得", tags: [] });
    const path = await be.pickSavePath("学习笔记-讲稿.md", exportFilters("md"));
    expect(path).toBe("/fake/学习笔记-讲稿.md");
    const req = { format: "md" as const, doc_id: SPEECH_ID, style: "gbt" as const, reader: "张三", title: null };
    expect(await be.exportNotes(req, path!)).toBe(path);
    expect(be.calls.map((c) => c.cmd)).toEqual(["pick_save_path", "export_notes"]);
    expect(be.calls[1]!.args).toEqual({ request: req, path });
    const md = be.readFile(path!)!;
    expect(md).toContain("学习人:张三");
    expect(md).toContain("心得");
    be.dialogAnswers.push(null);
    expect(await be.pickSavePath("x.md", [])).toBeNull();
    const err = (await be.exportNotes({ ...req, doc_id: "nope" }, "/x.md").catch((e: ApiError) => e)) as ApiError;
    expect(err.code).toBe("not_found");
  });

  it("backs up and merges a backup back: newer wins, nothing deleted", async () => {
    const be = new FakeBackend({ seed: 5 });
    const s = await be.backupLibrary("/b/pizhu.zip");
    expect([s.documents, s.annotations, s.path]).toEqual([1, 5, "/b/pizhu.zip"]);
    const [first] = await be.listAnnotations({ doc_id: null, tag: null, color: null, text: null, trash: false });
    await be.deleteAnnotation(first!.id);
    await be.emptyTrash();
    const extra = await be.createAnnotation({ doc_id: SPEECH_ID, start: 0, end: 3, color: "red", note: "", tags: [] });
    const r = await be.restoreBackup("/b/pizhu.zip");
    expect(r).toEqual({ inserted: 1, updated: 0, unchanged: 4, documents_added: 0, reanchored: 0, skipped: [] });
    const ids = (await be.listAnnotations({ doc_id: null, tag: null, color: null, text: null, trash: false })).map((a) => a.id);
    expect(ids).toContain(first!.id);
    expect(ids).toContain(extra.id);
  });

  it("restores the demo backup for an unknown zip and rejects other files", async () => {
    const be = new FakeBackend();
    const r = await be.restoreBackup("/fake/pizhu-backup.zip");
    expect(r.inserted).toBe(1);
    expect(r.skipped).toHaveLength(1);
    const [a] = await be.listAnnotations({ doc_id: SPEECH_ID, tag: null, color: null, text: null, trash: false });
    expect(a!.exact).toBe("马克思主义基本原理");
    expect((await be.restoreBackup("/fake/pizhu-backup.zip")).unchanged).toBe(1);
    const err = (await be.restoreBackup("/x/notes.md").catch((e: ApiError) => e)) as ApiError;
    expect(err.code).toBe("bad_file");
  });
});
