import { describe, expect, it } from "vitest";
import { FakeBackend, makeSnippet, SPEECH_ID } from "../../src/backend/fake";
import { findTerms, parseQuery, splitBlocks } from "../../src/backend/model";
import { cpLength, sliceCp } from "../../src/anchoring/offsets";
import type { ApiError } from "../../src/bindings";

const noFilter = { doc_id: null, tag: null, color: null, text: null, trash: false };

async function rejects(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected a rejection");
}

describe("document model", () => {
  it("splits the speech into typed blocks with leads", async () => {
    const be = new FakeBackend();
    const doc = await be.getDocument(SPEECH_ID);
    expect(doc.blocks).toHaveLength(20);
    expect(doc.blocks[0]!.kind).toBe("subtitle");
    expect(doc.blocks.filter((b) => b.kind === "heading").map((b) => b.text.slice(0, 2))).toEqual(["一、", "二、", "三、"]);
    expect(doc.blocks[3]!.lead).toEqual({ marker: "第一", phrase: "第一,深入学习党史是关键节点所需。" });
    expect(doc.blocks[9]!.lead!.marker).toBe("一是");
    expect(doc.blocks[19]!.lead!.marker).toBe("总之");
    expect(doc.blocks[1]!.lead).toBeNull();
    // start/len in code points, blocks joined by "\n"
    let start = 0;
    for (const b of doc.blocks) {
      expect(b.start).toBe(start);
      expect(b.len).toBe(cpLength(b.text));
      start += b.len + 1;
    }
    const [info] = await be.listDocuments();
    expect(info!.builtin).toBe(true);
    expect(info!.chars).toBe(start - 1);
  });

  it("counts astral characters as one position", () => {
    const blocks = splitBlocks("😀一\r\n\r\n𠀀二三\n");
    expect(blocks.map((b) => [b.start, b.len])).toEqual([
      [0, 2],
      [3, 3],
    ]);
  });
});

describe("annotations", () => {
  it("creates with quote selectors in code points and validates input", async () => {
    const be = new FakeBackend();
    const doc = await be.getDocument(SPEECH_ID);
    const b = doc.blocks[3]!;
    const a = await be.createAnnotation({ doc_id: SPEECH_ID, start: b.start + 3, end: b.start + 8, color: "green", note: "n", tags: [" 党史 ", "#党史", ""] });
    expect(a.exact).toBe(sliceCp(b.text, 3, 8));
    expect(a.prefix.endsWith("第一,")).toBe(true);
    expect(a.tags).toEqual(["党史"]);
    expect((await rejects(be.createAnnotation({ doc_id: SPEECH_ID, start: 5, end: 5, color: "green", note: "", tags: [] }))).code).toBe("invalid");
    expect((await rejects(be.createAnnotation({ doc_id: SPEECH_ID, start: 0, end: 3, color: "pink", note: "", tags: [] }))).code).toBe("invalid");
    expect((await rejects(be.createAnnotation({ doc_id: "nope", start: 0, end: 3, color: "red", note: "", tags: [] }))).code).toBe("not_found");
  });

  it("updates, deletes to the trash, restores and empties the trash", async () => {
    const be = new FakeBackend();
    const a = await be.createAnnotation({ doc_id: SPEECH_ID, start: 0, end: 4, color: "yellow", note: "", tags: ["x"] });
    const u = await be.updateAnnotation(a.id, { note: "新批注", color: null, tags: null });
    expect([u.note, u.color, u.tags]).toEqual(["新批注", "yellow", ["x"]]);
    await be.deleteAnnotation(a.id);
    expect(await be.listAnnotations(noFilter)).toHaveLength(0);
    expect(await be.listAnnotations({ ...noFilter, trash: true })).toHaveLength(1);
    expect(await be.listTags()).toEqual([]);
    const r = await be.restoreAnnotation(a.id);
    expect(r.deleted).toBeNull();
    await be.deleteAnnotation(a.id);
    expect(await be.emptyTrash()).toBe(1);
    expect((await rejects(be.restoreAnnotation(a.id))).code).toBe("not_found");
  });

  it("filters by colour, tag and text; renames tags", async () => {
    const be = new FakeBackend({ seed: 30 });
    const all = await be.listAnnotations(noFilter);
    expect(all).toHaveLength(30);
    expect((await be.listAnnotations({ ...noFilter, color: "red" })).every((a) => a.color === "red")).toBe(true);
    const tags = await be.listTags();
    const top = tags[0]!;
    expect((await be.listAnnotations({ ...noFilter, tag: top.name }))).toHaveLength(top.count);
    expect(await be.listAnnotations({ ...noFilter, text: "反复读" })).not.toHaveLength(0);
    await be.renameTag(top.name, "新名");
    expect((await be.listTags()).find((t) => t.name === "新名")!.count).toBe(top.count);
  });
});

