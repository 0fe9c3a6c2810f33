// The top bar's sync status: 未同步 / 同步中… / 已同步 · 3 分钟前 / 待同步 N 条
// / 同步出错 (the error in its tooltip), a 冲突 N badge; a click opens the
// 同步与小组 dialog. Hidden until the status is known.
import { h } from "../dom";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";
import { syncLabel } from "../sync/logic";

/** "3 分钟前" moves on without a new status. */
const TICK_MS = 30_000;

export class SyncButton {
  readonly el: HTMLButtonElement;
  private off: Unsubscribe;
  private timer: ReturnType<typeof setInterval>;

  constructor(store: Store, actions: Actions) {
    const text = h("span", { class: "sy-label", "data-testid": "sync-label" });
    const badge = h("span", { class: "sy-badge", "data-testid": "sync-conflicts", "aria-hidden": "true" });
    this.el = h("button", { class: "tb-btn text sy-open", type: "button", "data-testid": "sync-status", hidden: true }, h("span", { class: "sy-dot", "aria-hidden": "true" }), text, badge);
    this.el.addEventListener("click", () => actions.openDialog("sync"));
    const show = () => {
      const s = store.state.syncStatus;
      this.el.hidden = !s;
      if (!s) return;
      const l = syncLabel(s, store.state.syncBusy, Date.now());
      text.textContent = l.text;
      badge.textContent = l.conflicts ? l.badge : "";
      badge.hidden = l.conflicts === 0;
      this.el.dataset.state = l.state;
      this.el.dataset.pending = String(s.info.pending > 0);
      this.el.dataset.conflicts = String(l.conflicts);
      this.el.title = l.title;
      this.el.setAttribute("aria-label", l.title);
      this.el.classList.toggle("on", store.state.dialog === "sync");
    };
    this.off = store.watch(["syncStatus", "syncBusy", "dialog"], show);
    this.timer = setInterval(show, TICK_MS);
    show();
  }

  destroy(): void {
    this.off();
    clearInterval(this.timer);
    this.el.remove();
  }
}
