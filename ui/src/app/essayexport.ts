// 导出心得: an essay as Word (GB/T 9704 or plain, with 单位 and 姓名 in its
// title block) or Markdown, through the save dialog; the core writes the
// file (export_essay). The name is the one the export dialog remembers.
import type { Essay } from "../bindings";
import type { EssayExportRequest } from "../bindings";
import type { ExportStyle } from "../bindings";
import { h } from "../dom";
import { essayFileName } from "../essay/text";
import { t, type Key } from "../i18n";
import type { Actions } from "../state/actions";
import { getPref, setPref } from "../state/prefs";
import { exportFilters } from "./exportlogic";
import { pick, radios } from "./formparts";
import { openModal, type ModalHandle } from "./modal";

/** An essay goes to Word or Markdown (W3C has no place for it). */
type Format = "docx" | "md";

/** The request for export_essay from the dialog's fields (empty name and unit left out). */
export function essayExportRequest(id: string, format: Format, style: ExportStyle, author: string, unit: string): EssayExportRequest {
  const text = (s: string) => s.trim() || null;
  return { id, format, style, author: text(author), unit: text(unit) };
}

export function openEssayExport(root: HTMLElement, essay: Essay, actions: Actions): ModalHandle {
  let format: Format = pick(getPref("essayFormat"), ["docx", "md"] as const, "docx");
  let style: ExportStyle = pick(getPref("exportStyle"), ["gbt", "plain"] as const, "gbt");
  const card = (label: Key, hint: Key) => [h("span", { class: "xb-card-text" }, h("span", { class: "xb-card-title" }, t(label)), h("span", { class: "xb-card-hint" }, t(hint)))];
  const fileName = h("span", { class: "xb-file-name", "data-testid": "essay-export-file" });
  const styleGroup = h(
    "div",
    { class: "xb-seg", role: "radiogroup", "aria-labelledby": "ee-l-style" },
    radios("ee-style", "xb-pill", [["gbt", [h("span", null, t("styleGbt"))]], ["plain", [h("span", null, t("stylePlain"))]]] as Array<[ExportStyle, Node[]]>, style, (v) => {
      style = v;
      setPref("exportStyle", v);
    }),
  );
  const styleLabel = h("span", { class: "xb-label", id: "ee-l-style" }, t("exportStyle"));
  const sync = () => {
    const docx = format === "docx";
    styleLabel.classList.toggle("off", !docx);
    styleGroup.classList.toggle("off", !docx);
    styleGroup.querySelectorAll("input").forEach((i) => (i.disabled = !docx));
    fileName.textContent = essayFileName(format, essay.title, t("essayFilePrefix"));
  };
  const formats = h(
    "div",
    { class: "xb-formats ee-formats", role: "radiogroup", "aria-labelledby": "ee-l-format" },
    radios("ee-format", "xb-card", [["docx", card("essayFmtDocx", "essayFmtDocxHint")], ["md", card("fmtMd", "fmtMdHint")]] as Array<[Format, Node[]]>, format, (v) => {
      format = v;
      setPref("essayFormat", v);
      sync();
    }),
  );
  const unit = h("input", { id: "ee-unit", class: "xb-input", type: "text", maxlength: 60, placeholder: t("essayUnitPlaceholder"), "data-testid": "essay-export-unit" });
  unit.value = getPref("essayUnit") ?? "";
  const author = h("input", { id: "ee-author", class: "xb-input", type: "text", autocomplete: "name", maxlength: 40, placeholder: t("essayAuthorPlaceholder"), "data-testid": "essay-export-author" });
  author.value = getPref("exportReader") ?? "";
  const go = h("button", { class: "btn primary xb-go", type: "button", "data-testid": "essay-export-go" }, t("exportAction"));
  const x = h("button", { class: "tb-btn xb-x", type: "button", "aria-label": t("close"), title: t("close") }, "×");
  const dialog = h(
    "div",
    { class: "modal xb ee", role: "dialog", "aria-modal": "true", "aria-labelledby": "ee-title", "data-testid": "essay-export-dialog" },
    h("header", { class: "xb-head" }, h("h2", { id: "ee-title" }, t("essayExportTitle")), x),
    h(
      "div",
      { class: "xb-body" },
      h(
        "section",
        { class: "xb-section" },
        h("p", { class: "ee-essay" }, essay.title),
        h(
          "div",
          { class: "xb-grid" },
          h("span", { class: "xb-label", id: "ee-l-format" }, t("exportFormat")),
          formats,
          styleLabel,
          styleGroup,
          h("label", { class: "xb-label", for: "ee-unit" }, t("essayUnit")),
          unit,
          h("label", { class: "xb-label", for: "ee-author" }, t("essayAuthor")),
          author,
        ),
        h("div", { class: "xb-actions" }, h("span", { class: "xb-file" }, h("span", { class: "xb-file-k" }, t("exportFileAs")), fileName), go),
      ),
    ),
  );
  let busy = false;
  const run = async () => {
    if (busy) return;
    busy = true;
    go.disabled = true;
    go.textContent = t("exporting");
    setPref("essayUnit", unit.value.trim());
    setPref("exportReader", author.value.trim());
    try {
      const path = await actions.pickSavePath(essayFileName(format, essay.title, t("essayFilePrefix")), exportFilters(format));
      if (path) {
        const written = await actions.exportEssay(essayExportRequest(essay.id, format, style, author.value, unit.value), path);
        actions.toast(t("exported", { p: written }), undefined, 6000);
        modal.close();
      }
    } catch (e) {
      actions.error(e);
    } finally {
      busy = false;
      go.disabled = false;
      go.textContent = t("exportAction");
    }
  };
  go.addEventListener("click", () => void run());
  for (const input of [unit, author]) {
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        void run();
      }
    });
  }
  sync();
  const modal = openModal(root, dialog, { initialFocus: dialog.querySelector<HTMLElement>('input[name="ee-format"]:checked') });
  x.addEventListener("click", () => modal.close());
  return modal;
}
