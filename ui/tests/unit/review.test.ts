// Review (复习): the pure rules (intervals, the queue stepping ahead of the
// core's answer, keys, cloze segments and the blank mask), the actions
// against a stub backend, and the screen driven by the keyboard.
import { afterEach, describe, expect, it } from "vitest";
import type { Rating, ReviewCard, ReviewOutcome, ReviewQueue, TestAnswer, TestResult } from "../../src/bindings";
import type { Backend } from "../../src/backend/types";
import { setLang } from "../../src/i18n";
import {
  applyQueue,
  blanksFromMask,
  clozeSegments,
  currentCard,
  intervalParts,
  isFinished,
  maskFromBlanks,
  paintMask,
  promptOf,
  rateLocally,
  reveal,
  reviewKey,
  startSession,
  undoLocal,
  wantsMore,
} from "../../src/review/logic";
import { BlanksEditor } from "../../src/app/blanks";
import { intervalText, ReviewView } from "../../src/app/review";
import { Actions, initialState } from "../../src/state/actions";
import { Store } from "../../src/state/store";

function card(id: string, over: Partial<ReviewCard> = {}): ReviewCard {
  return {
    card: id,
    annotation_id: id,
    doc_id: "speech",
    doc_title: "讲话",
    section: "一、总体要求",
    color: "green",
    prompt: "我们要建设＿＿！",
    answer: "铁军",
    sentence: "我们要建设铁军！",
    sentence_start: 10,
    blanks: [{ start: 5, end: 7 }],
    custom: false,
    state: "new",
    due: null,
    reps: 0,
    lapses: 0,
    stability: 0,
    difficulty: 0,
    intervals: [
      { rating: "again", minutes: 1 },
      { rating: "hard", minutes: 6 },
      { rating: "good", minutes: 10 },
      { rating: "easy", minutes: 3 * 1440 },
    ],
    ...over,
  };
}

function queue(cards: ReviewCard[], over: Partial<ReviewQueue> = {}): ReviewQueue {
  return { due: cards.filter((c) => c.state !== "new").length, new: cards.filter((c) => c.state === "new").length, total: 9, done_today: 0, cards, ...over };
}

afterEach(() => setLang("zh-CN"));

describe("intervals", () => {
  it("reads minutes in the largest natural unit", () => {
    expect(intervalParts(0)).toEqual({ n: 1, unit: "minutes" });
    expect(intervalParts(10)).toEqual({ n: 10, unit: "minutes" });
    expect(intervalParts(59)).toEqual({ n: 59, unit: "minutes" });
    expect(intervalParts(60)).toEqual({ n: 1, unit: "hours" });
    expect(intervalParts(23 * 60)).toEqual({ n: 23, unit: "hours" });
    expect(intervalParts(1440)).toEqual({ n: 1, unit: "days" });
    expect(intervalParts(1430)).toEqual({ n: 1, unit: "days" }); // 23.8 h rounds to a day
    expect(intervalParts(3 * 1440)).toEqual({ n: 3, unit: "days" });
    expect(intervalParts(29 * 1440)).toEqual({ n: 29, unit: "days" });
    expect(intervalParts(60 * 1440)).toEqual({ n: 2, unit: "months" });
    expect(intervalParts(45 * 1440)).toEqual({ n: 1.5, unit: "months" });
    expect(intervalParts(364 * 1440)).toEqual({ n: 12, unit: "months" });
    expect(intervalParts(365 * 1440 * 1.5)).toEqual({ n: 1.5, unit: "years" });
    expect(intervalParts(365 * 1440 * 12)).toEqual({ n: 12, unit: "years" });
  });

  it("speaks Chinese first, English too", () => {
    expect([10, 1440, 3 * 1440, 60 * 1440].map(intervalText)).toEqual(["10分钟", "1天", "3天", "2个月"]);
    setLang("en");
    expect([10, 120, 3 * 1440, 60 * 1440, 800 * 1440].map(intervalText)).toEqual(["10 min", "2 h", "3 d", "2 mo", "2.2 yr"]);
  });
});

