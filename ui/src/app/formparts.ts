// Pieces the dialogs share: a remembered choice read back safely, a group
// of radio buttons built from [value, content] pairs, and marking the field
// an error concerns.
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

/** Marks `el` as the field an error concerns; with `focus`, focuses and selects it. */
export function markInvalid(el: HTMLInputElement, focus: boolean): void {
  el.setAttribute("aria-invalid", "true");
  if (focus) {
    el.focus();
    el.select();
  }
}

/** Clears every mark of `fields`. */
export function unmarkAll(fields: Record<string, HTMLElement>): void {
  for (const el of Object.values(fields)) el.removeAttribute("aria-invalid");
}
