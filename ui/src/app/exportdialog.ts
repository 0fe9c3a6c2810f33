// 导出与备份: export study notes (Word / Markdown / W3C JSON-LD), back up
// the library to a zip, restore (merge) a backup, print the notes.
import type { ExportFormat } from "../bindings";
import type { ExportStyle } from "../bindings";
import type { RestoreSummary } from "../bindings";
import { clear, h } from "../dom";
import { t, type Key } from "../i18n";
import type { Actions } from "../state/actions";
import { getPref, setPref } from "../state/prefs";
import type { Store } from "../state/store";
import {
  BACKUP_FILTERS,
  backupFileName,
  baseName,
  buildExportRequest,
  effectiveTitle,
  exportFileName,
  exportFilters,
  restoreSummaryText,
  type ExportForm,
} from "./exportlogic";
import { pick, radios } from "./formparts";
import { openModal, type ModalHandle } from "./modal";

const FORMATS: Array<[ExportFormat, Key, Key]> = [
  ["docx", "fmtDocx", "fmtDocxHint"],
  ["md", "fmtMd", "fmtMdHint"],
  ["w3c", "fmtW3c", "fmtW3cHint"],
];

/** Opens the dialog; `onClose` runs when it closes. */
export class ExportDialog {
  private modal: ModalHandle | null = null;
  private dialog!: HTMLElement;
  private form!: ExportForm;
  private fileHint!: HTMLElement;
  private titleInput!: HTMLInputElement;
  private readerInput!: HTMLInputElement;
  private styleRow: HTMLElement[] = [];
  private textRows: HTMLElement[] = [];
  private w3cNote!: HTMLElement;
  private confirmBox!: HTMLElement;
  private resultEl!: HTMLElement;
  private busy = false;

  constructor(
    root: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
    onClose: () => void,
  ) {
    this.form = {
      format: pick(getPref("exportFormat"), ["docx", "md", "w3c"] as const, "docx"),
      scope: this.doc ? "doc" : "all",
      style: pick(getPref("exportStyle"), ["gbt", "plain"] as const, "gbt"),
      reader: getPref("exportReader") ?? "",
      title: "",
    };
    this.dialog = this.build();
    this.modal = openModal(root, this.dialog, {
      initialFocus: this.dialog.querySelector<HTMLElement>('input[name="xb-format"]:checked'),
      onClose: () => {
        this.modal = null;
        onClose();
      },
    });
  }

  /** The open document (export scope "this document"). */
  private get doc() {
    return this.store.state.doc;
  }

  close(): void {
    this.modal?.close();
  }

  // ---------------------------------------------------------------- building

