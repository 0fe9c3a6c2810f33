// The top bar's 复习 button: opens the review screen (also R on the desk);
// its badge counts the cards to look at now (due and today's new).
import { h } from "../dom";
import { t } from "../i18n";
import { dueNow } from "../review/logic";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";

export class ReviewButton {
  readonly el: HTMLButtonElement;
  private off: Unsubscribe;

  constructor(store: Store, actions: Actions) {
    const badge = h("span", { class: "rv-badge", "data-testid": "review-badge", "aria-hidden": "true" });
    this.el = h("button", { class: "tb-btn text rv-open", type: "button", "data-testid": "review-button", "aria-keyshortcuts": "R" }, t("reviewOpen"), badge);
    this.el.addEventListener("click", () => void actions.openReview());
    const show = () => {
      const c = store.state.reviewCounts;
      const n = dueNow(c);
      badge.textContent = n === 0 ? "" : n > 99 ? "99+" : String(n);
      badge.hidden = n === 0;
      this.el.dataset.due = String(n);
      const label = t("reviewOpenLabel", { d: c?.due ?? 0, n: c?.new ?? 0 });
      this.el.setAttribute("aria-label", label);
      this.el.title = label;
      this.el.classList.toggle("on", store.state.review !== null);
    };
    this.off = store.watch(["reviewCounts", "review"], show);
    show();
  }

  destroy(): void {
    this.off();
    this.el.remove();
  }
}
