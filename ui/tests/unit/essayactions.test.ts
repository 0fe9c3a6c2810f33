// The actions of 学习进度 and 心得体会 against a stub backend: a quotation
// goes to the essay shown (a new one when there is none), deleting offers
// 撤销, unsaved text survives a list reload and a reload of the window,
// reading reports refresh the coverage.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Coverage, Essay, EssayPatch, ReadingSpan } from "../../src/bindings";
import type { Backend } from "../../src/backend/types";
import { Actions, initialState } from "../../src/state/actions";
import { Store, type Effect } from "../../src/state/store";

const DOC = { id: "d", title: "讲话", blocks: [] } as never;

function essay(id: string, over: Partial<Essay> = {}): Essay {
  return { id, doc_id: "d", title: `t-${id}`, body: "", target: 0, chars: 0, created: "", updated: "1", deleted: null, ...over };
}

/** A library of essays in memory, as the core keeps them. */
function essayBackend(initial: Essay[] = []) {
  const all = new Map(initial.map((e) => [e.id, e]));
  let n = 0;
  const calls: string[] = [];
  const backend = {
    essays: async (docId: string | null) => [...all.values()].filter((e) => !e.deleted && (docId === null || e.doc_id === docId)),
    createEssay: async (docId: string | null, title: string) => {
      const e = essay(`new${++n}`, { doc_id: docId, title });
      all.set(e.id, e);
      calls.push(`create ${title}`);
      return e;
    },
    updateEssay: async (id: string, p: EssayPatch) => {
      const e = { ...all.get(id)!, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)) } as Essay;
      e.chars = [...e.body].length;
      all.set(id, e);
      calls.push(`update ${id}`);
      return e;
    },
    deleteEssay: async (id: string) => {
      const e = { ...all.get(id)!, deleted: "now" };
      all.set(id, e);
      return e;
    },
    restoreEssay: async (id: string) => {
      const e = { ...all.get(id)!, deleted: null };
      all.set(id, e);
      return e;
    },
    essayQuote: async (id: string) => `> 原文 ${id}\n>\n> ——《讲话》`,
    countChars: async (text: string) => [...text].length,
    listAnnotations: async () => [],
  };
  return { backend: backend as unknown as Backend, all, calls };
}

function setup(initial: Essay[] = []) {
  const b = essayBackend(initial);
  const store = new Store({ ...initialState(), doc: DOC });
  const actions = new Actions(b.backend, store);
  const effects: Effect[] = [];
  store.onEffect((e) => effects.push(e));
  return { ...b, store, actions, effects };
}

beforeEach(() => localStorage.clear());
afterEach(() => vi.useRealTimers());