describe("the queue", () => {
  it("steps to the next card held, counts down at once, and waits for the core", () => {
    const s0 = startSession(queue([card("a"), card("b", { state: "review" }), card("c")], { due: 1, new: 2, done_today: 4 }));
    expect(currentCard(s0)?.card).toBe("a");
    // no rating while the answer is hidden
    expect(rateLocally(s0, "good")).toBe(s0);
    const s1 = rateLocally(reveal(s0), "good");
    expect(currentCard(s1)?.card).toBe("b");
    expect(s1.revealed).toBe(false);
    expect([s1.due, s1.new, s1.doneToday]).toEqual([1, 1, 5]);
    expect(s1.pending).toEqual([{ card: "a", wasNew: true }]);
    const s2 = rateLocally(reveal(s1), "again");
    expect([s2.due, s2.new, s2.doneToday]).toEqual([0, 1, 6]);
    expect(s2.rated).toEqual({ again: 1, hard: 0, good: 1, easy: 0 });
    expect(currentCard(s2)?.card).toBe("c");
  });

  it("takes the core's queue without the cards rated since, keeping the card on screen first", () => {
    let s = startSession(queue([card("a"), card("b"), card("c"), card("d")], { total: 4 }));
    s = rateLocally(reveal(s), "good"); // a sent
    s = rateLocally(reveal(s), "easy"); // b sent; c on screen
    s = reveal(s);
    // the answer for a comes: its queue still has b (not answered yet), and puts d before c
    const afterA = queue([card("b"), card("d"), card("c")], { due: 0, new: 3, total: 4, done_today: 1 });
    s = applyQueue(s, afterA, "a");
    expect(s.cards.map((c) => c.card)).toEqual(["c", "d"]);
    expect(s.revealed).toBe(true); // the reader's view of c is kept
    expect(s.pending.map((p) => p.card)).toEqual(["b"]);
    expect([s.new, s.doneToday]).toEqual([2, 2]);
    s = applyQueue(s, queue([card("d"), card("c")], { due: 0, new: 2, total: 4, done_today: 2 }), "b");
    expect(s.cards.map((c) => c.card)).toEqual(["c", "d"]);
    expect(s.pending).toEqual([]);
    expect([s.new, s.doneToday]).toEqual([2, 2]);
  });

  it("shows the card on screen as the core now has it (new previews)", () => {
    let s = startSession(queue([card("a"), card("b")]));
    s = rateLocally(reveal(s), "good");
    const b2 = card("b", { intervals: [{ rating: "good", minutes: 99 }] });
    s = applyQueue(s, queue([b2]), "a");
    expect(currentCard(s)).toBe(b2);
  });

  it("finishes when nothing is held and nothing is on its way", () => {
    let s = startSession(queue([card("a")]));
    s = rateLocally(reveal(s), "good");
    expect(s.cards).toEqual([]);
    expect(isFinished(s)).toBe(false); // the answer is still coming
    s = applyQueue(s, queue([]), "a");
    expect(isFinished(s)).toBe(true);
  });

  it("a refused rating brings the card back", () => {
    const a = card("a", { state: "review" });
    let s = startSession(queue([a, card("b")], { due: 1, new: 1 }));
    s = rateLocally(reveal(s), "hard");
    s = undoLocal(s, a, "hard");
    expect(currentCard(s)).toBe(a);
    expect([s.due, s.new, s.doneToday, s.pending.length, s.rated.hard]).toEqual([1, 1, 0, 0, 0]);
  });

  it("asks for more when few cards are held and more are due", () => {
    expect(wantsMore(startSession(queue([card("a")], { due: 0, new: 5 })))).toBe(true);
    expect(wantsMore(startSession(queue([card("a")], { due: 0, new: 1 })))).toBe(false);
  });
});

