// The 学习小组 section of the 同步与小组 dialog: the group's location (the
// forms of a sync target), 我的名字 and the credentials; 加入小组, and once
// joined the members (name, notes, last exchange), 立即交换 and 退出小组
// (asked first). The result in a line, the field an error concerns marked,
// the last exchange's failure in words. The dialog (syncdialog.ts) mounts it
// and tells it when the status changes; what a group is and how an exchange
// goes are the core's.
import type { ApiError, Member } from "../bindings";
import { h } from "../dom";
import { exchangedLine, groupFieldFor, joinedGroup, memberLine, type GroupField } from "../group/logic";
import { t, type Key } from "../i18n";
import type { Actions } from "../state/actions";
import type { Store } from "../state/store";
import { ago, errorLine } from "../sync/logic";
import { confirmDialog } from "./confirm";
import { markInvalid, unmarkAll } from "./formparts";

type FieldName = GroupField | "user";
type Tone = "ok" | "error" | "busy";

export class GroupSection {
  readonly el: HTMLElement;
  private readonly fields: Record<FieldName, HTMLInputElement>;
  private readonly message: HTMLElement;
  private readonly current: HTMLElement;
  private readonly membersBox: HTMLElement;
  private readonly membersHead: HTMLElement;
  private readonly memberList: HTMLElement;
  private readonly joinBtn: HTMLButtonElement;
  private readonly nowBtn: HTMLButtonElement;
  private readonly leaveBtn: HTMLButtonElement;
  /** The button whose exchange is running (it says 交换中…). */
  private running: HTMLButtonElement | null = null;
  /** The fields were filled from the status (once: what is typed afterwards stays). */
  private filled = false;
  /** The members drawn, and the last exchange error shown from the status. */
  private membersKey = "";
  private errorKey = "";
  private closed = false;

