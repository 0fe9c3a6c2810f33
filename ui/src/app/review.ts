// The review screen (复习) and the self-test (自测), one modal that shows
// the store's `review`: a card's cloze with its source, Space shows the
// answer, 1–4 rate it (each button with the card's next interval); a done
// screen with the sitting's counts; a self-test chosen, answered blank by
// blank and marked by the core. The cards of a sitting are drawn into the
// same elements each time (no rebuild), so the next card is on screen in
// the frame after the key.
import type { Rating, ReviewCard } from "../bindings";
import { h } from "../dom";
import { t } from "../i18n";
import { clozeSegments, currentCard, intervalFor, intervalParts, isFinished, RATINGS, reviewKey, TEST_SIZES, type ReviewScreen, type Session } from "../review/logic";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";
import { openModal, type ModalHandle } from "./modal";

/** "3天", "10分钟": the wait a grade gives, in the UI's words. */
export function intervalText(minutes: number): string {
  const { n, unit } = intervalParts(minutes);
  return t(`iv_${unit}`, { n });
}

/** Where a card's sentence is from: 《title》 · section. */
function sourceText(card: ReviewCard): string {
  return `《${card.doc_title}》 · ${card.section ?? t("reviewNoSection")}`;
}

/**
 * A cloze sentence as nodes: each blank hidden as one ＿ per character
 * (with words for screen readers), or filled with its words (`filled`:
 * the reader's answers per blank, else the hidden words themselves).
 */
export function clozeNodes(card: ReviewCard, mode: "hidden" | "answer"): Node[] {
  return clozeSegments(card.sentence, card.blanks).map((seg) => {
    if (seg.blank === null) return document.createTextNode(seg.text);
    if (mode === "answer") return h("mark", { class: "rv-filled", "data-testid": "review-filled" }, seg.text);
    return h("span", { class: "rv-blank" }, h("span", { "aria-hidden": "true" }, "＿".repeat(seg.chars)), h("span", { class: "rv-sr" }, t("reviewBlank", { n: seg.chars })));
  });
}

function isTyping(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.isContentEditable);
}

