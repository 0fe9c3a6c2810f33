// Colours come from the library: any key gets a CSS name that is a valid,
// unique identifier, and rules derived from its base hue, for both themes.
import { describe, expect, it } from "vitest";
import { colorClass, colorRules, highlightName, markClass, paletteRules, parseHex } from "../../src/colors";

const IDENT = /^-?[_a-zA-Z][_a-zA-Z0-9-]*$/;
const pink = { key: "pink", label: "粉", label_en: "Pink", rgb: "#f28cb1" };

describe("colour CSS names", () => {
  it("keeps plain keys readable", () => {
    expect(colorClass("yellow")).toBe("k-yellow");
    expect(colorClass("pink")).toBe("k-pink");
    expect(colorClass("light-blue2")).toBe("k-light-blue2");
  });

  it("spells any other key as a valid identifier", () => {
    for (const key of ["重点", "Pink", "a b", "x.y", "1st", "_", "-", "", "😀", 'a"];}body{', "k-_72"]) {
      expect(colorClass(key)).toMatch(IDENT);
    }
    expect(colorClass("粉")).toBe("k-_7c89");
  });

  it("never gives two keys one name", () => {
    const keys = ["pink", "Pink", "PINK", "_70", "p_", "粉", "粉色", "a b", "a-b", "a", "_61", "k-a"];
    const names = keys.map(colorClass);
    expect(new Set(names).size).toBe(keys.length);
  });
});

describe("colour rules", () => {
  it("reads only #rgb / #rrggbb", () => {
    expect(parseHex("#f2c94c")).toEqual([0xf2, 0xc9, 0x4c]);
    expect(parseHex("#FFF")).toEqual([255, 255, 255]);
    expect(parseHex("red")).toBeNull();
    expect(parseHex("#f2c94c; } body { display: none")).toBeNull();
  });

  it("paints a new colour in both themes: class variables and its custom highlight", () => {
    const rules = colorRules(pink);
    expect(rules).toHaveLength(6);
    expect(rules[0]).toMatch(/^\.k-pink \{ --k: .*#f28cb1.*; --k-hl: color-mix\(in srgb, #f28cb1 \d+%, transparent\); \}$/);
    expect(rules[1]).toMatch(/^:root\[data-theme="dark"\] \.k-pink \{/);
    expect(rules[2]).toMatch(/^::highlight\(k-pink\) \{ background-color: color-mix\(in srgb, #f28cb1 \d+%, transparent\); \}$/);
    expect(rules[3]).toMatch(/^:root\[data-theme="dark"\] ::highlight\(k-pink\)/);
    // a group member's highlight: a dashed underline, no fill
    expect(rules[4]).toMatch(/^::highlight\(theirs-k-pink\) \{ text-decoration: underline dashed .*#f28cb1.*; /);
    expect(rules[4]).not.toContain("background");
    expect(rules[5]).toMatch(/^:root\[data-theme="dark"\] ::highlight\(theirs-k-pink\) \{ text-decoration-color: /);
  });

  it("names a member's highlight apart from every colour's, and its <mark> carries both classes", () => {
    expect(highlightName("k-pink", false)).toBe("k-pink");
    expect(highlightName("k-pink", true)).toBe("theirs-k-pink");
    expect(IDENT.test(highlightName(colorClass("粉"), true))).toBe(true);
    expect(colorClass("theirs-k-pink")).not.toBe("theirs-k-pink");
    expect(markClass("theirs-k-pink")).toBe("theirs k-pink");
    expect(markClass("theirs-hl-other")).toBe("theirs hl-other");
    expect(markClass("k-pink")).toBe("k-pink");
  });

  it("tints light hues more than dark ones, so yellow reads on paper", () => {
    const tint = (rgb: string) => Number(/(\d+)%, transparent/.exec(colorRules({ ...pink, rgb })[2]!)![1]);
    expect(tint("#f2c94c")).toBeGreaterThan(tint("#2f80ed"));
  });

  it("puts nothing but a hex colour into the stylesheet", () => {
    const evil = { ...pink, key: "x", rgb: "red; } body { display: none" };
    const css = paletteRules([evil]).join("\n");
    expect(css).not.toContain("display");
    expect(css).not.toContain("red");
  });
});