describe("keys", () => {
  it("Space and Enter show the answer; 1–4 rate only once it shows; E and G", () => {
    expect(reviewKey({ key: " " }, false)).toEqual({ kind: "reveal" });
    expect(reviewKey({ key: "Enter" }, false)).toEqual({ kind: "reveal" });
    expect(reviewKey({ key: " " }, true)).toBeNull(); // the focused button (良好) takes it
    expect(reviewKey({ key: "3" }, false)).toBeNull();
    expect(["1", "2", "3", "4"].map((key) => reviewKey({ key }, true))).toEqual(
      (["again", "hard", "good", "easy"] as Rating[]).map((rating) => ({ kind: "rate", rating })),
    );
    expect(reviewKey({ key: "5" }, true)).toBeNull();
    expect(reviewKey({ key: "E" }, false)).toEqual({ kind: "edit" });
    expect(reviewKey({ key: "g" }, true)).toEqual({ kind: "goto" });
    expect(reviewKey({ key: "3", ctrlKey: true }, true)).toBeNull();
    expect(reviewKey({ key: "3" }, true, true)).toBeNull();
  });
});

describe("cloze text", () => {
  it("cuts a sentence at its blanks, in code points", () => {
    expect(clozeSegments("我们要建设铁军！", [{ start: 5, end: 7 }])).toEqual([
      { text: "我们要建设", blank: null, chars: 5 },
      { text: "铁军", blank: 0, chars: 2 },
      { text: "！", blank: null, chars: 1 },
    ]);
    // a character outside the BMP counts once
    expect(clozeSegments("𠮷野家好", [{ start: 0, end: 1 }, { start: 3, end: 9 }]).map((s) => [s.text, s.blank])).toEqual([
      ["𠮷", 0],
      ["野家", null],
      ["好", 1],
    ]);
  });

  it("turns blanks into a mask and back", () => {
    const mask = maskFromBlanks(8, [{ start: 1, end: 3 }, { start: 5, end: 7 }]);
    expect(mask.map(Number).join("")).toBe("01100110");
    expect(blanksFromMask(mask)).toEqual([{ start: 1, end: 3 }, { start: 5, end: 7 }]);
    expect(blanksFromMask(paintMask(mask, 6, 2, true))).toEqual([{ start: 1, end: 7 }]);
    expect(blanksFromMask(paintMask(mask, 0, 7, false))).toEqual([]);
    expect(blanksFromMask([true, true])).toEqual([{ start: 0, end: 2 }]);
    expect(promptOf("我们要建设铁军！", maskFromBlanks(8, [{ start: 3, end: 5 }]))).toBe("我们要＿＿铁军！");
  });
});

// ------------------------------------------------------------------ actions

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function stub(over: Partial<Backend>): Backend {
  return { listTags: async () => [], ...over } as unknown as Backend;
}

