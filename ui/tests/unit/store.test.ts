// The store tells each watcher once per update, only about keys it watches
// and whose value changed; the reader's watchers run first; effects run
// after the views are up to date; updates made by a watcher are queued.
import { describe, expect, it } from "vitest";
import { initialState } from "../../src/state/actions";
import { Store, type Effect, type Key } from "../../src/state/store";

describe("store", () => {
  it("notifies watchers of changed keys only, once per update", () => {
    const store = new Store(initialState());
    const seen: string[][] = [];
    store.watch(["activeId", "editingId"], (_s, changed) => seen.push([...changed].sort()));
    store.update({ activeId: "a", editingId: "a" });
    store.update({ activeId: "a" }); // same value: nothing
    store.update({ lastColor: "red" }); // not watched
    expect(seen).toEqual([["activeId", "editingId"]]);
    expect(store.state.activeId).toBe("a");
  });

  it("runs `first` watchers before the others, whatever the order they came in", () => {
    const store = new Store(initialState());
    const order: string[] = [];
    store.watch(["annotations"], () => order.push("margin"));
    store.watch(["annotations"], () => order.push("reader"), { first: true });
    store.update({ annotations: new Map() });
    expect(order).toEqual(["reader", "margin"]);
  });

  it("runs effects after every watcher, and queues updates made inside a watcher", () => {
    const store = new Store(initialState());
    const log: string[] = [];
    store.watch(["doc"], (s) => {
      log.push(`doc watcher (active ${s.activeId})`);
      store.update({ activeId: "x" });
    });
    store.watch(["activeId"], (s) => log.push(`active watcher ${s.activeId}`));
    store.onEffect((e: Effect) => log.push(`effect ${e.kind}`));
    store.update({ doc: { id: "d", title: "", blocks: [] } as never });
    expect(log).toEqual(["doc watcher (active null)", "active watcher x"]);
    log.length = 0;
    store.watch(["searchOpen"], () => store.emit({ kind: "focusSearch" }));
    store.update({ searchOpen: true, activeId: "y" });
    expect(log).toEqual(["active watcher y", "effect focusSearch"]);
  });

  it("stops telling a watcher once unsubscribed, even in the middle of an update", () => {
    const store = new Store(initialState());
    const calls: Key[] = [];
    let offB = () => {};
    store.watch(["theme"], () => offB());
    offB = store.watch(["theme"], () => calls.push("theme"));
    store.update({ theme: "dark" });
    expect(calls).toEqual([]);
  });

  it("keeps other views working when one throws (the error is rethrown later)", async () => {
    const store = new Store(initialState());
    let ok = false;
    store.watch(["theme"], () => {
      throw new Error("broken view");
    });
    store.watch(["theme"], () => (ok = true));
    const original = globalThis.queueMicrotask;
    const queued: Array<() => void> = [];
    globalThis.queueMicrotask = (fn) => queued.push(fn);
    try {
      store.update({ theme: "dark" });
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(ok).toBe(true);
    expect(() => queued[0]!()).toThrow("broken view");
  });
});
