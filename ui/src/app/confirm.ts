// An in-app confirmation for destructive actions. window.confirm cannot be
// trusted in the app: the dialog plugin replaces it with an async function
// whose Promise counted as "yes", so 清空回收站 emptied the trash unasked.
// This one is awaited, in the app's own style; Esc, the backdrop and 取消
// answer no, and the focus stays inside (modal.ts) and starts on 取消.
import { h } from "../dom";
import { t } from "../i18n";
import { openModal } from "./modal";

export interface ConfirmOptions {
  title: string;
  message: string;
  /** The label of the destructive button. */
  confirm: string;
}

/** Asks in a modal in `root`; resolves true only when the reader presses the destructive button. */
export function confirmDialog(root: HTMLElement, opts: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const yes = h("button", { class: "btn danger-fill", type: "button", "data-testid": "confirm-yes" }, opts.confirm);
    const no = h("button", { class: "btn", type: "button", "data-testid": "confirm-no" }, t("cancel"));
    const dialog = h(
      "div",
      { class: "modal confirm", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-text", "data-testid": "confirm-dialog" },
      h("h2", { id: "confirm-title" }, opts.title),
      h("p", { id: "confirm-text", class: "confirm-text" }, opts.message),
      h("div", { class: "modal-actions confirm-actions" }, no, yes),
    );
    const modal = openModal(root, dialog, { initialFocus: no, onClose: () => resolve(answer) });
    yes.addEventListener("click", () => {
      answer = true;
      modal.close();
    });
    no.addEventListener("click", () => modal.close());
  });
}