describe("search", () => {
  it("parses terms and quoted phrases", () => {
    expect(parseQuery('  党史  "政法 队伍"  ABC ')).toEqual(["党史", "政法 队伍", "abc"]);
    expect(parseQuery("")).toEqual([]);
  });

  it("matches after NFKC + lowercase and maps back to code points", () => {
    const { ranges, all } = findTerms("😀ＡＢＣ党史", ["abc"]);
    expect(all).toBe(true);
    expect(ranges).toEqual([[1, 4]]);
    expect(findTerms("ﬁne", ["fi"]).ranges).toEqual([[0, 1]]);
  });

  it("ANDs terms within a passage, reports first-match ranges and sections", async () => {
    const be = new FakeBackend();
    const doc = await be.getDocument(SPEECH_ID);
    const text = doc.blocks.map((b) => b.text).join("\n");
    const res = await be.search("以史鉴今 资政育人", 20);
    expect(res.total).toBe(1);
    const h = res.hits[0]!;
    expect(h.kind).toBe("passage");
    expect(sliceCp(text, h.start, h.end)).toBe("以史鉴今");
    expect(h.section!.startsWith("一、")).toBe(true);
    const marked = h.highlights.map(([a, b]) => sliceCp(h.snippet, a, b));
    expect(marked).toEqual(["以史鉴今", "资政育人"]);
    expect((await be.search("以史鉴今 不存在的词", 20)).total).toBe(0);
    expect((await be.search("   ", 20)).hits).toEqual([]);
  });

  it("treats quoted phrases literally and applies the limit", async () => {
    const be = new FakeBackend();
    expect((await be.search('"党史学习 教育"', 50)).total).toBe(0);
    const many = await be.search("党", 3);
    expect(many.hits).toHaveLength(3);
    expect(many.total).toBeGreaterThan(3);
  });

  it("finds notes by note text and tags, not deleted ones", async () => {
    const be = new FakeBackend();
    const a = await be.createAnnotation({ doc_id: SPEECH_ID, start: 30, end: 40, color: "blue", note: "联系本单位实际", tags: ["待办"] });
    let res = await be.search("本单位", 10);
    const note = res.hits.find((h) => h.kind === "note")!;
    expect(note.note_id).toBe(a.id);
    expect([note.start, note.end]).toEqual([30, 40]);
    expect(note.highlights.map(([x, y]) => sliceCp(note.snippet, x, y))).toEqual(["本单位"]);
    expect((await be.search("待办", 10)).hits.some((h) => h.note_id === a.id)).toBe(true);
    await be.deleteAnnotation(a.id);
    res = await be.search("本单位", 10);
    expect(res.hits.some((h) => h.kind === "note")).toBe(false);
  });

  it("makes snippets with rebased highlight ranges", () => {
    const long = "甲".repeat(100) + "目标" + "乙".repeat(100);
    const s = makeSnippet(long, 100, [[100, 102]]);
    expect(s.snippet.startsWith("…")).toBe(true);
    expect(s.snippet.endsWith("…")).toBe(true);
    expect(s.highlights.map(([a, b]) => sliceCp(s.snippet, a, b))).toEqual(["目标"]);
  });
});

describe("import", () => {
  it("imports registered files and rejects unsupported ones with ApiError", async () => {
    const be = new FakeBackend();
    be.addFile("/x/笔记.md", "# 标题\n\n第一,读。正文");
    const info = await be.importDocument("/x/笔记.md", "");
    expect(info.title).toBe("笔记");
    expect(info.builtin).toBe(false);
    const doc = await be.getDocument(info.id);
    expect(doc.blocks.map((b) => b.kind)).toEqual(["heading", "paragraph"]);
    const err = await rejects(be.importDocument("/x/a.pdf", "a"));
    expect(err.code).toBe("bad_file");
    expect(err.message).toContain("a.pdf");
    expect((await be.listDocuments()).map((d) => d.builtin)).toEqual([true, false]);
  });
});
