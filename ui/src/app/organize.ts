// 颜色与标签: rename what a colour means, list tags by use, filter the
// notes by a tag, rename a tag (merging into an existing one).
import type { Color } from "../bindings";
import type { TagCount } from "../bindings";
import { colorClass, colorLabelOf } from "../colors";
import { clear, h } from "../dom";
import { lang, t, type Key } from "../i18n";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";
import { openModal, type ModalHandle } from "./modal";
import { cleanColorLabel, planTagRename, sortTags } from "./organizelogic";

function colorName(key: string): string {
  const k = `col_${key}`;
  return ["col_yellow", "col_red", "col_green", "col_blue", "col_purple"].includes(k) ? t(k as Key) : key;
}

/** Opens the dialog; `onClose` runs when it closes (Esc, ×, the backdrop, a tag chosen). */
export class OrganizeDialog {
  private modal: ModalHandle;
  private colorList!: HTMLElement;
  private colorMsg!: HTMLElement;
  private tagList!: HTMLElement;
  /** The tag being renamed, if any. */
  private renaming: string | null = null;
  private busy = false;
  private off: Unsubscribe;

  constructor(
    root: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
    onClose: () => void,
  ) {
    const dialog = this.build();
    // the tag counts follow the store (a rename, a refresh)
    this.off = store.watch(["tags"], () => {
      if (this.renaming === null) this.renderTags();
    });
    this.modal = openModal(root, dialog, {
      initialFocus: this.colorList.querySelector<HTMLElement>("input"),
      onClose: () => {
        this.off();
        onClose();
      },
    });
    // the tag counts may be stale (notes edited meanwhile)
    void actions.refreshTags();
  }

  close(): void {
    this.modal.close();
  }

