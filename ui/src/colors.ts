// The library's highlight colours in the UI: what a colour means in the UI
// language, its CSS name, and the CSS rules that paint it. Keys are whatever
// the library holds ("yellow", "pink", 粉 after a restore…), so every name
// and rule is derived here from the key and the colour's base hue, never
// listed in CSS. Pure: colorsheet.ts puts the rules in the document.
import type { Color } from "./bindings";
import type { Lang } from "./i18n";

/** The Chinese meanings a new library starts with (crates/pizhu-model default_colors). */
export const DEFAULT_ZH_LABELS: Readonly<Record<string, string>> = {
  yellow: "重点",
  red: "存疑",
  green: "金句",
  blue: "联系实际",
  purple: "其他",
};

/**
 * What a colour means, in the UI language. `rename_color` renames the
 * Chinese meaning only, so once the reader has renamed it the English UI
 * shows the reader's own word rather than the stale built-in English one.
 */
export function colorLabelOf(c: Color, l: Lang): string {
  if (l !== "en") return c.label;
  const def = DEFAULT_ZH_LABELS[c.key];
  if (def !== undefined && c.label !== def && c.label.trim() !== "") return c.label;
  return c.label_en || c.label;
}

/** Highlight name and <mark> class of an annotation whose colour the library does not (or no longer) hold. */
export const OTHER_HIGHLIGHT = "hl-other";

/**
 * What starts the highlight name of a study-group member's highlight
 * (`theirs-k-yellow`, `theirs-hl-other`): no colour's name (`k-…`) nor the
 * app's own (`hl-…`) starts so.
 */
export const THEIRS = "theirs-";

/** The highlight name to paint under: the colour's (`cls`), or for a member's highlight its `theirs-` twin. */
export function highlightName(cls: string, theirs: boolean): string {
  return theirs ? `${THEIRS}${cls}` : cls;
}

/** The classes of a <mark> painted under highlight `name`: a member's gets `theirs` beside its colour's class. */
export function markClass(name: string): string {
  return name.startsWith(THEIRS) ? `theirs ${name.slice(THEIRS.length)}` : name;
}

/**
 * The CSS name of a colour key: the class on everything painted in it and
 * the name of its CSS custom highlight. A plain key stays readable
 * (`k-yellow`); any other is spelt in hex code points after `k-_`, which no
 * plain key can produce, so two keys never share a name and the result is
 * always a valid CSS identifier.
 */
export function colorClass(key: string): string {
  if (/^[a-z][a-z0-9-]*$/.test(key)) return `k-${key}`;
  return `k-${[...key].map((ch) => `_${ch.codePointAt(0)!.toString(16)}`).join("")}`;
}

/** #rgb / #rrggbb (the library's format), else null: nothing else goes into a stylesheet. */
export function parseHex(rgb: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(rgb.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance, 0 (black) … 1 (white). */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

const FALLBACK: [number, number, number] = [0x8a, 0x85, 0x7c];

const hex = (c: [number, number, number]) => `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Everything a colour paints, for both themes: `--k` (swatches, card and
 * quote borders) and `--k-hl` (<mark> highlights) on its class, its custom
 * highlight, and its members' twin (a dashed underline in the colour's ink,
 * no fill: a member's highlight never hides mine). Light hues get a stronger tint and a darker border so
 * yellow reads as well as blue on paper; the dark theme lightens borders.
 */
export function colorRules(c: Color): string[] {
  const base = parseHex(c.rgb) ?? FALLBACK;
  const rgb = hex(base);
  const l = luminance(base);
  const tint = Math.min(0.45, Math.max(0.2, 0.25 + (l - 0.25) * 0.4));
  const hlLight = `color-mix(in srgb, ${rgb} ${pct(tint)}, transparent)`;
  const hlDark = `color-mix(in srgb, ${rgb} ${pct(Math.min(0.4, tint + 0.04))}, transparent)`;
  const inkLight = l > 0.45 ? `color-mix(in srgb, ${rgb} 82%, #000)` : rgb;
  const inkDark = `color-mix(in srgb, ${rgb} 78%, #fff)`;
  const cls = colorClass(c.key);
  const dark = ':root[data-theme="dark"]';
  return [
    `.${cls} { --k: ${inkLight}; --k-hl: ${hlLight}; }`,
    `${dark} .${cls} { --k: ${inkDark}; --k-hl: ${hlDark}; }`,
    `::highlight(${cls}) { background-color: ${hlLight}; }`,
    `${dark} ::highlight(${cls}) { background-color: ${hlDark}; }`,
    `::highlight(${THEIRS}${cls}) { text-decoration: underline dashed ${inkLight}; text-decoration-thickness: 2px; text-underline-offset: 0.18em; }`,
    `${dark} ::highlight(${THEIRS}${cls}) { text-decoration-color: ${inkDark}; }`,
  ];
}

/** The rules for every colour of the library. */
export function paletteRules(colors: ReadonlyArray<Color>): string[] {
  return colors.flatMap(colorRules);
}