describe("essays", () => {
  it("a quotation with no essay yet: a new one about the document, the pane opens over the notes panel", async () => {
    const { store, actions, effects, calls } = setup();
    store.update({ notesOpen: true });
    await actions.quoteToEssay("a1");
    expect(calls).toEqual(["create 《讲话》学习心得"]);
    expect(store.state.essayOpen).toBe(true);
    expect(store.state.notesOpen).toBe(false);
    const insert = effects.find((e) => e.kind === "essayInsert");
    expect(insert).toEqual({ kind: "essayInsert", id: "new1", text: "> 原文 a1\n>\n> ——《讲话》" });
  });

  it("a quotation goes to the essay shown; the list shows the one last chosen", async () => {
    const { store, actions, effects, calls } = setup([essay("e1"), essay("e2")]);
    await actions.loadEssays();
    expect(store.state.essayId).toBe("e1");
    actions.selectEssay("e2");
    await actions.quoteToEssay("a9");
    expect(calls).toEqual([]);
    expect(effects.filter((e) => e.kind === "essayInsert").map((e) => (e as { id: string }).id)).toEqual(["e2"]);
    store.update({ essayId: null });
    await actions.loadEssays();
    expect(store.state.essayId).toBe("e2"); // remembered per document
  });

  it("typing saves after a pause and counts 字数 a moment after the last key", async () => {
    vi.useFakeTimers();
    const { store, actions, all } = setup([essay("e1")]);
    await actions.loadEssays();
    actions.essayInput("e1", "我们");
    actions.essayInput("e1", "我们要");
    expect(store.state.essaySave).toBe("dirty");
    await vi.advanceTimersByTimeAsync(300);
    expect(store.state.essayChars).toBe(3);
    expect(all.get("e1")!.body).toBe("");
    await vi.advanceTimersByTimeAsync(400);
    expect(all.get("e1")!.body).toBe("我们要");
    expect(store.state.essaySave).toBe("saved");
    expect(store.state.essays!.items[0]!.body).toBe("我们要");
  });

  it("text not saved yet stays on a reload of the list", async () => {
    vi.useFakeTimers();
    const { store, actions } = setup([essay("e1", { body: "旧" })]);
    await actions.loadEssays();
    actions.essayInput("e1", "新写的");
    store.update({ essays: null, essayId: null }); // another document, and back
    await actions.loadEssays();
    expect(store.state.essays!.items[0]!.body).toBe("新写的");
  });

  it("a draft stashed when the window went away is recovered and saved", async () => {
    const first = setup([essay("e1", { body: "已存" })]);
    await first.actions.loadEssays();
    first.actions.essayInput("e1", "已存，又写了一句");
    first.actions.stashEssay(); // pagehide: the save may not finish
    // a new window on a core that never got the save
    const again = setup([essay("e1", { body: "已存" })]);
    await again.actions.loadEssays();
    expect(again.store.state.essays!.items[0]!.body).toBe("已存，又写了一句");
    await again.actions.flushEssay();
    expect(again.all.get("e1")!.body).toBe("已存，又写了一句");
    expect(localStorage.getItem("pizhu.essayDraft")).toBe("");
  });

  it("delete: the next essay shows, the toast's 撤销 brings it back", async () => {
    const { store, actions, effects } = setup([essay("e1"), essay("e2")]);
    await actions.loadEssays();
    await actions.deleteEssay("e1");
    expect(store.state.essays!.items.map((e) => e.id)).toEqual(["e2"]);
    expect(store.state.essayId).toBe("e2");
    const toast = effects.find((e) => e.kind === "toast") as Extract<Effect, { kind: "toast" }>;
    expect(toast.message).toBe("已删除心得《t-e1》");
    toast.action!.run();
    await vi.waitFor(() => expect(store.state.essayId).toBe("e1"));
    expect(store.state.essays!.items.map((e) => e.id).sort()).toEqual(["e1", "e2"]);
  });

  it("the pane and the notes panel take turns", () => {
    const { store, actions } = setup();
    store.update({ essays: { docId: "d", items: [] } });
    actions.toggleNotes(true);
    actions.toggleEssays(true);
    expect([store.state.essayOpen, store.state.notesOpen]).toEqual([true, false]);
    actions.toggleEssays();
    expect(store.state.essayOpen).toBe(false);
  });
});

describe("coverage", () => {
  const cov = (read: number): Coverage => ({ doc_id: "d", reader: "me", sections: [], paragraphs: 4, read, marked: 0, seconds: 0, read_blocks: [], furthest: null });

  it("a reading report is sent, then the coverage is asked for again", async () => {
    const sent: Array<[string, ReadingSpan[]]> = [];
    let read = 0;
    const backend = {
      recordReading: async (d: string, s: ReadingSpan[]) => {
        sent.push([d, s]);
        read = 2;
      },
      coverage: async () => cov(read),
    } as unknown as Backend;
    const store = new Store({ ...initialState(), doc: DOC });
    const actions = new Actions(backend, store);
    await actions.loadCoverage();
    expect(store.state.coverage!.read).toBe(0);
    await actions.recordReading("d", []);
    expect(sent).toEqual([]);
    await actions.recordReading("d", [{ block: 2, seconds: 9.5 }]);
    expect(sent).toEqual([["d", [{ block: 2, seconds: 9.5 }]]]);
    expect(store.state.coverage!.read).toBe(2);
  });

  it("marks change: the coverage follows", async () => {
    vi.useFakeTimers();
    let asked = 0;
    const backend = { coverage: async () => (asked++, cov(0)) } as unknown as Backend;
    const store = new Store({ ...initialState(), doc: DOC });
    const actions = new Actions(backend, store);
    await actions.loadCoverage();
    store.update({ annotations: new Map() });
    await vi.advanceTimersByTimeAsync(400);
    expect(asked).toBe(2);
  });
});
