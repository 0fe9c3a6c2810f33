// Toasts: short messages at the bottom (errors in red), an optional action
// (撤销 after a delete); each closes by itself after a while.
import { h } from "../dom";
import { t } from "../i18n";
import type { Effect, Store, Unsubscribe } from "../state/store";

export class Toasts {
  readonly el: HTMLElement;
  private off: Unsubscribe;

  constructor(store: Store) {
    this.el = h("div", { class: "toasts", "aria-live": "polite" });
    this.off = store.onEffect((e) => {
      if (e.kind === "toast") this.show(e);
    });
  }

  destroy(): void {
    this.off();
    this.el.remove();
  }

  private show(e: Extract<Effect, { kind: "toast" }>): void {
    const kind = e.error ? "error" : "info";
    const el = h("div", { class: `toast ${kind}`, role: e.error ? "alert" : "status", "data-testid": e.error ? "error-toast" : "toast" }, h("span", { class: "toast-msg" }, e.message));
    const close = () => el.remove();
    const action = e.action;
    if (action) {
      const b = h("button", { class: "toast-action", type: "button", "data-testid": "toast-action" }, action.label);
      b.addEventListener("click", () => {
        close();
        action.run();
      });
      el.appendChild(b);
    }
    const x = h("button", { class: "toast-close", type: "button", "aria-label": t("close") }, "×");
    x.addEventListener("click", close);
    el.appendChild(x);
    this.el.appendChild(el);
    setTimeout(close, e.ms);
  }
}
