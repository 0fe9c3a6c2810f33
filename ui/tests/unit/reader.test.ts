// The <mark> painter (the path WebKitGTK uses) at scale and under a flash:
// blocks found by index, only changed blocks rebuilt, ranges kept alive and
// never emptied by a flash, parked before the DOM is torn down.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Annotation, Block, Document } from "../../src/bindings";
import { Reader } from "../../src/app/reader";

const PARA = "党史学习教育和政法队伍教育整顿是一项重大政治任务。";

function makeDoc(n: number, id = "d"): Document {
  const blocks: Block[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const text = `${i}${PARA}`;
    const len = [...text].length;
    blocks.push({ index: i, kind: "paragraph", text, start, len, lead: null });
    start += len + 1;
  }
  return { id, title: "测试", blocks };
}

let seq = 0;
function ann(doc: Document, block: number, from: number, to: number, color = "yellow"): Annotation {
  const b = doc.blocks[block]!;
  return {
    id: `a${++seq}`,
    doc_id: doc.id,
    start: b.start + from,
    end: b.start + to,
    exact: [...b.text].slice(from, to).join(""),
    prefix: "",
    suffix: "",
    color,
    note: "",
    tags: [],
    created: "",
    updated: "",
    deleted: null,
  };
}

const COLORS = new Set(["yellow", "red"]);

describe("Reader, <mark> path", () => {
  let reader: Reader;
  let doc: Document;

  beforeEach(() => {
    reader = new Reader(false);
    document.body.appendChild(reader.el);
    doc = makeDoc(300);
    reader.render(doc);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    reader.el.remove();
  });

  it("finds blocks by index, never by a selector per block (quadratic on 12,000 lines)", () => {
    const anns = [ann(doc, 3, 2, 6), ann(doc, 150, 1, 4), ann(doc, 299, 0, 5)];
    const spy = vi.spyOn(reader.el, "querySelector");
    const spyAll = vi.spyOn(reader.el, "querySelectorAll");
    reader.paint(anns, null, COLORS);
    expect(spy).not.toHaveBeenCalled();
    // paintActive's two document-wide queries at most, not one per block
    expect(spyAll.mock.calls.length).toBeLessThanOrEqual(2);
    for (const a of anns) expect(reader.ranges.get(a.id)!.toString()).toBe(a.exact);
  });

  it("a colour change rebuilds only the block of that highlight; the other ranges are the same objects", () => {
    const a = ann(doc, 3, 2, 6);
    const b = ann(doc, 150, 1, 4);
    reader.paint([a, b], null, COLORS);
    const keptNode = reader.blockEl(150)!.firstChild;
    const keptRange = reader.ranges.get(b.id);
    const changed = { ...a, color: "red" };
    reader.paint([changed, b], null, COLORS);
    expect(reader.blockEl(150)!.firstChild).toBe(keptNode);
    expect(reader.ranges.get(b.id)).toBe(keptRange);
    expect(reader.ranges.get(a.id)!.toString()).toBe(a.exact);
    expect(reader.blockEl(3)!.querySelector("mark")!.className).toContain("k-red");
  });

  it("a removed highlight's block goes back to plain text", () => {
    const a = ann(doc, 3, 2, 6);
    reader.paint([a], null, COLORS);
    reader.paint([], null, COLORS);
    expect(reader.blockEl(3)!.querySelector("mark")).toBeNull();
    expect(reader.blockEl(3)!.textContent).toBe(doc.blocks[3]!.text);
    expect(reader.ranges.size).toBe(0);
  });

  it("a flash leaves the painted highlights' ranges whole (the card stays, a click still finds the note)", () => {
    vi.useFakeTimers();
    const a = ann(doc, 3, 2, 10);
    const inside = ann(doc, 3, 4, 6);
    reader.paint([a, inside], a.id, COLORS);
    const marksBefore = reader.blockEl(3)!.innerHTML;
    reader.flash(a.start + 1, a.end - 1);
    expect(reader.el.dataset.flash).toBe(`${a.start + 1}-${a.end - 1}`);
    for (const x of [a, inside]) expect(reader.ranges.get(x.id)!.toString()).toBe(x.exact);
    expect(reader.blockEl(3)!.innerHTML).toBe(marksBefore);
    vi.advanceTimersByTime(2000);
    expect(reader.el.dataset.flash).toBeUndefined();
    for (const x of [a, inside]) expect(reader.ranges.get(x.id)!.toString()).toBe(x.exact);
    expect(reader.blockEl(3)!.textContent).toBe(doc.blocks[3]!.text);
    expect(reader.el.querySelector("[data-testid=flash-layer]")).toBeNull();
  });

  it("leaving a document parks the old ranges before its DOM goes", () => {
    const anns = Array.from({ length: 50 }, (_, i) => ann(doc, i * 5, 1, 5));
    reader.paint(anns, null, COLORS);
    const old = [...reader.ranges.values()];
    reader.render(makeDoc(10, "other"));
    expect(reader.ranges.size).toBe(0);
    for (const r of old) {
      expect(r.collapsed).toBe(true);
      expect(r.startContainer).toBe(reader.el);
    }
    expect(reader.blockEl(299)).toBeNull();
    expect(reader.blockEl(9)!.textContent).toBe(`9${PARA}`);
  });
});