describe("review actions", () => {
  it("the next card shows before the core answers; its queue replaces the held one", async () => {
    const rated: Array<{ card: string; rating: Rating; answer: ReturnType<typeof deferred<ReviewOutcome>> }> = [];
    const backend = stub({
      reviewQueue: async () => queue([card("a"), card("b"), card("c")], { total: 3 }),
      rateCard: (c: string, rating: Rating) => {
        const answer = deferred<ReviewOutcome>();
        rated.push({ card: c, rating, answer });
        return answer.promise;
      },
    });
    const store = new Store(initialState());
    const actions = new Actions(backend, store);
    await actions.openReview();
    const session = () => (store.state.review?.kind === "review" ? store.state.review.session : null);
    expect(currentCard(session()!)?.card).toBe("a");
    actions.revealAnswer();
    const pending = actions.rate("good");
    // synchronously: b is on screen, the top bar's count is down
    expect(currentCard(session()!)?.card).toBe("b");
    expect(store.state.reviewCounts).toMatchObject({ new: 2, doneToday: 1 });
    rated[0]!.answer.resolve({ card: card("a", { state: "review" }), queue: queue([card("b"), card("c")], { total: 3, done_today: 1 }) });
    await pending;
    expect(session()!.cards.map((c) => c.card)).toEqual(["b", "c"]);
    expect(store.state.reviewCounts).toEqual({ due: 0, new: 2, total: 3, doneToday: 1 });
    expect(rated.map((r) => `${r.card}:${r.rating}`)).toEqual(["a:good"]);
  });

  it("a rating the core refuses shows the card again, with an error toast", async () => {
    const backend = stub({
      reviewQueue: async () => queue([card("a"), card("b")]),
      rateCard: async () => {
        throw { code: "not_found", message: "a" };
      },
    });
    const store = new Store(initialState());
    const actions = new Actions(backend, store);
    const errors: string[] = [];
    store.onEffect((e) => e.kind === "toast" && e.error && errors.push(e.message));
    await actions.openReview();
    actions.revealAnswer();
    await actions.rate("easy");
    const r = store.state.review;
    expect(r?.kind === "review" && currentCard(r.session!)?.card).toBe("a");
    expect(errors.length).toBe(1);
  });

  it("self-test: answers per question, then the core marks them", async () => {
    let graded: TestAnswer[] = [];
    const result: TestResult = { right: 1, total: 2, items: [{ card: "a", right: [true], expected: ["铁军"] }, { card: "b", right: [false], expected: ["灵魂"] }] };
    const backend = stub({
      selfTest: async (count: number, doc: string | null) => (count === 10 && doc === null ? [card("a"), card("b", { answer: "灵魂" })] : []),
      gradeTest: async (answers: TestAnswer[]) => {
        graded = answers;
        return result;
      },
    });
    const store = new Store(initialState());
    const actions = new Actions(backend, store);
    actions.openSelfTest();
    expect(store.state.review?.kind).toBe("testSetup");
    await actions.startSelfTest({ count: 10, docOnly: false });
    expect(store.state.review).toMatchObject({ kind: "test", index: 0 });
    await actions.answerQuestion(["铁军"]);
    expect(store.state.review).toMatchObject({ kind: "test", index: 1 });
    await actions.answerQuestion([]);
    expect(graded).toEqual([
      { card: "a", answers: ["铁军"] },
      { card: "b", answers: [""] },
    ]);
    expect(store.state.review).toMatchObject({ kind: "testResult", result });
  });

  it("turning a card off drops it from the document's cards", async () => {
    const backend = stub({
      setCard: async (id: string, on: boolean) => (on ? card(id) : null),
      reviewCards: async () => [],
      reviewQueue: async () => queue([]),
    });
    const store = new Store({ ...initialState(), docCards: new Map([["a", card("a")]]) });
    const actions = new Actions(backend, store);
    await actions.setCardEnabled("a", false);
    expect(store.state.docCards.has("a")).toBe(false);
    await actions.setCardEnabled("x", true);
    expect(store.state.docCards.get("x")?.card).toBe("x");
  });
});

// ------------------------------------------------------------------ the screen, by keyboard

