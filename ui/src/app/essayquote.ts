// 引用到心得 on a note: the "❝ 引用" button of a margin card or a notes-list
// item, and dragging either into the essay pane. Both ask the actions to
// quote the highlight; the pane inserts the core's quotation at the caret.
import type { Annotation } from "../bindings";
import { h } from "../dom";
import { t } from "../i18n";
import { NOTE_DRAG_TYPE } from "../essay/text";
import type { Actions } from "../state/actions";

/** The button; on a margin card it shows only while the essay pane is open (study.css). */
export function quoteButton(id: string, actions: Actions): HTMLButtonElement {
  const b = h("button", { class: "quote-btn", type: "button", title: t("essayQuoteHint"), "aria-label": t("essayQuoteHint"), "data-testid": "quote-to-essay" }, t("essayQuote"));
  b.addEventListener("click", (e) => {
    e.stopPropagation();
    void actions.quoteToEssay(id);
  });
  // Enter on the button is its click, not the list item's "go to the passage"
  b.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") e.stopPropagation();
  });
  return b;
}

/** Lets a note's card or list item be dragged into the essay pane (elsewhere it drops as its passage). */
export function draggableNote(el: HTMLElement, a: Annotation): void {
  el.draggable = true;
  el.addEventListener("dragstart", (e) => {
    if (!e.dataTransfer) return;
    e.dataTransfer.setData(NOTE_DRAG_TYPE, a.id);
    e.dataTransfer.setData("text/plain", a.exact);
    e.dataTransfer.effectAllowed = "copy";
  });
}
