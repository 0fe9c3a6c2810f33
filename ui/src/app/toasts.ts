// Toasts: short messages stacked in the bottom-right corner, out of the
// text (errors in red), at most MAX at once (the oldest goes); an optional
// action (撤销 after a delete) works once, and a toast with a key is
// replaced or dismissed by a later one (an undone delete's toast goes).
import { h } from "../dom";
import { t } from "../i18n";
import type { Effect, Store, Unsubscribe } from "../state/store";

const MAX = 3;

export class Toasts {
  readonly el: HTMLElement;
  private off: Unsubscribe;
  private byKey = new Map<string, HTMLElement>();

  constructor(store: Store) {
    this.el = h("div", { class: "toasts", "aria-live": "polite", "data-testid": "toasts" });
    this.off = store.onEffect((e) => {
      if (e.kind === "toast") this.show(e);
      else if (e.kind === "dismissToast") this.byKey.get(e.key)?.remove();
    });
  }

  destroy(): void {
    this.off();
    this.el.remove();
  }

  private show(e: Extract<Effect, { kind: "toast" }>): void {
    const kind = e.error ? "error" : "info";
    const el = h("div", { class: `toast ${kind}`, role: e.error ? "alert" : "status", "data-testid": e.error ? "error-toast" : "toast" }, h("span", { class: "toast-msg" }, e.message));
    const key = e.key;
    const close = () => {
      el.remove();
      if (key && this.byKey.get(key) === el) this.byKey.delete(key);
    };
    const action = e.action;
    if (action) {
      const b = h("button", { class: "toast-action", type: "button", "data-testid": "toast-action" }, action.label);
      b.addEventListener("click", () => {
        if (b.disabled) return;
        b.disabled = true; // once
        close();
        action.run();
      });
      el.appendChild(b);
    }
    const x = h("button", { class: "toast-close", type: "button", "aria-label": t("close") }, "×");
    x.addEventListener("click", close);
    el.appendChild(x);
    if (key) {
      this.byKey.get(key)?.remove();
      this.byKey.set(key, el);
    }
    this.el.appendChild(el);
    while (this.el.childElementCount > MAX) this.el.firstElementChild!.remove();
    setTimeout(close, e.ms);
  }
}