describe("review screen", () => {
  const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));

  it("Space shows the answer and focuses 良好; 3 rates and the next card comes with 显示答案 in focus; done screen last", async () => {
    const backend = stub({
      reviewQueue: async () => queue([card("a"), card("b", { sentence: "铁军要有灵魂。", blanks: [{ start: 4, end: 6 }], answer: "灵魂" })], { total: 2 }),
      rateCard: async (c: string) => ({ card: card(c), queue: queue(c === "a" ? [card("b")] : [], { total: 2 }) }),
    });
    const root = document.createElement("div");
    document.body.appendChild(root);
    const store = new Store(initialState());
    const actions = new Actions(backend, store);
    const view = new ReviewView(root, store, actions);
    await actions.openReview();
    const dialog = root.querySelector('[data-testid="review"]')!;
    // what is on screen (the blanks' words for screen readers aside)
    const prompt = () => {
      const el = root.querySelector('[data-testid="review-prompt"]')!.cloneNode(true) as HTMLElement;
      el.querySelectorAll(".rv-sr").forEach((x) => x.remove());
      return el.textContent;
    };
    expect(prompt()).toContain("我们要建设＿＿！");
    expect(document.activeElement?.getAttribute("data-testid")).toBe("review-reveal");
    // 10分钟 on 良好, 3天 on 简单
    expect(root.querySelector('[data-testid="rate-good"]')!.getAttribute("aria-label")).toBe("良好：下次 10分钟（按 3）");
    expect(root.querySelector('[data-testid="rate-easy"] .rv-when')!.textContent).toBe("3天");
    key(document.activeElement!, " ");
    expect(root.querySelector('[data-testid="review-answer"]')!.hasAttribute("hidden")).toBe(false);
    expect(prompt()).toBe("我们要建设铁军！");
    expect(document.activeElement?.getAttribute("data-testid")).toBe("rate-good");
    key(document.activeElement!, "3");
    expect(prompt()).toContain("铁军要有＿＿。");
    expect(document.activeElement?.getAttribute("data-testid")).toBe("review-reveal");
    key(dialog, "4"); // hidden answer: digits do nothing
    expect(prompt()).toContain("铁军要有＿＿。");
    key(document.activeElement!, "Enter");
    key(document.activeElement!, "1");
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(root.querySelector('[data-testid="review-done"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="review-done-counts"]')!.textContent).toBe("重来 1 · 困难 0 · 良好 1 · 简单 0");
    expect(document.activeElement?.getAttribute("data-testid")).toBe("review-done-close");
    // Esc closes the screen and tells the store
    key(document.activeElement!, "Escape");
    expect(store.state.review).toBeNull();
    expect(root.querySelector('[data-testid="review"]')).toBeNull();
    view.destroy();
    root.remove();
  });
});

describe("blank editor", () => {
  it("chooses the hidden characters by keyboard and sends them relative to the sentence", async () => {
    const sent: Array<{ card: string; blanks: unknown }> = [];
    const backend = stub({
      setCardBlanks: async (c: string, blanks: { start: number; end: number }[]) => {
        sent.push({ card: c, blanks });
        return card(c, { blanks, custom: true });
      },
    });
    const root = document.createElement("div");
    document.body.appendChild(root);
    const store = new Store(initialState());
    const actions = new Actions(backend, store);
    const editor = new BlanksEditor(root, store, actions);
    actions.editBlanks(card("a"));
    const list = root.querySelector<HTMLElement>('[data-testid="blank-chars"]')!;
    const preview = () => root.querySelector('[data-testid="blank-preview"]')!.textContent;
    expect(document.activeElement).toBe(list);
    expect(preview()).toBe("我们要建设＿＿！");
    const press = (key: string, shiftKey = false) => list.dispatchEvent(new KeyboardEvent("keydown", { key, shiftKey, bubbles: true, cancelable: true }));
    press("Home");
    for (let i = 0; i < 3; i++) press("ArrowRight");
    press(" "); // 建 hidden
    press("ArrowRight", true); // Shift carries 建's state onto 设
    expect(preview()).toBe("我们要＿＿＿＿！");
    press("ArrowRight");
    press(" "); // 铁 shown again
    press("ArrowRight", true); // and 军
    expect(preview()).toBe("我们要＿＿铁军！");
    press("Enter");
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([{ card: "a", blanks: [{ start: 3, end: 5 }] }]);
    expect(store.state.blanksCard).toBeNull();
    expect(root.querySelector('[data-testid="blanks-editor"]')).toBeNull();
    editor.destroy();
    root.remove();
  });
});