export class ReviewView {
  private modal: ModalHandle | null = null;
  private dialog: HTMLElement | null = null;
  private body: HTMLElement | null = null;
  private counts: HTMLElement | null = null;
  private tabReview: HTMLButtonElement | null = null;
  private tabTest: HTMLButtonElement | null = null;
  /** What the body shows now ("review", "done", "test:3"…), so a redraw of the same screen keeps its elements. */
  private shown = "";
  private card: CardPane | null = null;
  private off: Unsubscribe;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    this.off = store.watch(["review", "reviewCounts"], (s, changed) => {
      if (changed.has("review")) this.show(s.review);
      else this.showCounts();
    });
    if (store.state.review) this.show(store.state.review);
  }

  destroy(): void {
    this.off();
    this.modal?.close();
  }

  private show(r: ReviewScreen | null): void {
    if (!r) {
      const m = this.modal;
      this.modal = null;
      m?.close();
      return;
    }
    if (!this.modal) this.open();
    this.tabReview!.setAttribute("aria-pressed", String(r.kind === "review"));
    this.tabTest!.setAttribute("aria-pressed", String(r.kind !== "review"));
    this.showCounts();
    if (r.kind === "review") this.showReview(r.session);
    else if (r.kind === "testSetup") this.showTestSetup(r);
    else if (r.kind === "test") this.showTest(r);
    else this.showResult(r);
  }

  private open(): void {
    const close = h("button", { class: "tb-btn rv-x", type: "button", "aria-label": t("close"), title: t("close"), "data-testid": "review-close" }, "×");
    this.tabReview = h("button", { class: "rv-tab", type: "button", "data-testid": "review-tab-review" }, t("reviewTabReview"));
    this.tabTest = h("button", { class: "rv-tab", type: "button", "data-testid": "review-tab-test" }, t("reviewTabTest"));
    this.counts = h("span", { class: "rv-counts", "data-testid": "review-counts" });
    this.body = h("div", { class: "rv-body" });
    this.shown = "";
    this.card = null;
    const dialog = h(
      "div",
      { class: "modal rv", role: "dialog", "aria-modal": "true", "aria-labelledby": "rv-title", "data-testid": "review", tabindex: -1 },
      h(
        "div",
        { class: "rv-head" },
        h("h2", { id: "rv-title", class: "rv-sr" }, t("reviewDialog")),
        h("span", { class: "rv-tabs", role: "group", "aria-label": t("reviewTabs") }, this.tabReview, this.tabTest),
        this.counts,
        h("span", { class: "grow" }),
        close,
      ),
      this.body,
    );
    this.dialog = dialog;
    this.tabReview.addEventListener("click", () => void this.actions.openReview());
    this.tabTest.addEventListener("click", () => this.actions.openSelfTest());
    close.addEventListener("click", () => this.actions.closeReview());
    dialog.addEventListener("keydown", (e) => this.onKey(e));
    this.modal = openModal(this.root, dialog, {
      initialFocus: dialog,
      onClose: () => {
        this.dialog = null;
        this.root.classList.remove("reviewing");
        if (this.modal) {
          // closed by Esc or the backdrop
          this.modal = null;
          this.actions.closeReview();
        }
      },
    });
    // The desk's shortcuts (/, ] [, 1–9 on a selection…) stay out while the screen is up.
    this.modal.back.addEventListener("keydown", (e) => e.stopPropagation());
    // A screen of its own: the desk under it is hidden, not painted again with
    // each card (WebKitGTK repainted it and a blurred shadow per card: ~100 ms).
    this.modal.back.classList.add("rv-back");
    this.root.classList.add("reviewing");
  }

  private showCounts(): void {
    const c = this.store.state.reviewCounts;
    if (!this.counts) return;
    this.counts.textContent = c ? [t("reviewDue", { n: c.due }), t("reviewNew", { n: c.new }), t("reviewDoneToday", { n: c.doneToday })].join(" · ") : "";
  }

  /** Puts `el` in the body as screen `key` (unless it is already shown); returns whether it was replaced. */
  private screen(key: string, build: () => HTMLElement, focus?: () => HTMLElement | null): boolean {
    if (this.shown === key) return false;
    this.shown = key;
    this.card = null;
    this.body!.replaceChildren(build());
    const f = focus?.();
    if (f) f.focus({ preventScroll: true });
    return true;
  }

  // ------------------------------------------------------------------ 复习

  private showReview(session: Session | null): void {
    if (!session) {
      this.screen("loading", () => h("p", { class: "rv-empty", "data-testid": "review-loading" }, t("loading")), () => this.dialog);
      return;
    }
    if (isFinished(session)) {
      this.screen("done", () => this.doneScreen(session), () => this.body!.querySelector<HTMLElement>("[data-autofocus]"));
      return;
    }
    const card = currentCard(session);
    if (!card) {
      this.screen("waiting", () => h("p", { class: "rv-empty", "data-testid": "review-waiting", role: "status" }, t("reviewWaiting")), () => this.dialog);
      return;
    }
    if (this.shown !== "review" || !this.card) {
      this.shown = "review";
      this.card = new CardPane(this.actions);
      this.body!.replaceChildren(this.card.el);
    }
    this.card.show(card, session.revealed);
  }

  private doneScreen(session: Session): HTMLElement {
    const n = RATINGS.reduce((sum, r) => sum + session.rated[r], 0);
    const close = h("button", { class: "btn primary", type: "button", "data-testid": "review-done-close", "data-autofocus": "" }, t("close"));
    const test = h("button", { class: "btn", type: "button", "data-testid": "review-done-test" }, t("reviewTabTest"));
    close.addEventListener("click", () => this.actions.closeReview());
    test.addEventListener("click", () => this.actions.openSelfTest());
    const lines: HTMLElement[] = [];
    if (n > 0) {
      lines.push(h("h3", { class: "rv-done-title" }, t("reviewDoneTitle")));
      lines.push(h("p", { "data-testid": "review-done-summary" }, t("reviewDoneSummary", { n })));
      lines.push(h("p", { class: "rv-done-counts", "data-testid": "review-done-counts" }, t("reviewDoneCounts", { a: session.rated.again, h: session.rated.hard, g: session.rated.good, e: session.rated.easy })));
    } else {
      lines.push(h("h3", { class: "rv-done-title" }, session.total > 0 ? t("reviewNothingDue") : t("reviewNoCards")));
    }
    if (session.total > 0) lines.push(h("p", { class: "rv-muted" }, t("reviewDoneTotal", { n: session.doneToday, t: session.total })));
    return h("div", { class: "rv-done", "data-testid": "review-done", role: "status" }, lines, h("div", { class: "rv-row" }, test, close));
  }

  private onKey(e: KeyboardEvent): void {
    const r = this.store.state.review;
    if (r?.kind !== "review" || !r.session || !this.card || this.shown !== "review") return;
    const act = reviewKey(e, r.session.revealed, isTyping(e.target));
    if (!act) return;
    // Space / Enter on another control (a tab, ×) press that control
    const control = e.target instanceof HTMLElement ? e.target.closest("button, a, input, select, textarea") : null;
    if (act.kind === "reveal" && control && control !== this.card.revealBtn) return;
    e.preventDefault();
    const card = currentCard(r.session);
    if (act.kind === "reveal") this.actions.revealAnswer();
    else if (act.kind === "rate") this.card.rate(act.rating);
    else if (act.kind === "edit" && card) this.actions.editBlanks(card);
    else if (act.kind === "goto" && card) void this.actions.goToCard(card);
  }

  // ------------------------------------------------------------------ 自测

  private showTestSetup(r: Extract<ReviewScreen, { kind: "testSetup" }>): void {
    const key = `setup:${r.busy}:${r.empty}`;
    this.screen(key, () => this.setupScreen(r), () => this.body!.querySelector<HTMLElement>('[data-testid="test-start"]'));
  }

  private setupScreen(r: Extract<ReviewScreen, { kind: "testSetup" }>): HTMLElement {
    const hasDoc = !!this.store.state.doc;
    const sizes = TEST_SIZES.map((n) => {
      const input = h("input", { type: "radio", name: "rv-count", value: n, "data-testid": `test-count-${n}` });
      input.checked = n === r.spec.count || (!TEST_SIZES.includes(r.spec.count) && n === TEST_SIZES[0]);
      return h("label", { class: "xb-pill" }, input, t("testCountN", { n }));
    });
    const docOnly = h("input", { type: "checkbox", "data-testid": "test-doc-only", disabled: !hasDoc });
    docOnly.checked = hasDoc && r.spec.docOnly;
    const start = h("button", { class: "btn primary", type: "button", "data-testid": "test-start", disabled: r.busy }, r.busy ? t("loading") : t("testStart"));
    const form = h(
      "form",
      { class: "rv-setup", "data-testid": "test-setup" },
      h("fieldset", { class: "rv-fieldset" }, h("legend", null, t("testCount")), h("div", { class: "xb-seg" }, sizes)),
      h("label", { class: "rv-check" }, docOnly, t("testDocOnly")),
      r.empty ? h("p", { class: "rv-muted", role: "status", "data-testid": "test-empty" }, t("testNoCards")) : null,
      h("div", { class: "rv-row" }, start),
    );
    const go = (e: Event) => {
      e.preventDefault();
      const picked = form.querySelector<HTMLInputElement>('input[name="rv-count"]:checked');
      void this.actions.startSelfTest({ count: Number(picked?.value ?? TEST_SIZES[0]), docOnly: docOnly.checked });
    };
    form.addEventListener("submit", go);
    start.addEventListener("click", go);
    return form;
  }

  private showTest(r: Extract<ReviewScreen, { kind: "test" }>): void {
    const card = r.cards[r.index];
    if (!card) return;
    this.screen(`test:${r.index}:${card.card}`, () => this.questionScreen(r, card), () => this.body!.querySelector<HTMLElement>("input"));
  }

  private questionScreen(r: Extract<ReviewScreen, { kind: "test" }>, card: ReviewCard): HTMLElement {
    const inputs: HTMLInputElement[] = [];
    const last = r.index + 1 === r.cards.length;
    const prompt = h(
      "p",
      { class: "rv-prompt rv-test-prompt", lang: "zh-CN", "data-testid": "test-prompt" },
      clozeSegments(card.sentence, card.blanks).map((seg) => {
        if (seg.blank === null) return document.createTextNode(seg.text);
        const input = h("input", {
          class: "rv-input",
          type: "text",
          autocomplete: "off",
          spellcheck: "false",
          size: Math.max(2, seg.chars * 2),
          "aria-label": t("testBlankLabel", { i: seg.blank + 1, n: seg.chars }),
          "data-testid": "test-blank",
        });
        input.value = r.answers[r.index]?.[seg.blank] ?? "";
        inputs.push(input);
        return input;
      }),
    );
    const next = h("button", { class: "btn primary", type: "button", "data-testid": "test-next" }, last ? t("testFinish") : t("testNext"));
    const submit = () => void this.actions.answerQuestion(inputs.map((i) => i.value));
    next.addEventListener("click", submit);
    inputs.forEach((input, i) =>
      input.addEventListener("keydown", (e) => {
        if (e.key !== "Enter" || e.isComposing) return; // Enter that ends an IME composition is the IME's
        e.preventDefault();
        const after = inputs[i + 1];
        if (after) after.focus();
        else submit();
      }),
    );
    return h(
      "div",
      { class: "rv-test", "data-testid": "test-question" },
      h("p", { class: "rv-progress", "data-testid": "test-progress" }, t("testQuestion", { i: r.index + 1, n: r.cards.length })),
      h("p", { class: "rv-source" }, sourceText(card)),
      prompt,
      h("p", { class: "rv-muted" }, t("testHint")),
      h("div", { class: "rv-row" }, next),
    );
  }

  private showResult(r: Extract<ReviewScreen, { kind: "testResult" }>): void {
    if (!r.result) {
      this.screen("marking", () => h("p", { class: "rv-empty", role: "status" }, t("testMarking")), () => this.dialog);
      return;
    }
    const result = r.result;
    this.screen("result", () => {
      const byCard = new Map(result.items.map((it) => [it.card, it]));
      const items = r.cards.map((card, qi) => {
        const item = byCard.get(card.card);
        const typed = r.answers[qi] ?? [];
        const ok = !!item && item.right.length > 0 && item.right.every(Boolean);
        const sentence = clozeSegments(card.sentence, card.blanks).map((seg) => {
          if (seg.blank === null) return document.createTextNode(seg.text);
          const right = item?.right[seg.blank] ?? false;
          const said = typed[seg.blank]?.trim() || t("testEmptyAnswer");
          return h("mark", { class: `rv-said ${right ? "right" : "wrong"}`, "data-testid": "test-said" }, said, h("span", { class: "rv-sr" }, `(${right ? t("testRight") : t("testWrong")})`));
        });
        const wrong = card.blanks
          .map((_, bi) => (item?.right[bi] ? null : (item?.expected[bi] ?? "")))
          .filter((w): w is string => w !== null);
        return h(
          "li",
          { class: `rv-item ${ok ? "right" : "wrong"}`, "data-testid": "test-item", "data-right": String(ok) },
          h("span", { class: "rv-mark", "aria-hidden": "true" }, ok ? "✓" : "✗"),
          h("div", { class: "rv-item-text" }, h("p", { class: "rv-item-sentence", lang: "zh-CN" }, sentence), wrong.length ? h("p", { class: "rv-expected", "data-testid": "test-expected" }, t("testExpected", { w: wrong.join(" / ") })) : null),
        );
      });
      const again = h("button", { class: "btn", type: "button", "data-testid": "test-again" }, t("testAgain"));
      const close = h("button", { class: "btn primary", type: "button", "data-testid": "test-close" }, t("close"));
      again.addEventListener("click", () => this.actions.openSelfTest());
      close.addEventListener("click", () => this.actions.closeReview());
      return h(
        "div",
        { class: "rv-result", "data-testid": "test-result" },
        h("h3", { class: "rv-score", "data-testid": "test-score", role: "status" }, t("testScore", { r: result.right, n: result.total })),
        h("ol", { class: "rv-items" }, items),
        h("div", { class: "rv-row" }, again, close),
      );
    }, () => this.body!.querySelector<HTMLElement>('[data-testid="test-close"]'));
  }
}

