// The margin's part of 学习小组: the member's name on their note's card, the
// one thing their open card offers (复制到我的批注), and on my open card the
// 共享 toggle for that one note. Used by margin.ts when it builds a card;
// the state is the store's syncStatus.group.
import type { Annotation } from "../bindings";
import { h } from "../dom";
import { joinedGroup, noteShare } from "../group/logic";
import { t } from "../i18n";
import type { Actions } from "../state/actions";
import type { State } from "../state/store";

/** The member's name, after the colour swatch of their note's card (null on mine). */
export function authorChip(a: Annotation): HTMLElement | null {
  if (!a.author) return null;
  return h("span", { class: "card-author", title: t("noteBy", { n: a.author.name }), "data-testid": "note-author" }, a.author.name);
}

/** 复制到我的批注: all a member's open card offers. */
export function copyButton(a: Annotation, actions: Actions): HTMLButtonElement {
  const b = h("button", { class: "btn primary", type: "button", title: t("copyNoteHint"), "data-testid": "note-copy" }, t("copyNote"));
  b.addEventListener("click", (e) => {
    e.stopPropagation();
    b.disabled = true;
    void actions.copyNote(a.id).finally(() => (b.disabled = false));
  });
  return b;
}

/** What the share toggle of `a`'s card shows ("" when there is none): a card is rebuilt when it changes. */
export function shareKey(s: Readonly<State>, a: Annotation): string {
  return noteShare(joinedGroup(s.syncStatus), a) ?? "";
}

/**
 * My open card's 共享 toggle (null when no group is joined): pressed when
 * the note is shared by itself or with its whole document; the latter is
 * undone in the document menu, so the toggle then only says so.
 */
export function shareToggle(s: Readonly<State>, a: Annotation, actions: Actions): HTMLButtonElement | null {
  const how = noteShare(joinedGroup(s.syncStatus), a);
  if (!how) return null;
  const on = how !== "off";
  const title = t(how === "doc" ? "shareNoteByDoc" : on ? "shareNoteOn" : "shareNoteOff");
  const b = h(
    "button",
    { class: `btn card-share${on ? " on" : ""}`, type: "button", "aria-pressed": String(on), title, "aria-label": `${t("shareNote")}：${title}`, "data-testid": "note-share", "data-share": how },
    t("shareNote"),
  );
  if (how === "doc") b.disabled = true;
  b.addEventListener("click", (e) => {
    e.stopPropagation();
    if (how === "doc") return;
    void actions.setShared("annotation", a.id, !on);
  });
  return b;
}
