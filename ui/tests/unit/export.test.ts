import { describe, expect, it } from "vitest";
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
  const s = { inserted: 3, updated: 1, unchanged: 7, documents_added: 0, reanchored: 0, essays: 0, skipped: [] as string[] };
  it("shows the counts, optional parts only when non-zero", () => {
    setLang("zh-CN");
    expect(restoreSummaryText(s, t)).toBe("已从备份恢复：新增 3 条，更新 1 条，未变 7 条");
    expect(restoreSummaryText({ ...s, documents_added: 1, reanchored: 2, essays: 1, skipped: ["x"] }, t)).toBe("已从备份恢复：新增 3 条，更新 1 条，未变 7 条，新增文档 1 篇，重新定位 2 条，心得 1 篇，跳过 1 条");
    setLang("en");
    expect(restoreSummaryText({ ...s, skipped: ["x", "y"] }, t, ", ")).toBe("Restored from backup: 3 added, 1 updated, 7 unchanged, 2 skipped");
    setLang("zh-CN");
  });
});
