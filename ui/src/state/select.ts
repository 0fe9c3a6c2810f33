// Values derived from the store's state, memoised where the views ask often.
import type { Annotation, Author } from "../bindings";
import { lang, t } from "../i18n";
import { colorLabelOf } from "../colors";
import type { State } from "./store";

const sortedCache = new WeakMap<ReadonlyMap<string, Annotation>, Annotation[]>();

/** The open document's annotations in text order (the margin's and the reader's order). */
export function sortedAnnotations(s: State): Annotation[] {
  let list = sortedCache.get(s.annotations);
  if (!list) {
    list = [...s.annotations.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    sortedCache.set(s.annotations, list);
  }
  return list;
}

/** What a colour means, in the UI language (the key itself for a colour the library lacks). */
export function colorLabel(s: State, key: string): string {
  const c = s.colors.find((x) => x.key === key);
  return c ? colorLabelOf(c, lang()) : key;
}

export function tagNames(s: State): string[] {
  return s.tags.map((x) => x.name);
}

export function docTitle(s: State, id: string): string {
  return s.docs.find((d) => d.id === id)?.title ?? t("unknownDoc");
}

/**
 * The colour ✎ 批注 (and N) highlights in: the library's first colour, its
 * default meaning (重点), shown on the button — not silently the last one used.
 */
export function noteColor(s: State): string {
  return s.colors[0]?.key ?? s.lastColor;
}

/**
 * Who wrote note `id`, as far as the UI holds it (the open document's notes,
 * the notes panel's list): a group member, null for mine, undefined when
 * the note is in neither (a search hit elsewhere: SearchHit does not say).
 */
export function noteAuthor(s: State, id: string): Author | null | undefined {
  const a = s.annotations.get(id) ?? s.notesList?.items.find((x) => x.id === id);
  return a ? (a.author ?? null) : undefined;
}
