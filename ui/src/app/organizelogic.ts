// Pure logic of the 颜色与标签 (colours & tags) dialog: label and tag name
// cleaning, what a tag rename will do (rename or merge).
import type { TagCount } from "../bindings";

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