  private build(): HTMLElement {
    const docTitle = this.doc?.title ?? null;


    // format: three cards
    const formatGroup = h(
      "div",
      { class: "xb-formats", role: "radiogroup", "aria-labelledby": "xb-l-format" },
      radios(
        "xb-format",
        "xb-card",
        FORMATS.map(([f, label, hint]) => [f, [h("span", { class: "xb-card-text" }, h("span", { class: "xb-card-title" }, t(label)), h("span", { class: "xb-card-hint" }, t(hint)))]] as [ExportFormat, Node[]]),
        this.form.format,
        (v) => {
          this.form.format = v;
          setPref("exportFormat", v);
          this.sync();
        },
      ),
    );
    const scopeGroup = h(
      "div",
      { class: "xb-seg", role: "radiogroup", "aria-labelledby": "xb-l-scope" },
      radios(
        "xb-scope",
        "xb-pill",
        [
          ["doc", [h("span", null, t("scopeDoc"))]],
          ["all", [h("span", null, t("scopeAll"))]],
        ] as Array<["doc" | "all", Node[]]>,
        this.form.scope,
        (v) => {
          this.form.scope = v;
          this.sync();
        },
      ),
    );
    if (!this.doc) scopeGroup.querySelector<HTMLInputElement>('input[value="doc"]')!.disabled = true;
    const styleGroup = h(
      "div",
      { class: "xb-seg", role: "radiogroup", "aria-labelledby": "xb-l-style" },
      radios(
        "xb-style",
        "xb-pill",
        [
          ["gbt", [h("span", null, t("styleGbt"))]],
          ["plain", [h("span", null, t("stylePlain"))]],
        ] as Array<[ExportStyle, Node[]]>,
        this.form.style,
        (v) => {
          this.form.style = v;
          setPref("exportStyle", v);
        },
      ),
    );
    this.readerInput = h("input", { id: "xb-reader", class: "xb-input", type: "text", autocomplete: "name", maxlength: 40, placeholder: t("exportReaderPlaceholder"), "data-testid": "export-reader" });
    this.readerInput.value = this.form.reader;
    this.readerInput.addEventListener("input", () => {
      this.form.reader = this.readerInput.value;
      this.sync();
    });
    this.titleInput = h("input", { id: "xb-title-in", class: "xb-input", type: "text", maxlength: 120, "data-testid": "export-title" });
    this.titleInput.addEventListener("input", () => {
      this.form.title = this.titleInput.value;
      this.sync();
    });
    for (const input of [this.readerInput, this.titleInput]) {
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          void this.doExport();
        }
      });
    }

    const label = (id: string, text: string, forId?: string) => (forId ? h("label", { class: "xb-label", id, for: forId }, text) : h("span", { class: "xb-label", id }, text));
    const styleLabel = label("xb-l-style", t("exportStyle"));
    const readerLabel = label("xb-l-reader", t("exportReader"), "xb-reader");
    const titleLabel = label("xb-l-title", t("exportTitle"), "xb-title-in");
    this.styleRow = [styleLabel, styleGroup];
    this.textRows = [readerLabel, this.readerInput, titleLabel, this.titleInput];
    this.w3cNote = h("p", { class: "xb-note", "data-testid": "export-w3c-note" }, t("exportW3cNote"));

    const grid = h(
      "div",
      { class: "xb-grid" },
      label("xb-l-format", t("exportFormat")),
      formatGroup,
      label("xb-l-scope", t("exportScope")),
      scopeGroup,
      styleLabel,
      styleGroup,
      readerLabel,
      this.readerInput,
      titleLabel,
      this.titleInput,
    );
    this.fileHint = h("span", { class: "xb-file-name", "data-testid": "export-file-name" });
    const fileLine = h("span", { class: "xb-file" }, h("span", { class: "xb-file-k" }, t("exportFileAs")), this.fileHint);
    const exportBtn = h("button", { class: "btn primary xb-go", type: "button", "data-testid": "export-go" }, t("exportAction"));
    exportBtn.addEventListener("click", () => void this.doExport());

    const exportSection = h(
      "section",
      { class: "xb-section", "aria-labelledby": "xb-h-export" },
      h("h3", { id: "xb-h-export" }, t("exportSection")),
      grid,
      this.w3cNote,
      h("div", { class: "xb-actions" }, fileLine, exportBtn),
    );

    // backup & restore
    const backupBtn = h("button", { class: "btn", type: "button", "data-testid": "backup-go" }, t("backupAction"));
    backupBtn.addEventListener("click", () => void this.doBackup());
    const restoreBtn = h("button", { class: "btn", type: "button", "data-testid": "restore-go" }, t("restoreAction"));
    restoreBtn.addEventListener("click", () => void this.pickRestore());
    this.confirmBox = h("div", { class: "xb-confirm", role: "group", "aria-labelledby": "xb-confirm-title", "data-testid": "restore-confirm", hidden: true });
    this.resultEl = h("div", { class: "xb-result", role: "status", "aria-live": "polite", "data-testid": "xb-result" });
    const backupSection = h(
      "section",
      { class: "xb-section", "aria-labelledby": "xb-h-backup" },
      h("h3", { id: "xb-h-backup" }, t("backupSection")),
      h("p", { class: "xb-blurb" }, t("backupBlurb")),
      h("div", { class: "xb-buttons" }, backupBtn, restoreBtn),
      this.confirmBox,
      this.resultEl,
    );

    const x = h("button", { class: "tb-btn xb-x", type: "button", "aria-label": t("close"), title: t("close"), "data-testid": "export-close" }, "×");
    x.addEventListener("click", () => this.close());
    const printBtn = h("button", { class: "btn", type: "button", "data-testid": "export-print", title: t("printHint") }, t("printNotes"));
    printBtn.addEventListener("click", () => {
      this.close();
      void this.actions.printNotes();
    });
    const closeBtn = h("button", { class: "btn", type: "button" }, t("close"));
    closeBtn.addEventListener("click", () => this.close());

    const dialog = h(
      "div",
      { class: "modal xb", role: "dialog", "aria-modal": "true", "aria-labelledby": "xb-title", "data-testid": "export-dialog" },
      h("header", { class: "xb-head" }, h("h2", { id: "xb-title" }, t("exportBackup")), x),
      h("div", { class: "xb-body" }, exportSection, backupSection),
      h("footer", { class: "xb-foot" }, printBtn, h("span", { class: "grow" }), closeBtn),
    );
    this.dialog = dialog;
    this.titleInput.placeholder = effectiveTitle(this.form, docTitle, t("exportTitleAll"));
    this.sync();
    return dialog;
  }

  /** Enables what applies to the chosen format and updates the file name. */
  private sync(): void {
    const docx = this.form.format === "docx";
    const w3c = this.form.format === "w3c";
    for (const el of this.styleRow) el.classList.toggle("off", !docx);
    this.styleRow[1]?.querySelectorAll("input").forEach((i) => (i.disabled = !docx));
    for (const el of this.textRows) el.classList.toggle("off", w3c);
    this.readerInput.disabled = w3c;
    this.titleInput.disabled = w3c;
    this.w3cNote.hidden = !w3c;
    const docTitle = this.doc?.title ?? null;
    this.titleInput.placeholder = effectiveTitle({ ...this.form, title: "" }, docTitle, t("exportTitleAll"));
    this.fileHint.textContent = this.defaultName();
  }

  private defaultName(): string {
    const title = effectiveTitle(this.form, this.doc?.title ?? null, t("exportTitleAll"));
    return exportFileName(this.form.format, title, t("exportFilePrefix"));
  }

  // ---------------------------------------------------------------- actions

  private async withBusy(btn: HTMLButtonElement | null, label: Key, fn: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const text = btn?.textContent ?? "";
    this.dialog.setAttribute("aria-busy", "true");
    this.dialog.querySelectorAll<HTMLButtonElement>(".xb-go, .xb-buttons .btn, .xb-confirm .btn").forEach((b) => (b.disabled = true));
    if (btn) btn.textContent = t(label);
    try {
      await fn();
    } catch (e) {
      this.actions.error(e);
      this.showResult(null);
    } finally {
      this.busy = false;
      if (btn) btn.textContent = text;
      this.dialog.removeAttribute("aria-busy");
      this.dialog.querySelectorAll<HTMLButtonElement>(".xb-go, .xb-buttons .btn, .xb-confirm .btn").forEach((b) => (b.disabled = false));
      if (btn?.isConnected && document.activeElement === document.body) btn.focus();
    }
  }

  async doExport(): Promise<void> {
    setPref("exportReader", this.form.reader.trim());
    const btn = this.dialog.querySelector<HTMLButtonElement>(".xb-go");
    await this.withBusy(btn, "exporting", async () => {
      const path = await this.actions.pickSavePath(this.defaultName(), exportFilters(this.form.format));
      if (!path) return;
      const request = buildExportRequest(this.form, this.doc?.id ?? null);
      const written = await this.actions.exportNotes(request, path);
      this.actions.toast(t("exported", { p: written }), undefined, 6000);
    });
  }

  async doBackup(): Promise<void> {
    const btn = this.dialog.querySelector<HTMLButtonElement>('[data-testid="backup-go"]');
    this.hideConfirm();
    await this.withBusy(btn, "backingUp", async () => {
      const path = await this.actions.pickSavePath(backupFileName(), BACKUP_FILTERS);
      if (!path) return;
      const s = await this.actions.backupLibrary(path);
      this.actions.toast(t("backedUp", { d: s.documents, n: s.annotations, p: s.path }), undefined, 6000);
    });
  }

  async pickRestore(): Promise<void> {
    const btn = this.dialog.querySelector<HTMLButtonElement>('[data-testid="restore-go"]');
    let path: string | null = null;
    await this.withBusy(btn, "restoreAction", async () => {
      path = await this.actions.pickOpenPath(BACKUP_FILTERS);
    });
    if (path) this.showConfirm(path);
  }

  private showConfirm(path: string): void {
    const box = this.confirmBox;
    clear(box);
    this.showResult(null);
    const go = h("button", { class: "btn primary", type: "button", "data-testid": "restore-confirm-go" }, t("restoreGo"));
    const cancel = h("button", { class: "btn", type: "button", "data-testid": "restore-confirm-cancel" }, t("cancel"));
    go.addEventListener("click", () => void this.doRestore(path));
    cancel.addEventListener("click", () => {
      this.hideConfirm();
      this.dialog.querySelector<HTMLElement>('[data-testid="restore-go"]')?.focus();
    });
    box.append(
      h("p", { class: "xb-confirm-title", id: "xb-confirm-title" }, t("restoreConfirmTitle", { f: baseName(path) })),
      h("p", { class: "xb-confirm-text" }, t("restoreConfirm")),
      h("div", { class: "xb-buttons end" }, cancel, go),
    );
    box.hidden = false;
    go.focus();
  }

  private hideConfirm(): void {
    this.confirmBox.hidden = true;
    clear(this.confirmBox);
  }

  async doRestore(path: string): Promise<void> {
    const btn = this.confirmBox.querySelector<HTMLButtonElement>('[data-testid="restore-confirm-go"]');
    await this.withBusy(btn, "restoring", async () => {
      const s = await this.actions.restoreBackup(path);
      this.hideConfirm();
      this.showResult(s);
      this.actions.toast(restoreSummaryText(s, t, this.sep()), undefined, 8000);
    });
    if (this.modal) this.dialog.querySelector<HTMLElement>('[data-testid="restore-go"]')?.focus();
  }

  private sep(): string {
    return document.documentElement.lang === "en" ? ", " : "，";
  }

  private showResult(s: RestoreSummary | null): void {
    clear(this.resultEl);
    if (!s) return;
    this.resultEl.appendChild(h("p", { class: "xb-result-line", "data-testid": "restore-summary" }, restoreSummaryText(s, t, this.sep())));
    if (s.skipped.length) {
      this.resultEl.append(
        h("p", { class: "xb-skipped-head" }, t("skippedHead")),
        h("ul", { class: "xb-skipped", "data-testid": "restore-skipped" }, s.skipped.map((x) => h("li", null, x))),
      );
    }
  }
}
