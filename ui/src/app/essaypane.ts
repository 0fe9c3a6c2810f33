// 心得体会: the writing pane beside the text (it takes turns with the notes
// panel; the margin's cards stay, each with "❝ 引用"). The essays of the
// open document in a list, a title, a plain Markdown textarea, 字数 against
// an optional target, the save status, export. The textarea owns the text
// being typed: a keystroke only hands it to the actions (autosave after a
// pause, 字数 counted by the core a moment later); the text is put into the
// textarea only when another essay is shown, never from a save's answer.
// A quotation (the core's Markdown) goes in at the caret through the
// editing commands, so the textarea's own undo takes it back.
import type { Essay } from "../bindings";
import { h } from "../dom";
import { NOTE_DRAG_TYPE, countLine, dropPosition, quoteInsertion, targetProgress } from "../essay/text";
import { t } from "../i18n";
import type { Actions } from "../state/actions";
import type { State, Store, Unsubscribe } from "../state/store";
import { openEssayExport } from "./essayexport";
import "../study.css";

export class EssayPane {
  readonly el: HTMLElement;
  private select: HTMLSelectElement;
  private titleInput: HTMLTextAreaElement;
  private ta: HTMLTextAreaElement;
  private countEl: HTMLElement;
  private fill: HTMLElement;
  private bar: HTMLElement;
  private targetInput: HTMLInputElement;
  private statusEl: HTMLElement;
  private emptyEl: HTMLElement;
  private editorEl: HTMLElement;
  private deleteBtn: HTMLButtonElement;
  private exportBtn: HTMLButtonElement;
  /** The essay whose text is in the textarea. */
  private shownId: string | null = null;
  /** Caret and scroll of each essay shown before, to go back to. */
  private places = new Map<string, { start: number; end: number; scroll: number }>();
  private optionsKey = "";
  private offs: Unsubscribe[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    const btn = (label: string, title: string, testid: string, fn: () => void, cls = "btn small") => {
      const b = h("button", { class: cls, type: "button", title, "data-testid": testid }, label);
      b.addEventListener("click", fn);
      return b;
    };
    this.select = h("select", { class: "ep-select", "aria-label": t("essayChoose"), "data-testid": "essay-select" });
    this.select.addEventListener("change", () => this.actions.selectEssay(this.select.value));
    const newBtn = btn(`＋ ${t("essayNew")}`, t("essayNewHint"), "essay-new", () => void this.actions.newEssay());
    this.exportBtn = btn(t("essayExport"), t("essayExportTitle"), "essay-export", () => this.openExport());
    this.deleteBtn = btn(t("essayDelete"), t("essayDelete"), "essay-delete", () => {
      if (this.shownId) void this.actions.deleteEssay(this.shownId);
    }, "btn small danger");
    const close = btn("×", t("close"), "essay-close", () => this.actions.toggleEssays(false), "tb-btn np-close");
    close.setAttribute("aria-label", t("close"));

    // a textarea that wraps a long title (one line of text: Enter goes to the essay)
    this.titleInput = h("textarea", { class: "ep-title", rows: 1, maxlength: 120, spellcheck: "false", "aria-label": t("essayTitleLabel"), "data-testid": "essay-title" });
    this.titleInput.addEventListener("input", () => {
      if (this.titleInput.value.includes("\n")) this.titleInput.value = this.titleInput.value.replace(/\s*\n\s*/g, " ");
      this.fitTitle();
      // an essay always has a title (the core refuses an empty one): a cleared field waits for words
      if (this.shownId && this.titleInput.value.trim()) this.actions.essayTitle(this.shownId, this.titleInput.value);
    });
    this.titleInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        this.ta.focus();
      }
    });
    this.titleInput.addEventListener("blur", () => {
      const e = this.shown();
      if (e && !this.titleInput.value.trim()) this.titleInput.value = e.title; // left empty: the title it had
      void this.actions.flushEssay();
    });

    this.ta = h("textarea", { class: "ep-body", lang: "zh-CN", spellcheck: "false", placeholder: t("essayPlaceholder"), "aria-label": t("essays"), "data-testid": "essay-body" });
    const typed = () => {
      if (this.shownId) this.actions.essayInput(this.shownId, this.ta.value);
    };
    this.ta.addEventListener("input", (e) => {
      // Pinyin being composed is not text yet: it counts when the word is chosen
      if (!(e as InputEvent).isComposing) typed();
    });
    this.ta.addEventListener("compositionend", typed);
    this.ta.addEventListener("blur", () => void this.actions.flushEssay());

    this.countEl = h("span", { class: "ep-count", "data-testid": "essay-count", "aria-live": "polite" });
    this.fill = h("span", { class: "ep-fill" });
    this.bar = h("span", { class: "ep-bar", "aria-hidden": "true" }, this.fill);
    this.targetInput = h("input", { class: "ep-target", type: "number", min: 0, step: 100, inputmode: "numeric", placeholder: "0", title: t("essayTargetHint"), "aria-label": t("essayTargetHint"), "data-testid": "essay-target" });
    this.targetInput.addEventListener("input", () => {
      if (this.shownId) this.actions.essayTarget(this.shownId, Number(this.targetInput.value));
    });
    this.statusEl = h("span", { class: "ep-status", role: "status", "data-testid": "essay-status" });

    this.editorEl = h(
      "div",
      { class: "ep-editor" },
      this.titleInput,
      this.ta,
      h(
        "div",
        { class: "ep-foot" },
        h("span", { class: "ep-progress" }, this.countEl, this.bar),
        h("label", { class: "ep-target-label" }, t("essayTarget"), this.targetInput, t("essayTargetUnit")),
        h("span", { class: "grow" }),
        this.statusEl,
      ),
    );
    const start = btn(t("essayStart"), t("essayNewHint"), "essay-start", () => void this.actions.newEssay(), "btn primary");
    this.emptyEl = h("div", { class: "ep-empty", "data-testid": "essay-empty" }, h("p", null, t("essayNone")), start);

    this.el = h(
      "aside",
      { class: "essay-pane", "aria-label": t("essays"), "data-testid": "essay-pane", hidden: true },
      h("div", { class: "ep-head" }, h("h2", { class: "ep-name" }, t("essays")), this.select, h("span", { class: "grow" }), newBtn, this.exportBtn, this.deleteBtn, close),
      this.editorEl,
      this.emptyEl,
      h("div", { class: "ep-drop", "aria-hidden": "true" }, t("essayDrop")),
    );
    this.dropTarget();

    const onLeave = () => this.actions.stashEssay();
    window.addEventListener("pagehide", onLeave);
    window.addEventListener("beforeunload", onLeave);
    this.offs.push(
      () => window.removeEventListener("pagehide", onLeave),
      () => window.removeEventListener("beforeunload", onLeave),
      // first: the desk narrows before the margin measures its passages
      store.watch(["essayOpen", "notesOpen"], (s) => this.showPane(s), { first: true }),
      store.watch(["essays", "essayId", "doc"], () => this.sync()),
      store.watch(["essayChars"], () => this.showCount()),
      store.watch(["essaySave"], () => this.showStatus()),
      store.onEffect((e) => {
        if (e.kind === "essayInsert") this.insert(e.id, e.text);
        else if (e.kind === "focusEssay") this.focus();
      }),
    );
    this.showPane(store.state);
    this.sync();
    this.showStatus();
  }

  destroy(): void {
    this.keepPlace();
    for (const off of this.offs) off();
    document.documentElement.classList.remove("essay-open");
    this.el.remove();
  }

  private get s(): Readonly<State> {
    return this.store.state;
  }

  private shown(): Essay | null {
    const s = this.s;
    return s.essays?.items.find((e) => e.id === s.essayId) ?? null;
  }

  /** Shown when asked for and the notes panel is not (they take turns). */
  private showPane(s: Readonly<State>): void {
    const open = s.essayOpen && !s.notesOpen;
    if (!open && !this.el.hidden) {
      this.keepPlace();
      void this.actions.flushEssay();
    }
    this.el.hidden = !open;
    document.documentElement.classList.toggle("essay-open", open);
    if (open) this.fitTitle();
  }

  /** Follows the list and the essay chosen; the textarea is filled only when another essay comes. */
  private sync(): void {
    const s = this.s;
    const items = s.essays && s.essays.docId === (s.doc?.id ?? s.essays.docId) ? s.essays.items : [];
    const e = items.find((x) => x.id === s.essayId) ?? null;
    const key = items.map((x) => `${x.id}\u0000${x.title}`).join("\u0001");
    if (key !== this.optionsKey) {
      this.optionsKey = key;
      this.select.replaceChildren(...items.map((x) => h("option", { value: x.id }, x.title.trim() || t("essayUntitled"))));
    }
    this.select.hidden = items.length < 2;
    if (e) this.select.value = e.id;
    const wasHidden = this.editorEl.hidden;
    this.editorEl.hidden = !e;
    if (wasHidden && e) this.fitTitle();
    this.emptyEl.hidden = !!e || !s.essays;
    this.deleteBtn.disabled = !e;
    this.exportBtn.disabled = !e;
    if (!e) {
      this.keepPlace();
      this.shownId = null;
      this.showCount();
      return;
    }
    if (e.id !== this.shownId) {
      this.keepPlace();
      this.shownId = e.id;
      this.ta.value = e.body;
      this.titleInput.value = e.title;
      this.fitTitle();
      this.targetInput.value = e.target ? String(e.target) : "";
      const p = this.places.get(e.id);
      const end = this.ta.value.length;
      this.ta.setSelectionRange(Math.min(p?.start ?? end, end), Math.min(p?.end ?? end, end));
      this.ta.scrollTop = p?.scroll ?? this.ta.scrollHeight;
    } else {
      // a save's answer: the title and target follow unless being typed
      if (document.activeElement !== this.titleInput && this.titleInput.value !== e.title) {
        this.titleInput.value = e.title;
        this.fitTitle();
      }
      if (document.activeElement !== this.targetInput && Number(this.targetInput.value || 0) !== e.target) this.targetInput.value = e.target ? String(e.target) : "";
    }
    this.showCount();
  }

  /** The title field as high as its lines. */
  private fitTitle(): void {
    if (this.el.hidden || this.editorEl.hidden) return;
    const ta = this.titleInput;
    ta.style.height = "auto";
    ta.style.height = `${ta.scrollHeight + 2}px`;
  }

  private keepPlace(): void {
    if (this.shownId) this.places.set(this.shownId, { start: this.ta.selectionStart, end: this.ta.selectionEnd, scroll: this.ta.scrollTop });
  }

  private showCount(): void {
    const e = this.shown();
    if (!e) {
      this.countEl.textContent = "";
      return;
    }
    const chars = this.s.essayChars ?? e.chars;
    this.countEl.textContent = countLine(chars, e.target, t);
    this.bar.hidden = e.target <= 0;
    this.fill.style.width = `${targetProgress(chars, e.target) * 100}%`;
    this.el.classList.toggle("ep-reached", e.target > 0 && chars >= e.target);
  }

  private showStatus(): void {
    const s = this.s.essaySave;
    this.statusEl.textContent = t(s === "saved" ? "essaySaved" : s === "saving" ? "essaySaving" : s === "error" ? "essayError" : "essayDirty");
    this.statusEl.dataset.state = s;
  }

  private focus(): void {
    if (this.el.hidden) return;
    if (this.shownId) this.ta.focus({ preventScroll: true });
    else this.emptyEl.querySelector("button")?.focus();
  }

  /**
   * Inserts a quotation at the caret (or over the selection) as typing
   * would: one step of the textarea's undo, and an input event (autosave).
   */
  private insert(id: string, quote: string): void {
    if (id !== this.shownId || this.el.hidden) return;
    const ta = this.ta;
    ta.focus({ preventScroll: true });
    const { selectionStart: start, selectionEnd: end } = ta;
    const text = quoteInsertion(ta.value, start, end, quote);
    // execCommand keeps the native undo stack; setRangeText is the fallback where it is refused
    if (!document.execCommand("insertText", false, text)) {
      ta.setRangeText(text, start, end, "end");
      ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: text }));
    }
  }

  /** A note card or list item dropped on the pane: its quotation goes after the paragraph it was dropped on. */
  private dropTarget(): void {
    const accepts = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes(NOTE_DRAG_TYPE);
    this.el.addEventListener("dragover", (e) => {
      if (!accepts(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = "copy";
      this.el.classList.add("ep-dropping");
    });
    this.el.addEventListener("dragleave", (e) => {
      if (!(e.relatedTarget instanceof Node) || !this.el.contains(e.relatedTarget)) this.el.classList.remove("ep-dropping");
    });
    this.el.addEventListener("drop", (e) => {
      this.el.classList.remove("ep-dropping");
      if (!accepts(e)) return;
      e.preventDefault();
      const id = e.dataTransfer!.getData(NOTE_DRAG_TYPE);
      if (!id) return;
      if (this.shownId && e.target === this.ta) {
        const pos = document.caretPositionFromPoint?.(e.clientX, e.clientY);
        if (pos && pos.offsetNode === this.ta) {
          const at = dropPosition(this.ta.value, pos.offset);
          this.ta.setSelectionRange(at, at);
        }
      }
      void this.actions.quoteToEssay(id);
    });
  }

  private openExport(): void {
    const e = this.shown();
    if (e) openEssayExport(this.root, { ...e, title: this.titleInput.value }, this.actions);
  }
}
