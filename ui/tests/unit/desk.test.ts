// The small things of issue #12: an undone delete's toast goes, toasts stay
// few and in a corner, ✎ 批注 says its colour, the UI is Chinese unless the
// reader chose English, and a first-run hint waits in the margin.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Annotation, Color } from "../../src/bindings";
import type { Backend } from "../../src/backend/types";
import { Margin } from "../../src/app/margin";
import { Reader } from "../../src/app/reader";
import { Toasts } from "../../src/app/toasts";
import { Actions, initialState } from "../../src/state/actions";
import { noteColor } from "../../src/state/select";
import { Store } from "../../src/state/store";

const colors: Color[] = [
  { key: "yellow", label: "重点", label_en: "Key point", rgb: "#facc15" },
  { key: "red", label: "存疑", label_en: "Question", rgb: "#ef4444" },
];

function ann(id: string, start: number, end: number, color = "yellow"): Annotation {
  return { id, doc_id: "d", start, end, exact: "", prefix: "", suffix: "", color, note: "", tags: [], created: "", updated: "", deleted: null };
}

const doc = { id: "d", title: "文", blocks: [{ index: 0, kind: "paragraph" as const, text: "党史学习教育", start: 0, len: 6, lead: null }] };

function backend(): Backend {
  let n = 0;
  return {
    createAnnotation: async (x: { start: number; end: number; color: string }) => ann(`a${++n}`, x.start, x.end, x.color),
    deleteAnnotation: async () => null,
    restoreAnnotation: async (id: string) => ann(id, 1, 3),
    listTags: async () => [],
  } as unknown as Backend;
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe("toasts", () => {
  it("an undone delete's toast goes, whether undone by its button or Ctrl+Z", async () => {
    const store = new Store({ ...initialState(), doc, annotations: new Map([["a1", ann("a1", 1, 3)], ["a2", ann("a2", 3, 5)]]) });
    const actions = new Actions(backend(), store);
    const toasts = new Toasts(store);
    document.body.appendChild(toasts.el);
    await actions.deleteNote("a1");
    await actions.deleteNote("a2");
    const undoToasts = () => [...toasts.el.querySelectorAll("[data-testid=toast]")].filter((x) => x.querySelector("[data-testid=toast-action]"));
    expect(undoToasts().length).toBe(2);
    await actions.undoDelete(); // Ctrl+Z: the last one
    expect(undoToasts().length).toBe(1);
    const button = undoToasts()[0]!.querySelector<HTMLButtonElement>("[data-testid=toast-action]")!;
    button.click();
    expect(button.disabled).toBe(true); // works once
    await Promise.resolve();
    expect(undoToasts().length).toBe(0);
    expect(store.state.undo.length).toBe(0);
  });

  it("shows at most three at once (the oldest goes)", () => {
    const store = new Store(initialState());
    const actions = new Actions(backend(), store);
    const toasts = new Toasts(store);
    for (let i = 1; i <= 5; i++) actions.toast(`消息 ${i}`);
    expect([...toasts.el.querySelectorAll(".toast-msg")].map((x) => x.textContent)).toEqual(["消息 3", "消息 4", "消息 5"]);
  });
});

describe("✎ 批注", () => {
  it("uses the library's first colour (the default meaning), not silently the last one used", async () => {
    localStorage.setItem("pizhu.lastColor", "red");
    const store = new Store({ ...initialState(), colors, doc });
    expect(store.state.lastColor).toBe("red");
    expect(noteColor(store.state)).toBe("yellow");
  });
});

describe("language", () => {
  it("is 简体中文 when the WebView says en-US (WebKitGTK under LANG=C) and the reader chose nothing", () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-US");
    expect(initialState().lang).toBe("zh-CN");
    localStorage.setItem("pizhu.lang", "en");
    expect(initialState().lang).toBe("en");
  });
});

describe("first-run hint", () => {
  it("shows in the margin until the first highlight, then never again", async () => {
    const store = new Store({ ...initialState(), colors });
    const actions = new Actions(backend(), store);
    const reader = new Reader(false);
    const desk = document.createElement("main");
    document.body.appendChild(desk);
    const margin = new Margin(reader, desk, store, actions);
    desk.append(reader.el, margin.el);
    const hint = () => margin.el.querySelector<HTMLElement>("[data-testid=first-run-hint]")!;
    store.update({ doc });
    expect(hint().hidden).toBe(false);
    expect(hint().textContent).toBe("选中文字即可划线、批注");
    actions.select({ start: 1, end: 3 });
    await actions.highlightPending("yellow", false);
    expect(hint().hidden).toBe(true);
    expect(localStorage.getItem("pizhu.hinted")).toBe("1");
    // deleting the highlight does not bring the hint back; a new start does not either
    await actions.deleteNote([...store.state.annotations.keys()][0]!);
    expect(hint().hidden).toBe(true);
    expect(initialState().hinted).toBe(true);
    margin.destroy();
  });
});

describe("keyboard", () => {
  it("tabbing into the search box does not reopen its results over the text; a click does", async () => {
    const { SearchBox } = await import("../../src/app/search");
    const store = new Store({ ...initialState(), search: { query: "党史", hits: [], total: 0 }, searchOpen: false });
    const actions = new Actions(backend(), store);
    const box = new SearchBox(store, actions);
    document.body.appendChild(box.el);
    const input = box.el.querySelector("input")!;
    input.dispatchEvent(new FocusEvent("focus"));
    input.focus();
    expect(store.state.searchOpen).toBe(false);
    input.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    expect(store.state.searchOpen).toBe(true);
    box.destroy();
  });

  it("a search jump moves the focus: to the note's card, or to the text", async () => {
    const a = ann("n1", 1, 3);
    const store = new Store({ ...initialState(), doc, annotations: new Map([["n1", a]]) });
    const actions = new Actions(backend(), store);
    const effects: string[] = [];
    store.onEffect((e) => effects.push(e.kind === "reveal" ? `reveal focus=${!!e.focus}` : e.kind));
    await actions.goTo("d", 1, 3, "n1", true);
    expect(effects).toEqual(["reveal focus=false", "focusCard"]);
    effects.length = 0;
    await actions.goTo("d", 4, 5, null, true);
    expect(effects).toEqual(["reveal focus=true"]);
  });
});