  private build(): HTMLElement {
    const x = h("button", { class: "tb-btn xb-x", type: "button", "aria-label": t("close"), title: t("close"), "data-testid": "organize-close" }, "×");
    x.addEventListener("click", () => this.close());
    this.colorList = h("ul", { class: "org-colors", "data-testid": "color-meanings" });
    this.colorMsg = h("p", { class: "org-msg", role: "alert", "data-testid": "color-msg" });
    this.tagList = h("ul", { class: "org-tags", "data-testid": "tag-list" });
    this.renderColors();
    this.renderTags();
    return h(
      "div",
      { class: "modal xb org", role: "dialog", "aria-modal": "true", "aria-labelledby": "org-title", "data-testid": "organize-dialog" },
      h("header", { class: "xb-head" }, h("h2", { id: "org-title" }, t("organize")), x),
      h(
        "div",
        { class: "xb-body" },
        h(
          "section",
          { class: "xb-section", "aria-labelledby": "org-h-colors" },
          h("h3", { id: "org-h-colors" }, t("colorMeanings")),
          h("p", { class: "org-hint" }, t("colorMeaningsHint")),
          this.colorList,
          this.colorMsg,
        ),
        h(
          "section",
          { class: "xb-section", "aria-labelledby": "org-h-tags" },
          h("h3", { id: "org-h-tags" }, t("tags")),
          h("p", { class: "org-hint" }, t("tagsHint")),
          this.tagList,
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- colours

  private renderColors(): void {
    clear(this.colorList);
    for (const c of this.store.state.colors) this.colorList.appendChild(this.colorRow(c));
  }

  private colorRow(c: Color): HTMLElement {
    const name = colorName(c.key);
    let saved = colorLabelOf(c, lang());
    const input = h("input", {
      class: "org-color-input",
      type: "text",
      maxlength: 16,
      spellcheck: "false",
      "aria-label": t("colorMeaningEdit", { c: name }),
      "data-testid": `color-label-${c.key}`,
    });
    input.value = saved;
    let inflight: string | null = null;
    const commit = async (fromBlur: boolean) => {
      const label = cleanColorLabel(input.value);
      if (label === null) {
        this.colorMsg.textContent = t("colorLabelEmpty");
        input.setAttribute("aria-invalid", "true");
        if (fromBlur) {
          input.value = saved;
          input.removeAttribute("aria-invalid");
        }
        return;
      }
      this.colorMsg.textContent = "";
      input.removeAttribute("aria-invalid");
      if (label === saved) {
        input.value = saved;
        return;
      }
      if (label === inflight) return; // Enter then blur: one save
      inflight = label;
      const colors = await this.actions.renameColor(c.key, label);
      inflight = null;
      if (!colors) {
        input.value = saved;
        return;
      }
      const now = colors.find((x) => x.key === c.key);
      saved = now ? colorLabelOf(now, lang()) : label;
      input.value = saved;
      row.classList.add("saved");
      setTimeout(() => row.classList.remove("saved"), 1200);
      this.actions.toast(t("colorRenamed", { c: name, l: saved }));
    };
    input.addEventListener("focus", () => input.select());
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        e.stopPropagation();
        if (!e.isComposing) void commit(false);
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        if (input.value === saved && !input.hasAttribute("aria-invalid")) {
          // nothing to cancel: Esc closes the dialog as usual
          this.close();
          return;
        }
        input.value = saved;
        input.removeAttribute("aria-invalid");
        this.colorMsg.textContent = "";
        input.select();
      }
    });
    // leaving the field saves (Esc has put the saved value back first)
    input.addEventListener("blur", () => void commit(true));
    const row = h("li", { class: `org-color ${colorClass(c.key)}`, "data-color": c.key }, h("span", { class: "swatch big", "aria-hidden": "true" }), h("span", { class: "org-cname" }, name), input);
    return row;
  }

  // ---------------------------------------------------------------- tags

  /** Re-renders the tag list (after the tags changed). */
  renderTags(focusTag?: string): void {
    if (!this.tagList) return;
    clear(this.tagList);
    const tags = sortTags(this.store.state.tags);
    if (tags.length === 0) {
      this.tagList.appendChild(h("li", { class: "org-empty" }, t("tagsNone")));
      return;
    }
    for (const tg of tags) this.tagList.appendChild(tg.name === this.renaming ? this.renameRow(tg, tags) : this.tagRow(tg));
    if (focusTag !== undefined) this.tagList.querySelector<HTMLElement>(`li[data-tag="${CSS.escape(focusTag)}"] .org-tag`)?.focus();
  }

  private tagRow(tg: TagCount): HTMLElement {
    const filter = h(
      "button",
      { class: "org-tag", type: "button", title: t("tagFilter", { t: tg.name }), "aria-label": `${t("tagFilter", { t: tg.name })} · ${t("tagNotes", { n: tg.count })}`, "data-testid": "org-tag" },
      h("span", { class: "tag" }, tg.name),
      h("span", { class: "org-count", "data-testid": "org-tag-count" }, String(tg.count)),
    );
    filter.addEventListener("click", () => {
      this.close();
      this.actions.showTag(tg.name);
    });
    const rename = h("button", { class: "btn small", type: "button", "aria-label": t("tagRenameOf", { t: tg.name }), "data-testid": "tag-rename" }, t("tagRename"));
    rename.addEventListener("click", () => {
      this.renaming = tg.name;
      this.renderTags();
      const input = this.tagList.querySelector<HTMLInputElement>(".org-tag-input");
      input?.focus();
      input?.select();
    });
    return h("li", { class: "org-tag-row", "data-tag": tg.name }, filter, rename);
  }

  private renameRow(tg: TagCount, tags: TagCount[]): HTMLElement {
    const from = tg.name;
    const input = h("input", { class: "org-tag-input", type: "text", maxlength: 40, spellcheck: "false", "aria-label": t("tagRenameOf", { t: from }), placeholder: t("tagNewName"), "data-testid": "tag-rename-input" });
    input.value = from;
    const note = h("p", { class: "org-note", "aria-live": "polite", "data-testid": "tag-rename-note" });
    const save = h("button", { class: "btn small primary", type: "button", "data-testid": "tag-rename-save" }, t("save"));
    const cancel = h("button", { class: "btn small", type: "button", "data-testid": "tag-rename-cancel" }, t("cancel"));
    const confirm = h("div", { class: "org-confirm", hidden: true, "data-testid": "tag-merge-confirm" });
    const li = h("li", { class: "org-tag-row editing", "data-tag": from }, h("div", { class: "org-edit" }, h("span", { class: "org-hash", "aria-hidden": "true" }, "#"), input, save, cancel), note, confirm);

    const others = tags.filter((x) => x.name !== from);
    const update = () => {
      const plan = planTagRename(from, input.value, others);
      note.classList.toggle("merge", plan.kind === "merge");
      note.classList.remove("error");
      input.removeAttribute("aria-invalid");
      note.textContent = plan.kind === "merge" ? t("tagMergeInto", { t: plan.to }) : "";
      save.textContent = plan.kind === "merge" ? t("tagMerge") : t("save");
    };
    const stop = () => {
      this.renaming = null;
      this.renderTags(from);
    };
    const submit = () => {
      const plan = planTagRename(from, input.value, others);
      if (plan.kind === "empty") {
        note.textContent = t("tagEmpty");
        note.classList.add("error");
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      if (plan.kind === "same") {
        stop();
        return;
      }
      if (plan.kind === "rename") {
        void this.doRename(from, plan.to, false);
        return;
      }
      // merging cannot be undone: ask first
      clear(confirm);
      const go = h("button", { class: "btn small danger-fill", type: "button", "data-testid": "tag-merge-go" }, t("tagMerge"));
      const back = h("button", { class: "btn small", type: "button", "data-testid": "tag-merge-cancel" }, t("cancel"));
      go.addEventListener("click", () => void this.doRename(from, plan.to, true));
      back.addEventListener("click", () => {
        confirm.hidden = true;
        input.disabled = save.disabled = false;
        input.focus();
      });
      confirm.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          back.click();
        }
      });
      confirm.append(h("p", { class: "org-confirm-text", role: "alert" }, t("tagMergeConfirm", { f: from, n: tg.count, t: plan.to, m: plan.count })), h("div", { class: "org-confirm-actions" }, back, go));
      confirm.hidden = false;
      input.disabled = save.disabled = true;
      go.focus();
    };
    input.addEventListener("input", update);
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        e.stopPropagation();
        if (!e.isComposing) submit();
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        stop();
      }
    });
    save.addEventListener("click", submit);
    cancel.addEventListener("click", stop);
    return li;
  }

  private async doRename(from: string, to: string, merge: boolean): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.renaming = null;
    const ok = await this.actions.renameTag(from, to);
    this.busy = false;
    if (ok) this.actions.toast(t(merge ? "tagMerged" : "tagRenamed", { f: from, t: to }));
    else this.renaming = from;
    this.renderTags(ok ? to : undefined);
  }
}
