import { describe, expect, it } from "vitest";
import type { Block } from "../../src/bindings";
import { sentences, stepSentence } from "../../src/layout/sentences";

const block = (index: number, start: number, text: string): Block => ({ index, kind: "paragraph", text, start, len: Array.from(text).length, lead: null });
const text = ["第一，学党史。要读“原文”。", "一是学习😀；二是思考"];
const blocks = [block(0, 0, text[0]!), block(1, Array.from(text[0]!).length + 1, text[1]!)];
const all = sentences(blocks);
const slice = (s: { start: number; end: number }) => Array.from(text.join("\n")).slice(s.start, s.end).join("");

describe("sentences for keyboard selection", () => {
  it("cut after end marks and the quotes that close them, in code points", () => {
    expect(all.map(slice)).toEqual(["第一，学党史。", "要读“原文”。", "一是学习😀；", "二是思考"]);
  });
  it("] and [ step, Shift extends, from the reading position when nothing is selected", () => {
    const first = stepSentence(all, null, 1, false, 0)!;
    expect(slice(first)).toBe("第一，学党史。");
    const second = stepSentence(all, first, 1, false, 0)!;
    expect(slice(second)).toBe("要读“原文”。");
    expect(slice(stepSentence(all, second, 1, true, 0)!)).toBe("要读“原文”。\n一是学习😀；");
    expect(slice(stepSentence(all, second, -1, false, 0)!)).toBe("第一，学党史。");
    expect(slice(stepSentence(all, null, 1, false, blocks[1]!.start)!)).toBe("一是学习😀；");
    const last = all[all.length - 1]!;
    expect(stepSentence(all, last, 1, false, 0)).toEqual(last);
  });
});
