import { describe, expect, it } from "vitest";
import { _dicts, detectLang, setLang, t } from "../../src/i18n";

describe("i18n", () => {
  it("has every key in both languages, non-empty", () => {
    const zh = Object.keys(_dicts["zh-CN"]).sort();
    expect(Object.keys(_dicts.en).sort()).toEqual(zh);
    for (const l of ["zh-CN", "en"] as const) for (const k of zh) expect(_dicts[l][k as keyof (typeof _dicts)["en"]]).not.toBe("");
  });

  it("is 简体中文 unless the reader chose English in the app; navigator.language is not followed", () => {
    expect(detectLang(null)).toBe("zh-CN");
    expect(detectLang("zh-CN")).toBe("zh-CN");
    expect(detectLang("en")).toBe("en");
    expect(detectLang("fr")).toBe("zh-CN");
  });

  it("interpolates parameters", () => {
    setLang("en");
    expect(t("indexing", { d: 2, n: 5 })).toBe("Rebuilding index 2/5");
    setLang("zh-CN");
    expect(t("indexing", { d: 2, n: 5 })).toBe("正在重建索引 2/5");
  });
});
