import { describe, expect, it } from "vitest";
import { cleanColorLabel, cleanTagName, planTagRename, sortTags } from "../../src/app/organizelogic";
import { colorLabelOf } from "../../src/colors";

const yellow = { key: "yellow", label: "重点", label_en: "Key point", rgb: "#f2c94c" };

describe("colour labels", () => {
  it("shows the Chinese meaning in Chinese, the English one in English", () => {
    expect(colorLabelOf(yellow, "zh-CN")).toBe("重点");
    expect(colorLabelOf(yellow, "en")).toBe("Key point");
  });

  it("shows a renamed meaning in English too (rename_color renames the Chinese label)", () => {
    const renamed = { ...yellow, label: "必背" };
    expect(colorLabelOf(renamed, "zh-CN")).toBe("必背");
    expect(colorLabelOf(renamed, "en")).toBe("必背");
    // renamed back to the default: the built-in English word again
    expect(colorLabelOf({ ...renamed, label: "重点" }, "en")).toBe("Key point");
  });

  it("uses label_en for colours it has no default for, label when that is empty", () => {
    expect(colorLabelOf({ key: "pink", label: "粉", label_en: "Pink", rgb: "#f28cb1" }, "en")).toBe("Pink");
    expect(colorLabelOf({ key: "pink", label: "粉", label_en: "", rgb: "#f28cb1" }, "en")).toBe("粉");
  });

  it("refuses an empty label and tidies spaces", () => {
    expect(cleanColorLabel("  必背 ")).toBe("必背");
    expect(cleanColorLabel("must   know")).toBe("must know");
    expect(cleanColorLabel("   ")).toBeNull();
    expect(cleanColorLabel("")).toBeNull();
  });
});

describe("tag names and renames", () => {
  const tags = [
    { name: "政法", count: 2 },
    { name: "党史", count: 5 },
    { name: "作风", count: 2 },
  ];

  it("cleans a tag name like the store does", () => {
    expect(cleanTagName(" #党史 ")).toBe("党史");
    expect(cleanTagName("＃党史")).toBe("党史");
    expect(cleanTagName("教育  整顿")).toBe("教育 整顿");
    expect(cleanTagName(" # ")).toBeNull();
  });

  it("sorts most used first, then by name", () => {
    expect(sortTags(tags).map((x) => x.name)[0]).toBe("党史");
    expect(sortTags([{ name: "b", count: 1 }, { name: "c", count: 4 }, { name: "a", count: 1 }]).map((x) => x.name)).toEqual(["c", "a", "b"]);
    expect(tags[0]!.name).toBe("政法"); // not sorted in place
  });

  it("plans rename, merge, no-op and refusal", () => {
    expect(planTagRename("政法", "政法队伍", tags)).toEqual({ kind: "rename", to: "政法队伍" });
    expect(planTagRename("政法", " #党史", tags)).toEqual({ kind: "merge", to: "党史", count: 5 });
    expect(planTagRename("政法", " 政法 ", tags)).toEqual({ kind: "same" });
    expect(planTagRename("政法", "  ", tags)).toEqual({ kind: "empty" });
  });
});