/**
 * The card of a sitting: source, cloze, 显示答案, the four grades. Built
 * once and filled for each card; the focus moves to 显示答案 for a new card
 * and to 良好 once the answer shows.
 */
class CardPane {
  readonly el: HTMLElement;
  readonly revealBtn: HTMLButtonElement;
  private source: HTMLElement;
  private prompt: HTMLElement;
  private answer: HTMLElement;
  private rates: HTMLElement;
  private rateBtns = new Map<Rating, { btn: HTMLButtonElement; when: HTMLElement }>();
  private shownCard: ReviewCard | null = null;
  private shownRevealed = false;

  constructor(private readonly actions: Actions) {
    this.source = h("p", { class: "rv-source", "data-testid": "review-source" });
    this.prompt = h("p", { class: "rv-prompt", lang: "zh-CN", "data-testid": "review-prompt" });
    this.answer = h("p", { class: "rv-answer", "data-testid": "review-answer", hidden: true });
    this.revealBtn = h("button", { class: "btn primary rv-reveal", type: "button", "data-testid": "review-reveal", "aria-keyshortcuts": "Space" }, t("reviewReveal"), h("kbd", null, t("reviewRevealKey")));
    this.revealBtn.addEventListener("click", () => this.actions.revealAnswer());
    this.rates = h("div", { class: "rv-rates", role: "group", "aria-label": t("rateGroup"), hidden: true });
    RATINGS.forEach((rating, i) => {
      const when = h("span", { class: "rv-when" });
      const btn = h("button", { class: `btn rv-rate rv-${rating}`, type: "button", "data-rating": rating, "data-testid": `rate-${rating}`, "aria-keyshortcuts": String(i + 1) }, h("span", { class: "rv-rate-name" }, t(`rate_${rating}`)), when, h("kbd", null, String(i + 1)));
      btn.addEventListener("click", () => this.rate(rating));
      this.rateBtns.set(rating, { btn, when });
      this.rates.appendChild(btn);
    });
    const edit = h("button", { class: "btn small", type: "button", "data-testid": "review-edit", "aria-keyshortcuts": "E" }, t("reviewEditBlanks"));
    const go = h("button", { class: "btn small", type: "button", "data-testid": "review-goto", "aria-keyshortcuts": "G" }, t("reviewGoTo"));
    edit.addEventListener("click", () => this.shownCard && this.actions.editBlanks(this.shownCard));
    go.addEventListener("click", () => this.shownCard && void this.actions.goToCard(this.shownCard));
    this.el = h(
      "div",
      { class: "rv-card", "data-testid": "review-card" },
      // a new card and a shown answer are read out
      h("div", { class: "rv-face", "aria-live": "polite" }, this.source, this.prompt, this.answer),
      h("div", { class: "rv-actions" }, this.revealBtn, this.rates),
      h("div", { class: "rv-tools" }, edit, go, h("span", { class: "grow" }), h("span", { class: "rv-keys" }, t("reviewKeys"))),
    );
  }

