// The actions against a stub backend: search drops answers to older
// queries, a note's lifecycle (highlight, delete, undo) shows in the store.
import { describe, expect, it } from "vitest";
import type { Annotation } from "../../src/bindings";
import type { SearchResults } from "../../src/bindings";
import type { Backend } from "../../src/backend/types";
import { Actions, initialState } from "../../src/state/actions";
import { Store } from "../../src/state/store";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const results = (query: string): SearchResults => ({ query, hits: [], total: 0 });

function ann(id: string, start: number, end: number): Annotation {
  return { id, doc_id: "d", start, end, exact: "", prefix: "", suffix: "", color: "yellow", note: "", tags: [], created: "", updated: "", deleted: null } as unknown as Annotation;
}

describe("actions", () => {
  it("search drops an answer that comes after the answer to a newer query", async () => {
    const answers = new Map<string, ReturnType<typeof deferred<SearchResults>>>();
    const backend = { search: (q: string) => answers.set(q, deferred()).get(q)!.promise } as unknown as Backend;
    const store = new Store(initialState());
    const actions = new Actions(backend, store);
    const slow = actions.search("党史");
    const fast = actions.search("党史学");
    answers.get("党史学")!.resolve(results("党史学"));
    await fast;
    answers.get("党史")!.resolve(results("党史"));
    await slow;
    expect(store.state.search?.query).toBe("党史学");
    expect(store.state.searchOpen).toBe(true);
    await actions.search("  ");
    expect(store.state.search).toBeNull();
    expect(store.state.searchOpen).toBe(false);
  });

  it("highlight, delete, undo: the store follows and one toast offers 撤销", async () => {
    let n = 0;
    const backend = {
      createAnnotation: async (x: { start: number; end: number }) => ann(`a${++n}`, x.start, x.end),
      deleteAnnotation: async () => null,
      restoreAnnotation: async (id: string) => ann(id, 1, 3),
      listTags: async () => [],
    } as unknown as Backend;
    const store = new Store({ ...initialState(), doc: { id: "d", title: "", blocks: [] } as never });
    const actions = new Actions(backend, store);
    const toasts: string[] = [];
    store.onEffect((e) => e.kind === "toast" && toasts.push(e.action ? `${e.message}+action` : e.message));
    actions.select({ start: 1, end: 3 });
    actions.setPendingTags(["心得"]);
    await actions.highlightPending("red", true);
    expect(store.state.pending).toBeNull();
    expect([...store.state.annotations.keys()]).toEqual(["a1"]);
    expect(store.state.activeId).toBe("a1");
    expect(store.state.editingId).toBe("a1");
    expect(store.state.lastColor).toBe("red");
    await actions.deleteNote("a1");
    expect(store.state.annotations.size).toBe(0);
    expect(store.state.activeId).toBeNull();
    expect(store.state.undo.map((u) => u.id)).toEqual(["a1"]);
    expect(toasts.length).toBe(1);
    expect(toasts[0]).toMatch(/\+action$/);
    await actions.undoDelete();
    expect(store.state.annotations.has("a1")).toBe(true);
    expect(store.state.undo).toEqual([]);
  });
});
