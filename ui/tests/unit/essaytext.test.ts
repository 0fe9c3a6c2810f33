// Pure helpers of the essay pane and of the 学习进度 display.
import { describe, expect, it } from "vitest";
import type { Coverage } from "../../src/bindings";
import { formatDuration, furthestSection, percent, unmarkedCount } from "../../src/coverage/format";
import { countLine, dropPosition, essayFileName, groupDigits, quoteInsertion, targetProgress } from "../../src/essay/text";
import { essayExportRequest } from "../../src/app/essayexport";
import { setLang, t } from "../../src/i18n";

const Q = "> 以史为鉴\n>\n> ——《讲话》";

describe("quoteInsertion", () => {
  it("puts the quotation in a block of its own, the caret on a fresh paragraph after it", () => {
    expect(quoteInsertion("", 0, 0, Q)).toBe(`${Q}\n\n`);
    expect(quoteInsertion("我认为", 3, 3, Q)).toBe(`\n\n${Q}\n\n`);
    expect(quoteInsertion("我认为\n", 4, 4, Q)).toBe(`\n${Q}\n\n`);
    expect(quoteInsertion("我认为\n\n", 5, 5, Q)).toBe(`${Q}\n\n`);
  });

  it("does not double the blank lines already after the caret", () => {
    expect(quoteInsertion("甲\n\n乙", 1, 1, Q)).toBe(`\n\n${Q}`);
    expect(quoteInsertion("甲\n乙", 1, 1, Q)).toBe(`\n\n${Q}\n`);
  });

  it("replaces a selection and trims the quotation's own blank lines", () => {
    expect(quoteInsertion("甲XX乙", 1, 3, `\n${Q}\n\n\n`)).toBe(`\n\n${Q}\n\n`);
  });
});

describe("dropPosition", () => {
  it("moves a drop to the end of the block it fell in, never inside a quotation", () => {
    const v = "甲乙丙\n\n> 引文一\n>\n> ——《讲话》\n\n丁";
    expect(dropPosition(v, 1)).toBe(3);
    expect(dropPosition(v, 8)).toBe(v.indexOf("\n\n丁"));
    expect(dropPosition("甲\n\n乙丙", 4)).toBe(5);
    expect(dropPosition(v, v.length - 1)).toBe(v.length - 1); // right after a blank line: stays
    expect(dropPosition(v, 5)).toBe(5); // at the start of a block: stays
    expect(dropPosition(v, 0)).toBe(0);
    expect(dropPosition("", 3)).toBe(0);
  });
});

describe("字数 line", () => {
  it("groups digits and shows the target", () => {
    setLang("zh-CN");
    expect(groupDigits(1234)).toBe("1,234");
    expect(countLine(1234, 1500, t)).toBe("1,234 / 1,500 字");
    expect(countLine(56, 0, t)).toBe("56 字");
    setLang("en");
    expect(countLine(1234, 1500, t)).toBe("1,234 / 1,500 chars");
    setLang("zh-CN");
  });

  it("measures the way to the target, capped", () => {
    expect(targetProgress(750, 1500)).toBe(0.5);
    expect(targetProgress(3000, 1500)).toBe(1);
    expect(targetProgress(300, 0)).toBe(0);
  });
});

describe("essay export", () => {
  it("names the file after the essay", () => {
    expect(essayFileName("docx", "《讲话》学习心得")).toBe("心得体会-《讲话》学习心得.docx");
    expect(essayFileName("md", "a/b: c?")).toBe("心得体会-a_b_ c_.md");
    expect(essayFileName("md", "  ")).toBe("心得体会.md");
  });

  it("leaves empty name and unit out", () => {
    expect(essayExportRequest("e1", "docx", "gbt", " 张三 ", "")).toEqual({ id: "e1", format: "docx", style: "gbt", author: "张三", unit: null });
  });
});

const cov = (over: Partial<Coverage> = {}): Coverage => ({
  doc_id: "d",
  reader: "me",
  sections: [
    { heading: null, title: "题", paragraphs: 1, read: 1, seconds: 10, marked: 0, unmarked: [0] },
    { heading: 1, title: "一、", paragraphs: 2, read: 1, seconds: 6, marked: 1, unmarked: [3] },
    { heading: 4, title: "二、", paragraphs: 1, read: 0, seconds: 0, marked: 0, unmarked: [5] },
  ],
  paragraphs: 4,
  read: 2,
  marked: 1,
  seconds: 16,
  read_blocks: [0, 2],
  furthest: 2,
  ...over,
});

describe("学习进度 in words", () => {
  it("per cent read, rounded down", () => {
    expect(percent(2, 3)).toBe(66);
    expect(percent(3, 3)).toBe(100);
    expect(percent(0, 0)).toBe(0);
  });

  it("durations", () => {
    setLang("zh-CN");
    expect(formatDuration(20, t)).toBe("不到 1 分钟");
    expect(formatDuration(75, t)).toBe("1 分钟");
    expect(formatDuration(4000, t)).toBe("1 小时 7 分钟");
    setLang("en");
    expect(formatDuration(600, t)).toBe("10 min");
    setLang("zh-CN");
  });

  it("the section the reader got to, and paragraphs without notes", () => {
    expect(furthestSection(cov())).toBe(1);
    expect(furthestSection(cov({ furthest: 5 }))).toBe(2);
    expect(furthestSection(cov({ furthest: null }))).toBe(-1);
    expect(unmarkedCount(cov())).toBe(3);
  });
});
