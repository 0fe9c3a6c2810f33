// Pure logic of the 颜色与标签 (colours & tags) dialog: colour labels per
// language, tag name cleaning, what a tag rename will do (rename or merge).
import type { Color } from "../bindings";
import type { TagCount } from "../bindings";
import type { Lang } from "../i18n";

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

/** A colour label as it will be saved, or null when it is empty. */
export function cleanColorLabel(s: string): string | null {
  const l = s.trim().replace(/\s+/g, " ");
  return l ? l : null;
}

/** A tag name as the store keeps it (no leading #, single spaces), or null when empty. */
export function cleanTagName(s: string): string | null {
  const n = s.trim().replace(/^[#＃]+/, "").trim().replace(/\s+/g, " ");
  return n ? n : null;
}

/** Most used first, then by name (Chinese collation). */
export function sortTags(tags: ReadonlyArray<TagCount>): TagCount[] {
  return [...tags].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh"));
}

export type TagRenamePlan =
  | { kind: "empty" }
  | { kind: "same" }
  | { kind: "rename"; to: string }
  | { kind: "merge"; to: string; count: number };

/** What renaming tag `from` to the typed `input` will do. */
export function planTagRename(from: string, input: string, tags: ReadonlyArray<TagCount>): TagRenamePlan {
  const to = cleanTagName(input);
  if (to === null) return { kind: "empty" };
  if (to === from) return { kind: "same" };
  const existing = tags.find((x) => x.name === to);
  return existing ? { kind: "merge", to, count: existing.count } : { kind: "rename", to };
}

