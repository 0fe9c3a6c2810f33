// The margin's part of review: the quiet 复习卡 badge on a note's card, and
// on the open card the switch that turns its highlight's review card on or
// off, with 挖空… to choose what it hides. Used by margin.ts when it builds
// a card; the state is the store's `docCards`.
import type { Annotation } from "../bindings";
import { h } from "../dom";
import { t } from "../i18n";
import type { Actions } from "../state/actions";
import type { State } from "../state/store";

/** The badge in a card's head for a highlight that is a review card (null otherwise). */
export function cardBadge(s: Readonly<State>, a: Annotation): HTMLElement | null {
  if (!s.docCards.has(a.id)) return null;
  return h("span", { class: "card-review", title: t("cardBadge"), "data-testid": "card-review-badge" }, h("span", { "aria-hidden": "true" }, "复"), h("span", { class: "rv-sr" }, t("cardBadge")));
}

/** The open card's 复习卡 switch (and 挖空… when it is on). */
export function cardSwitch(s: Readonly<State>, a: Annotation, actions: Actions): HTMLElement[] {
  const on = s.docCards.has(a.id);
  const toggle = h(
    "button",
    { class: `btn card-review-toggle${on ? " on" : ""}`, type: "button", "aria-pressed": String(on), title: t(on ? "cardToggleOn" : "cardToggleOff"), "data-testid": "card-review-toggle" },
    t("cardToggle"),
  );
  toggle.addEventListener("click", (e) => {
    e.stopPropagation();
    void actions.setCardEnabled(a.id, !on);
  });
  if (!on) return [toggle];
  const edit = h("button", { class: "btn", type: "button", "data-testid": "card-review-blanks" }, t("reviewEditBlanks"));
  edit.addEventListener("click", (e) => {
    e.stopPropagation();
    actions.editBlanks(a.id);
  });
  return [toggle, edit];
}
