// Pieces the export dialogs share: a remembered choice read back safely,
// and a group of radio buttons built from [value, content] pairs.
import { h } from "../dom";

/** `v` if it is one of `allowed`, else `fallback` (a stored preference may be stale). */
export function pick<T extends string>(v: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(v ?? "") ? (v as T) : fallback;
}

/** Labelled radio inputs named `name`, `value` checked; `fn` hears the new choice. */
export function radios<T extends string>(name: string, cls: string, items: Array<[T, Node[]]>, value: T, fn: (v: T) => void): HTMLElement[] {
  return items.map(([v, content]) => {
    const input = h("input", { type: "radio", name, value: v, "data-testid": `${name}-${v}` });
    input.checked = v === value;
    input.addEventListener("change", () => {
      if (input.checked) fn(v);
    });
    return h("label", { class: cls }, input, content);
  });
}
