// 关于: version and data folder (from the backend's app_info), licence,
// the keyboard shortcuts.
import type { AppInfo } from "../bindings";
import { h } from "../dom";
import { t } from "../i18n";
import { openModal } from "./modal";

/** Opens the About dialog (with "…" where `info` is missing); `onClose` runs when it closes. */
export function openAbout(root: HTMLElement, info: AppInfo | null, onClose: () => void): { close(): void } {
  const close = h("button", { class: "btn primary", type: "button", "data-testid": "about-close" }, t("close"));
  const dialog = h(
    "div",
    { class: "modal", role: "dialog", "aria-modal": "true", "aria-labelledby": "about-title", "data-testid": "about" },
    h("div", { class: "about-mark" }, "批"),
    h("h2", { id: "about-title" }, "批注 Pizhu"),
    h("p", { class: "about-blurb" }, t("aboutBlurb")),
    h(
      "dl",
      { class: "about-dl" },
      h("dt", null, t("version")),
      h("dd", { "data-testid": "about-version" }, info?.version ?? "…"),
      h("dt", null, t("dataDir")),
      h("dd", { class: "mono" }, info?.data_dir ?? "…"),
      h("dt", null, t("license")),
      h("dd", null, t("licenseValue")),
    ),
    h("p", { class: "about-keys" }, t("shortcuts")),
    h("div", { class: "modal-actions" }, close),
  );
  const modal = openModal(root, dialog, { initialFocus: close, onClose });
  close.addEventListener("click", () => modal.close());
  return modal;
}