  /** Rates the card on screen; the time from here to the next card painted is measured ("pizhu-review-next"). */
  rate(rating: Rating): void {
    const t0 = performance.now();
    void this.actions.rate(rating);
    // the next card is in the DOM now ("pizhu-review-sync"), painted after the next frame ("pizhu-review-next")
    performance.measure("pizhu-review-sync", { start: t0, end: performance.now() });
    requestAnimationFrame(() => setTimeout(() => performance.measure("pizhu-review-next", { start: t0, end: performance.now() }), 0));
  }

  show(card: ReviewCard, revealed: boolean): void {
    const changed = card !== this.shownCard;
    // a new card, not the same one as the core now has it (its answer can come while the reader looks)
    const newCard = card.card !== this.shownCard?.card;
    const flipped = revealed !== this.shownRevealed;
    if (!changed && !flipped) return;
    const hadFocus = this.el.ownerDocument.activeElement;
    const focusInside = !hadFocus || hadFocus === document.body || !!this.el.closest('[role="dialog"]')?.contains(hadFocus);
    this.shownCard = card;
    this.shownRevealed = revealed;
    this.el.dataset.card = card.card;
    this.el.dataset.revealed = String(revealed);
    if (changed) {
      this.source.textContent = sourceText(card);
      for (const rating of RATINGS) {
        const { btn, when } = this.rateBtns.get(rating)!;
        const minutes = intervalFor(card, rating);
        const span = minutes === null ? "" : intervalText(minutes);
        when.textContent = span;
        btn.setAttribute("aria-label", t("rateLabel", { r: t(`rate_${rating}`), i: span, k: RATINGS.indexOf(rating) + 1 }));
      }
    }
    this.prompt.replaceChildren(...clozeNodes(card, revealed ? "answer" : "hidden"));
    this.answer.textContent = t("reviewAnswer", { w: card.answer });
    this.answer.hidden = !revealed;
    this.revealBtn.hidden = revealed;
    this.rates.hidden = !revealed;
    if (focusInside && (newCard || flipped)) (revealed ? this.rateBtns.get("good")!.btn : this.revealBtn).focus({ preventScroll: true });
  }
}
