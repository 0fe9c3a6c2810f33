// The blank editor (挖空): a card's sentence, character by character; the
// characters chosen (click, drag, or the keyboard) become the cloze's
// blanks, sent to the core relative to the sentence. Nothing chosen hides
// the highlight again (the core's default). Opens over the review screen or
// the desk, for the store's `blanksCard`.
import type { ReviewCard } from "../bindings";
import { h } from "../dom";
import { t } from "../i18n";
import { blanksFromMask, maskFromBlanks, paintMask, promptOf } from "../review/logic";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";
import { openModal, type ModalHandle } from "./modal";

export class BlanksEditor {
  private modal: ModalHandle | null = null;
  private cardId: string | null = null;
  private off: Unsubscribe;

  constructor(
    private readonly root: HTMLElement,
    store: Store,
    private readonly actions: Actions,
  ) {
    this.off = store.watch(["blanksCard"], (s) => this.show(s.blanksCard));
  }

  destroy(): void {
    this.off();
    this.modal?.close();
  }

  private show(card: ReviewCard | null): void {
    if (card && card.card === this.cardId && this.modal) return;
    const m = this.modal;
    this.modal = null;
    this.cardId = null;
    m?.close();
    if (card) this.open(card);
  }

  private open(card: ReviewCard): void {
    const chars = Array.from(card.sentence);
    let mask = maskFromBlanks(chars.length, card.blanks);
    let cur = Math.max(0, card.blanks[0]?.start ?? 0);
    /** A drag: where it began, the mask before it, and what it paints. */
    let drag: { from: number; base: boolean[]; value: boolean } | null = null;

    const cells = chars.map((c, i) =>
      h("span", { class: "bl-ch", role: "option", id: `bl-c-${i}`, "data-i": i, "aria-selected": "false", "data-testid": "blank-char" }, c),
    );
    const list = h(
      "div",
      { class: "bl-chars", role: "listbox", "aria-multiselectable": "true", "aria-label": t("blanksSentence"), tabindex: 0, lang: "zh-CN", "data-testid": "blank-chars" },
      cells,
    );
    const preview = h("p", { class: "bl-preview", lang: "zh-CN", "data-testid": "blank-preview", "aria-live": "polite" });
    const paint = () => {
      cells.forEach((el, i) => {
        el.classList.toggle("on", !!mask[i]);
        el.setAttribute("aria-selected", String(!!mask[i]));
        el.classList.toggle("cur", i === cur);
      });
      list.setAttribute("aria-activedescendant", `bl-c-${cur}`);
      preview.textContent = mask.some(Boolean) ? promptOf(card.sentence, mask) : t("blanksDefault");
    };

    const at = (e: Event): number | null => {
      const el = e.target instanceof Element ? e.target.closest<HTMLElement>(".bl-ch") : null;
      return el ? Number(el.dataset.i) : null;
    };
    list.addEventListener("mousedown", (e) => {
      const i = at(e);
      if (i === null || e.button !== 0) return;
      e.preventDefault(); // no text selection; the focus goes to the list
      list.focus({ preventScroll: true });
      drag = { from: i, base: mask, value: !mask[i] };
      cur = i;
      mask = paintMask(drag.base, i, i, drag.value);
      paint();
    });
    list.addEventListener("mouseover", (e) => {
      const i = at(e);
      if (!drag || i === null) return;
      cur = i;
      mask = paintMask(drag.base, drag.from, i, drag.value);
      paint();
    });
    const endDrag = () => (drag = null);
    document.addEventListener("mouseup", endDrag);
    list.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const last = chars.length - 1;
      let to: number | null = null;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") to = Math.min(last, cur + 1);
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") to = Math.max(0, cur - 1);
      else if (e.key === "Home") to = 0;
      else if (e.key === "End") to = last;
      if (to !== null) {
        e.preventDefault();
        // Shift carries the state of the character left onto the ones reached
        if (e.shiftKey) mask = paintMask(mask, cur, to, !!mask[cur]);
        cur = to;
        paint();
        return;
      }
      if (e.key === " " || e.key === "Enter") {
        if (e.key === "Enter" && e.target !== list) return;
        e.preventDefault();
        if (e.key === "Enter") return void save();
        mask = paintMask(mask, cur, cur, !mask[cur]);
        paint();
      }
    });

    const saveBtn = h("button", { class: "btn primary", type: "button", "data-testid": "blanks-save" }, t("save"));
    const cancel = h("button", { class: "btn", type: "button", "data-testid": "blanks-cancel" }, t("cancel"));
    const reset = h("button", { class: "btn", type: "button", "data-testid": "blanks-reset" }, t("blanksReset"));
    const save = () => void this.actions.saveBlanks(card.card, blanksFromMask(mask));
    saveBtn.addEventListener("click", save);
    cancel.addEventListener("click", () => this.actions.closeBlanks());
    reset.addEventListener("click", () => void this.actions.saveBlanks(card.card, []));

    const dialog = h(
      "div",
      { class: "modal bl", role: "dialog", "aria-modal": "true", "aria-labelledby": "bl-title", "aria-describedby": "bl-hint", "data-testid": "blanks-editor" },
      h("h2", { id: "bl-title" }, t("blanksTitle")),
      h("p", { id: "bl-hint", class: "rv-muted" }, t("blanksHint")),
      list,
      h("p", { class: "bl-label" }, t("blanksPreview")),
      preview,
      h("div", { class: "rv-row" }, reset, h("span", { class: "grow" }), cancel, saveBtn),
    );
    paint();
    this.cardId = card.card;
    this.modal = openModal(this.root, dialog, {
      initialFocus: list,
      onClose: () => {
        document.removeEventListener("mouseup", endDrag);
        if (this.modal) {
          // closed by Esc or the backdrop
          this.modal = null;
          this.cardId = null;
          this.actions.closeBlanks();
        }
      },
    });
    this.modal.back.addEventListener("keydown", (e) => e.stopPropagation());
  }
}