  constructor(
    /** Where the confirmation opens (the app's root). */
    private readonly root: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    const input = (name: FieldName, type: "text" | "password") => {
      const el = h("input", { id: `gp-${name}`, class: "xb-input", type, autocomplete: "off", spellcheck: "false", "data-testid": `group-${name}`, "aria-describedby": `gp-${name}-hint` });
      el.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.isComposing) {
          e.preventDefault();
          void this.join();
        }
      });
      el.addEventListener("input", () => el.removeAttribute("aria-invalid"));
      return el;
    };
    this.fields = {
      url: input("url", "text"),
      name: input("name", "text"),
      user: input("user", "text"),
      password: input("password", "password"),
      passphrase: input("passphrase", "password"),
    };
    this.fields.url.placeholder = t("groupUrlPlaceholder");
    this.fields.name.placeholder = t("groupNamePlaceholder");
    this.fields.name.setAttribute("maxlength", "40");
    this.fields.name.removeAttribute("spellcheck");
    this.message = h("p", { class: "sy-message", role: "status", "aria-live": "polite", "data-testid": "group-message" });
    this.current = h("p", { class: "sy-current", "data-testid": "group-current", hidden: true });
    const button = (key: Key, testid: string, cls: string, fn: () => void) => {
      const b = h("button", { class: cls, type: "button", "data-testid": testid }, t(key));
      b.addEventListener("click", fn);
      return b;
    };
    this.joinBtn = button("groupJoin", "group-join", "btn primary", () => void this.join());
    this.nowBtn = button("groupNow", "group-now", "btn", () => void this.exchange());
    this.leaveBtn = button("groupLeave", "group-leave", "btn danger", () => void this.leave());
    this.membersHead = h("h4", { class: "gp-members-head", id: "gp-h-members" });
    this.memberList = h("ul", { class: "gp-members", "data-testid": "group-members" });
    this.membersBox = h("div", { class: "gp-members-box", role: "group", "aria-labelledby": "gp-h-members", hidden: true }, this.membersHead, this.memberList);
    this.el = this.build();
    this.update();
  }

  /** The dialog closed: answers still on their way are not shown. */
  destroy(): void {
    this.closed = true;
  }

  private build(): HTMLElement {
    const label = (name: FieldName, key: Key) => h("label", { class: "xb-label", for: `gp-${name}` }, t(key));
    const field = (name: FieldName, key: Key) => h("div", { class: "sy-field" }, this.fields[name], h("p", { class: "sy-hint", id: `gp-${name}-hint` }, t(key)));
    const grid = h(
      "div",
      { class: "xb-grid sy-grid" },
      label("url", "groupUrl"),
      field("url", "groupUrlHint"),
      label("name", "groupName"),
      field("name", "groupNameHint"),
      label("user", "syncUser"),
      field("user", "syncUserHint"),
      label("password", "syncPassword"),
      field("password", "syncPasswordHint"),
      label("passphrase", "syncPassphrase"),
      field("passphrase", "groupPassphraseHint"),
    );
    return h(
      "section",
      { class: "xb-section gp", "aria-labelledby": "gp-h", "data-testid": "group-section" },
      h("h3", { id: "gp-h" }, t("groupSection")),
      h("p", { class: "xb-blurb" }, t("groupBlurb")),
      this.current,
      this.membersBox,
      grid,
      h("div", { class: "xb-buttons gp-buttons" }, this.leaveBtn, h("span", { class: "grow" }), this.nowBtn, this.joinBtn),
      this.message,
    );
  }

  // ---------------------------------------------------------------- status

  /** Shows the group as the status has it (the dialog calls this when it changes). */
  update(): void {
    const st = this.store.state;
    const status = st.syncStatus;
    const g = joinedGroup(status);
    if (!this.filled && status) {
      this.filled = true;
      if (!this.fields.url.value) this.fields.url.value = g?.target ?? "";
      if (!this.fields.name.value) this.fields.name.value = status.group?.name ?? "";
    }
    const busy = st.groupBusy;
    this.nowBtn.hidden = !g;
    this.leaveBtn.hidden = !g;
    for (const b of [this.joinBtn, this.nowBtn, this.leaveBtn]) b.disabled = busy;
    this.joinBtn.textContent = t(busy && this.running === this.joinBtn ? "groupExchanging" : g ? "groupRejoin" : "groupJoin");
    this.nowBtn.textContent = t(busy && this.running === this.nowBtn ? "groupExchanging" : "groupNow");
    if (busy) this.el.setAttribute("aria-busy", "true");
    else this.el.removeAttribute("aria-busy");
    this.current.hidden = !g;
    if (g) {
      const parts = [t("groupCurrent", { u: g.target ?? "", n: g.name ?? "" }), t("groupShares", { d: g.shared_docs.length, n: g.shared_notes.length })];
      if (g.last_share) parts.push(t("groupLast", { t: ago(g.last_share, Date.now()) }));
      this.current.textContent = parts.join(t("listSep"));
    }
    this.showMembers(g ? g.members : null);
    // the last exchange's failure (the app's background ones too), once per error
    const err = g ? (status?.group_error ?? null) : null;
    const key = err ? `${err.code}\u0000${err.message}` : "";
    if (key !== this.errorKey) {
      this.errorKey = key;
      if (err && !busy) this.showError(err, false);
    }
  }

  private showMembers(members: ReadonlyArray<Member> | null): void {
    const now = Date.now();
    const key = members ? members.map((m) => `${m.id}\u0001${m.name}\u0001${m.notes}\u0001${ago(m.seen, now)}`).join("\u0002") : "\u0000";
    if (key === this.membersKey) return;
    this.membersKey = key;
    this.membersBox.hidden = !members;
    if (!members) return;
    this.membersHead.textContent = t("groupMembers", { n: members.length });
    if (!members.length) {
      this.memberList.replaceChildren(h("li", { class: "gp-member empty" }, t("groupNoMembers")));
      return;
    }
    this.memberList.replaceChildren(
      ...members.map((m) =>
        h("li", { class: "gp-member", "data-testid": "group-member", "data-member": m.id }, h("span", { class: "gp-member-name" }, m.name), h("span", { class: "gp-member-line" }, memberLine(m, now))),
      ),
    );
  }

  private say(text: string, tone: Tone): void {
    this.message.textContent = text;
    this.message.dataset.tone = tone;
  }

  /** Shows why an exchange failed and marks (with `focus`, focuses) the field concerned. */
  private showError(e: ApiError, focus = true): void {
    this.say(errorLine(e), "error");
    const f = groupFieldFor(e, this.fields.name.value);
    if (f) markInvalid(this.fields[f], focus);
  }

  private unmark(): void {
    unmarkAll(this.fields);
  }

  // ---------------------------------------------------------------- actions

  /** 加入小组 / 保存并交换 (also Enter in a field). */
  private async join(): Promise<void> {
    if (this.store.state.groupBusy) return;
    const url = this.fields.url.value.trim();
    const name = this.fields.name.value.trim();
    if (!url || !name) {
      this.unmark();
      const field: GroupField = url ? "name" : "url";
      this.say(errorLine({ code: "invalid", message: t(url ? "groupNameEmpty" : "groupUrlEmpty") }), "error");
      this.fields[field].setAttribute("aria-invalid", "true");
      this.fields[field].focus();
      return;
    }
    const { user, password, passphrase } = this.fields;
    await this.run(this.joinBtn, () => this.actions.joinGroup(url, name, user.value.trim(), password.value, passphrase.value));
  }

  /** 立即交换. */
  private async exchange(): Promise<void> {
    if (this.store.state.groupBusy) return;
    await this.run(this.nowBtn, () => this.actions.groupNow());
  }

  /** Runs an exchange from `btn` and shows how it went. */
  private async run(btn: HTMLButtonElement, exchange: () => Promise<ApiError | null>): Promise<void> {
    this.unmark();
    this.running = btn;
    this.say(t("groupExchanging"), "busy");
    this.update();
    const failed = await exchange();
    this.running = null;
    if (this.closed) return;
    this.update();
    if (failed) this.showError(failed);
    else {
      // the secrets are in the keychain now: not left in the page
      this.fields.password.value = "";
      this.fields.passphrase.value = "";
      this.say(exchangedLine(joinedGroup(this.store.state.syncStatus), Date.now()), "ok");
    }
    // a disabled button lost the focus: it comes back
    const dialog = this.el.closest<HTMLElement>('[role="dialog"]') ?? this.el;
    if (!dialog.contains(document.activeElement)) (btn.hidden ? this.joinBtn : btn).focus();
  }

  /** 退出小组, after asking. */
  private async leave(): Promise<void> {
    const yes = await confirmDialog(this.root, { title: t("groupLeaveTitle"), message: t("groupLeaveConfirm"), confirm: t("groupLeave") });
    if (!yes || this.closed) return;
    this.unmark();
    const failed = await this.actions.leaveGroup();
    if (this.closed) return;
    this.update();
    if (failed) {
      this.showError(failed);
      return;
    }
    this.say(t("groupLeft"), "ok");
    this.fields.url.focus();
  }
}
