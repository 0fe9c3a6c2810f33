// 同步与小组: the sync target (a folder, WebDAV, S3) and its credentials;
// 保存并同步, 立即同步, 停止同步 (asked first); the result in a line, the field
// an error concerns marked; and the conflicts to resolve (a note changed on
// two computers at once). What a target may be, when to sync and how a
// conflict is kept are the core's: the dialog passes on what is typed and
// shows what comes back. The 学习小组 section below is groupsection.ts.
import type { ApiError, ConflictView, KeepText, SyncAccount } from "../bindings";
import { clear, h } from "../dom";
import { formatDate, t, type Key } from "../i18n";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";
import { errorLine, fieldFor, syncedLine, syncLabel, type SyncField } from "../sync/logic";
import { confirmDialog } from "./confirm";
import { markInvalid, unmarkAll } from "./formparts";
import { GroupSection } from "./groupsection";
import { openModal, type ModalHandle } from "./modal";

type FieldName = SyncField | "user";
type Tone = "ok" | "error" | "busy";

/** Where the focus goes after the conflict list is redrawn: the same conflict, else the one now at its place. */
interface FocusWish {
  index: number;
  id: string | null;
  keep: string | null;
}

/** Opens the dialog; `onClose` runs when it closes. */
export class SyncDialog {
  private modal: ModalHandle | null = null;
  private off: Unsubscribe = () => undefined;
  private readonly dialog: HTMLElement;
  private readonly fields: Record<FieldName, HTMLInputElement>;
  private readonly message: HTMLElement;
  private readonly current: HTMLElement;
  private readonly keychainNote: HTMLElement;
  private readonly saveBtn: HTMLButtonElement;
  private readonly nowBtn: HTMLButtonElement;
  private readonly forgetBtn: HTMLButtonElement;
  private readonly conflictsSection: HTMLElement;
  private readonly conflictsHead: HTMLElement;
  private readonly conflictList: HTMLElement;
  private readonly group: GroupSection;
  private account: SyncAccount | null = null;
  /** The button whose sync is running (it says 同步中…). */
  private running: HTMLButtonElement | null = null;
  private shownConflicts: ReadonlyArray<ConflictView> | null | undefined = undefined;
  private focusWish: FocusWish | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
    onClose: () => void,
  ) {
    const input = (id: string, testid: string, type: "text" | "password", describedBy: string | null) => {
      const el = h("input", { id, class: "xb-input", type, autocomplete: "off", spellcheck: "false", "data-testid": testid, "aria-describedby": describedBy });
      el.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.isComposing) {
          e.preventDefault();
          void this.save();
        }
      });
      // typing again takes the mark off
      el.addEventListener("input", () => el.removeAttribute("aria-invalid"));
      return el;
    };
    this.fields = {
      url: input("sy-url", "sync-url", "text", "sy-url-hint"),
      user: input("sy-user", "sync-user", "text", "sy-user-hint"),
      password: input("sy-password", "sync-password", "password", "sy-password-hint"),
      passphrase: input("sy-passphrase", "sync-passphrase", "password", "sy-passphrase-hint"),
    };
    this.fields.url.placeholder = t("syncUrlPlaceholder");
    this.fields.url.addEventListener("input", () => this.placeholders());
    this.message = h("p", { class: "sy-message", id: "sy-message", role: "status", "aria-live": "polite", "data-testid": "sync-message" });
    this.current = h("p", { class: "sy-current", "data-testid": "sync-current" });
    this.keychainNote = h("p", { class: "sy-keychain", "data-testid": "sync-keychain-note", hidden: true });
    const button = (key: Key, testid: string, cls: string, fn: () => void) => {
      const b = h("button", { class: cls, type: "button", "data-testid": testid }, t(key));
      b.addEventListener("click", fn);
      return b;
    };
    this.saveBtn = button("syncSave", "sync-save", "btn primary", () => void this.save());
    this.nowBtn = button("syncNow", "sync-now", "btn", () => void this.syncNow());
    this.forgetBtn = button("syncForget", "sync-forget", "btn danger", () => void this.forget());
    this.conflictsHead = h("h3", { id: "sy-h-conflicts", tabindex: -1 });
    this.conflictList = h("ul", { class: "sy-conflict-list" });
    this.conflictsSection = h(
      "section",
      { class: "xb-section sy-conflicts", "aria-labelledby": "sy-h-conflicts", "data-testid": "sync-conflicts-section", hidden: true },
      this.conflictsHead,
      h("p", { class: "xb-blurb" }, t("syncConflictsBlurb")),
      this.conflictList,
    );
    this.group = new GroupSection(root, store, actions);
    this.dialog = this.build();

    const s = store.state.syncStatus;
    this.modal = openModal(root, this.dialog, {
      initialFocus: s?.info.target ? this.nowBtn : this.fields.url,
      onClose: () => {
        this.modal = null;
        this.off();
        this.group.destroy();
        onClose();
      },
    });
    this.off = store.watch(["syncStatus", "syncBusy", "syncConflicts", "groupBusy"], (_, changed) => {
      if (changed.has("syncConflicts")) this.showConflicts();
      this.showStatus();
      if (changed.has("syncStatus") || changed.has("groupBusy")) this.group.update();
    });
    this.showStatus();
    this.showConflicts();
    if (s?.state === "error" && s.error) this.showError(s.error, false);
    // the test host sends no status events: ask now
    void actions.refreshSync();
    void actions.loadConflicts();
    void this.loadAccount();
  }

  close(): void {
    this.modal?.close();
  }

  // ---------------------------------------------------------------- building

  private build(): HTMLElement {
    const label = (forId: string, key: Key) => h("label", { class: "xb-label", for: forId }, t(key));
    const field = (el: HTMLInputElement, hint: Node) => h("div", { class: "sy-field" }, el, hint);
    const hint = (id: string, key: Key) => h("p", { class: "sy-hint", id }, t(key));
    const forms = h(
      "ul",
      { class: "sy-hint sy-forms", id: "sy-url-hint" },
      (["syncFormFolder", "syncFormDav", "syncFormS3"] as const).map((k) => h("li", null, t(k))),
    );
    const grid = h(
      "div",
      { class: "xb-grid sy-grid" },
      label("sy-url", "syncUrl"),
      field(this.fields.url, forms),
      label("sy-user", "syncUser"),
      field(this.fields.user, hint("sy-user-hint", "syncUserHint")),
      label("sy-password", "syncPassword"),
      field(this.fields.password, hint("sy-password-hint", "syncPasswordHint")),
      label("sy-passphrase", "syncPassphrase"),
      field(this.fields.passphrase, hint("sy-passphrase-hint", "syncPassphraseHint")),
    );
    const settings = h(
      "section",
      { class: "xb-section", "aria-labelledby": "sy-h-settings" },
      h("h3", { id: "sy-h-settings" }, t("syncSettings")),
      h("p", { class: "xb-blurb" }, t("syncBlurb")),
      this.current,
      grid,
      this.keychainNote,
      this.message,
    );
    const x = h("button", { class: "tb-btn xb-x", type: "button", "aria-label": t("close"), title: t("close"), "data-testid": "sync-close" }, "×");
    x.addEventListener("click", () => this.close());
    const closeBtn = h("button", { class: "btn", type: "button" }, t("close"));
    closeBtn.addEventListener("click", () => this.close());
    return h(
      "div",
      { class: "modal xb sy", role: "dialog", "aria-modal": "true", "aria-labelledby": "sy-title", "data-testid": "sync-dialog" },
      h("header", { class: "xb-head" }, h("h2", { id: "sy-title" }, t("syncDialog")), x),
      h("div", { class: "xb-body" }, this.conflictsSection, settings, this.group.el),
      h("footer", { class: "xb-foot" }, this.forgetBtn, h("span", { class: "grow" }), this.nowBtn, this.saveBtn, closeBtn),
    );
  }

  /** Fills the fields from the remembered target (what the reader typed meanwhile stays). */
  private async loadAccount(): Promise<void> {
    const a = await this.actions.syncAccount();
    if (!this.modal || !a) return;
    this.account = a;
    if (a.target && !this.fields.url.value) this.fields.url.value = a.target;
    if (a.user && !this.fields.user.value) this.fields.user.value = a.user;
    this.placeholders();
  }

  /** 已保存（留空则不变） in a secret's field when one is saved for the target typed. */
  private placeholders(): void {
    const a = this.account;
    // saved secrets belong to the remembered target: another address starts without
    const same = !!a?.target && this.fields.url.value.trim() === a.target;
    this.fields.password.placeholder = same && a.has_password ? t("syncSavedSecret") : "";
    this.fields.passphrase.placeholder = same && a.has_passphrase ? t("syncSavedSecret") : "";
  }

  // ---------------------------------------------------------------- status

  private showStatus(): void {
    const st = this.store.state;
    const s = st.syncStatus;
    const target = s?.info.target ?? null;
    this.nowBtn.hidden = !target;
    this.forgetBtn.hidden = !target;
    for (const b of [this.saveBtn, this.nowBtn, this.forgetBtn]) b.disabled = st.syncBusy;
    this.saveBtn.textContent = t(st.syncBusy && this.running === this.saveBtn ? "syncSyncing" : "syncSave");
    this.nowBtn.textContent = t(st.syncBusy && this.running === this.nowBtn ? "syncSyncing" : "syncNow");
    if (st.syncBusy) this.dialog.setAttribute("aria-busy", "true");
    else this.dialog.removeAttribute("aria-busy");
    this.current.hidden = !target;
    this.current.textContent = s && target ? `${t("syncTarget", { u: target })}${t("listSep")}${syncLabel(s, st.syncBusy, Date.now()).text}` : "";
    this.keychainNote.hidden = !s?.keychain_note;
    this.keychainNote.textContent = s?.keychain_note ?? "";
  }

  private say(text: string, tone: Tone): void {
    this.message.textContent = text;
    this.message.dataset.tone = tone;
  }

  /** Shows why a sync failed and marks (and with `focus`, focuses) the field concerned. */
  private showError(e: ApiError, focus = true): void {
    this.say(errorLine(e), "error");
    const f = fieldFor(e.code);
    if (f) markInvalid(this.fields[f], focus);
  }

  private unmark(): void {
    unmarkAll(this.fields);
  }

  // ---------------------------------------------------------------- actions

  /** 保存并同步 (also Enter in a field). */
  private async save(): Promise<void> {
    if (this.store.state.syncBusy) return;
    const url = this.fields.url.value.trim();
    if (!url) {
      this.unmark();
      this.showError({ code: "invalid", message: t("syncUrlEmpty") });
      return;
    }
    const { user, password, passphrase } = this.fields;
    await this.run(this.saveBtn, () => this.actions.configureSync(url, user.value.trim(), password.value, passphrase.value));
  }

  private async syncNow(): Promise<void> {
    if (this.store.state.syncBusy) return;
    await this.run(this.nowBtn, () => this.actions.syncNow());
  }

  /** Runs a sync from `btn` and shows how it went. */
  private async run(btn: HTMLButtonElement, sync: () => Promise<ApiError | null>): Promise<void> {
    this.unmark();
    this.running = btn;
    this.say(t("syncSyncing"), "busy");
    const failed = await sync();
    this.running = null;
    if (!this.modal) return;
    this.showStatus();
    if (failed) this.showError(failed);
    else {
      // the secrets are in the keychain now: not left in the page
      this.fields.password.value = "";
      this.fields.passphrase.value = "";
      const s = this.store.state.syncStatus;
      this.say(s ? syncedLine(s, Date.now()) : t("syncSynced"), "ok");
      void this.loadAccount();
    }
    // a disabled button lost the focus: it comes back
    if (!this.dialog.contains(document.activeElement)) (btn.hidden ? this.saveBtn : btn).focus();
  }

  /** 停止同步, after asking. */
  private async forget(): Promise<void> {
    const yes = await confirmDialog(this.root, { title: t("syncForgetTitle"), message: t("syncForgetConfirm"), confirm: t("syncForget") });
    if (!yes || !this.modal) return;
    this.unmark();
    const failed = await this.actions.forgetSync();
    if (!this.modal) return;
    if (failed) {
      this.showError(failed);
      return;
    }
    this.say(t("syncForgotten"), "ok");
    this.account = null;
    this.placeholders();
    this.fields.url.focus();
  }

  // ---------------------------------------------------------------- conflicts

  private showConflicts(): void {
    const list = this.store.state.syncConflicts;
    if (list === this.shownConflicts) return;
    this.shownConflicts = list;
    const wish = this.focusInList() ?? this.focusWish;
    this.focusWish = null;
    const items = list ?? [];
    this.conflictsSection.hidden = items.length === 0;
    this.conflictsHead.textContent = t("syncConflicts", { n: items.length });
    clear(this.conflictList);
    this.conflictList.append(...items.map((c) => this.conflictItem(c)));
    if (wish) this.restoreFocus(wish);
  }

  /** The conflict (and button) holding the focus, before the list is redrawn. */
  private focusInList(): FocusWish | null {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !this.conflictList.contains(active)) return null;
    const li = active.closest<HTMLElement>("li");
    if (!li) return null;
    return { index: [...this.conflictList.children].indexOf(li), id: li.dataset.id ?? null, keep: active.dataset.keep ?? null };
  }

  private restoreFocus(w: FocusWish): void {
    const items = [...this.conflictList.querySelectorAll<HTMLElement>("li[data-id]")];
    const li = items.find((x) => x.dataset.id === w.id) ?? items[Math.min(w.index, items.length - 1)];
    const target = li?.querySelector<HTMLElement>(`[data-keep="${w.keep ?? "this"}"]`) ?? li?.querySelector<HTMLElement>("button");
    (target ?? (this.nowBtn.hidden ? this.saveBtn : this.nowBtn)).focus();
  }

  private conflictItem(c: ConflictView): HTMLElement {
    const text = (s: string) => (s ? h("p", { class: "sy-text-body" }, s) : h("p", { class: "sy-text-body empty" }, t("syncConflictEmpty")));
    const keep = h("div", { class: "sy-keep", role: "group", "aria-label": c.quote });
    const li = h(
      "li",
      { class: "sy-conflict", "data-testid": "sync-conflict", "data-id": c.id },
      h("p", { class: "sy-conflict-doc" }, t("syncConflictDoc", { t: c.doc_title })),
      h("blockquote", { class: "sy-quote" }, h("mark", null, c.quote)),
      h(
        "div",
        { class: "sy-texts" },
        h("div", { class: "sy-text", "data-testid": "conflict-this" }, h("p", { class: "sy-text-head" }, t("syncConflictThis")), text(c.current)),
        h("div", { class: "sy-text other", "data-testid": "conflict-other" }, h("p", { class: "sy-text-head" }, t("syncConflictOtherAt", { d: formatDate(c.other_written) })), text(c.other)),
      ),
      keep,
    );
    const choices: Array<[KeepText, Key, string]> = [
      ["this", "keepThis", "keep-this"],
      ["other", "keepOther", "keep-other"],
      ["both", "keepBoth", "keep-both"],
    ];
    for (const [k, key, testid] of choices) {
      const b = h("button", { class: "btn", type: "button", "data-testid": testid, "data-keep": k }, t(key));
      b.addEventListener("click", () => void this.resolve(c, k, li));
      keep.append(b);
    }
    return li;
  }

  private async resolve(c: ConflictView, keep: KeepText, li: HTMLElement): Promise<void> {
    const buttons = [...li.querySelectorAll("button")];
    for (const b of buttons) b.disabled = true;
    this.focusWish = { index: [...this.conflictList.children].indexOf(li), id: null, keep: null };
    const ok = await this.actions.resolveConflict(c.id, keep);
    if (ok || !li.isConnected) return;
    this.focusWish = null;
    for (const b of buttons) b.disabled = false;
  }
}
