import { describe, expect, it, beforeEach } from "vitest";
import {
  cpLength,
  cpRangesToUtf16,
  cpToUtf16,
  domPointToOffset,
  findBlock,
  offsetsToRange,
  rangeToOffsets,
  readBlocks,
  sliceCp,
  utf16ToCp,
} from "../../src/anchoring/offsets";

describe("code points <-> UTF-16", () => {
  it("counts BMP, CJK and astral characters", () => {
    expect(cpLength("")).toBe(0);
    expect(cpLength("abc")).toBe(3);
    expect(cpLength("党史学习")).toBe(4);
    expect(cpLength("😀")).toBe(1);
    expect(cpLength("𠀀")).toBe(1);
    expect("😀𠀀".length).toBe(4);
    expect(cpLength("a😀b𠀀c")).toBe(5);
  });

  it("counts zero-width and combining characters as code points", () => {
    expect(cpLength("a\u200bb")).toBe(3); // zero-width space
    expect(cpLength("e\u0301")).toBe(2); // combining acute
    expect(cpLength("\ufeff")).toBe(1);
    expect(cpLength("👩\u200d💻")).toBe(3); // ZWJ sequence = 3 code points
  });

  it("treats lone surrogates as one code point each", () => {
    expect(cpLength("\ud83d")).toBe(1);
    expect(cpLength("a\ude00b")).toBe(3);
    expect(cpToUtf16("\ud83dx", 1)).toBe(1);
  });

  it("converts code point offsets to UTF-16 indices", () => {
    const s = "a😀b𠀀c";
    expect([0, 1, 2, 3, 4, 5].map((i) => cpToUtf16(s, i))).toEqual([0, 1, 3, 4, 6, 7]);
    expect(cpToUtf16(s, 99)).toBe(s.length);
    expect(cpToUtf16(s, -3)).toBe(0);
  });

  it("converts UTF-16 indices to code points, rounding down inside a pair", () => {
    const s = "a😀b𠀀c";
    expect([0, 1, 3, 4, 6, 7].map((u) => utf16ToCp(s, u))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(utf16ToCp(s, 2)).toBe(1); // between the halves of 😀
    expect(utf16ToCp(s, 5)).toBe(3); // between the halves of 𠀀
    expect(utf16ToCp(s, 100)).toBe(5);
  });

  it("round-trips every offset", () => {
    const s = "第一,😀深入𠀀学习\u200b党史👩\u200d💻。";
    for (let cp = 0; cp <= cpLength(s); cp++) expect(utf16ToCp(s, cpToUtf16(s, cp))).toBe(cp);
  });

  it("slices by code points", () => {
    expect(sliceCp("a😀b𠀀c", 1, 4)).toBe("😀b𠀀");
    expect(sliceCp("党史学习教育", 2)).toBe("学习教育");
    expect(sliceCp("abc", 2, 1)).toBe("");
    expect(cpRangesToUtf16("😀ab", [[1, 2]])).toEqual([[2, 3]]);
  });
});

// The reader's DOM: blocks joined by "\n" in the document text.
const BLOCKS = ["——副标题😀", "一、标题", "第一,深入𠀀学习。正文\u200b内容", "a😀b"];

function renderBlocks(): HTMLElement {
  const root = document.createElement("article");
  let start = 0;
  BLOCKS.forEach((text, i) => {
    const p = document.createElement("p");
    p.dataset.block = String(i);
    p.dataset.start = String(start);
    p.dataset.len = String(cpLength(text));
    if (i === 2) {
      const strong = document.createElement("strong");
      strong.textContent = "第一,深入𠀀学习。";
      p.append(strong, document.createTextNode("正文\u200b内容"));
    } else {
      p.textContent = text;
    }
    root.appendChild(p);
    start += cpLength(text) + 1;
  });
  document.body.replaceChildren(root);
  return root;
}

const docText = BLOCKS.join("\n");

describe("DOM ranges <-> document offsets", () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = renderBlocks();
  });

  it("reads block spans in code points", () => {
    const spans = readBlocks(root);
    expect(spans.map((b) => [b.start, b.len])).toEqual([
      [0, 6],
      [7, 4],
      [12, 14],
      [27, 3],
    ]);
    expect(findBlock(spans, 6, true)).toBe(1); // the "\n" after block 0 starts block 1
    expect(findBlock(spans, 6, false)).toBe(0);
    expect(findBlock(spans, 13, false)).toBe(2);
  });

  it("maps every offset range to a DOM range with the same text", () => {
    const spans = readBlocks(root);
    for (const b of spans) {
      for (let s = b.start; s < b.start + b.len; s++) {
        for (let e = s + 1; e <= b.start + b.len; e++) {
          const r = offsetsToRange(spans, s, e)!;
          expect(r.toString()).toBe(sliceCp(docText, s, e));
          expect(rangeToOffsets(root, r)).toEqual({ start: s, end: e });
        }
      }
    }
  });

  it("handles ranges across blocks and inline elements", () => {
    const spans = readBlocks(root);
    const start = cpLength("——副标题"); // at 😀
    const end = 12 + cpLength("第一,深入𠀀学"); // inside <strong>
    const r = offsetsToRange(spans, start, end)!;
    expect(r.startContainer.textContent).toBe("——副标题😀");
    expect(r.endContainer.parentElement!.tagName).toBe("STRONG");
    expect(rangeToOffsets(root, r)).toEqual({ start, end });
    // astral character at a node boundary
    const astral = offsetsToRange(spans, 28, 29)!;
    expect(astral.toString()).toBe("😀");
    // zero-width space inside the text node after <strong>
    const zw = sliceCp(docText, 12 + 10, 12 + 13);
    expect(zw).toBe("文\u200b内");
    expect(offsetsToRange(spans, 22, 25)!.toString()).toBe(zw);
  });

  it("maps DOM points, including element positions", () => {
    const p2 = root.querySelector('[data-block="2"]')!;
    const strongText = p2.firstChild!.firstChild!;
    expect(domPointToOffset(strongText, 0)).toBe(12);
    expect(domPointToOffset(strongText, "第一,深入𠀀".length)).toBe(12 + 6);
    expect(domPointToOffset(p2, 1)).toBe(12 + cpLength("第一,深入𠀀学习。")); // after <strong>
    expect(domPointToOffset(p2, 2)).toBe(12 + 14); // end of block
    expect(domPointToOffset(p2, 0)).toBe(12);
    // a point in the middle of a surrogate pair rounds down
    const last = root.querySelector('[data-block="3"]')!.firstChild!;
    expect(domPointToOffset(last, 2)).toBe(28);
    expect(domPointToOffset(root, 0)).toBeNull();
  });

  it("clamps range ends that fall between blocks", () => {
    const r = document.createRange();
    r.setStart(root, 1); // before block 1
    r.setEnd(root, 3); // after block 2
    expect(rangeToOffsets(root, r)).toEqual({ start: 7, end: 26 });
  });

  it("ignores text in data-offsets-skip elements and returns null for empty ranges", () => {
    const p0 = root.querySelector('[data-block="0"]')!;
    const skip = document.createElement("span");
    skip.setAttribute("data-offsets-skip", "");
    skip.textContent = "[1]";
    p0.prepend(skip);
    const spans = readBlocks(root);
    expect(offsetsToRange(spans, 0, 2)!.toString()).toBe("——");
    expect(offsetsToRange(spans, 3, 3)).toBeNull();
    expect(offsetsToRange([], 0, 1)).toBeNull();
  });

  it("keeps working when highlights wrap text in <mark>", () => {
    const p2 = root.querySelector('[data-block="2"]')!;
    const text = p2.lastChild as Text; // 正文\u200b内容
    const mid = text.splitText(2);
    const mark = document.createElement("mark");
    p2.insertBefore(mark, mid);
    mark.appendChild(mid);
    const spans = readBlocks(root);
    const s = 12 + 9;
    const r = offsetsToRange(spans, s, s + 5)!;
    expect(r.toString()).toBe("正文\u200b内容");
    expect(rangeToOffsets(root, r)).toEqual({ start: s, end: s + 5 });
  });
});
