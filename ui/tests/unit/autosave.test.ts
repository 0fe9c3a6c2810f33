// The essay autosave: waits for a pause, saves one at a time (a newer text
// is never overwritten by an older one), keeps failed edits for a retry,
// and says where it is (saved / dirty / saving / error).
import { describe, expect, it } from "vitest";
import type { Essay } from "../../src/bindings";
import { Autosaver, type EssayEdit, type Timers } from "../../src/state/autosave";
import type { SaveStatus } from "../../src/state/store";

function essay(id: string, over: Partial<Essay> = {}): Essay {
  return { id, doc_id: "d", title: "t", body: "", target: 0, chars: 0, created: "", updated: "", deleted: null, ...over };
}

/** Timers run by hand. */
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    set: (fn, ms) => {
      due.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clear: (h) => void due.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [k, v] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (v.at <= now && due.has(k)) {
        due.delete(k);
        v.fn();
      }
    }
  };
  return { timers, advance, pending: () => due.size };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function harness(save: (id: string, e: EssayEdit) => Promise<Essay>) {
  const t = fakeTimers();
  const statuses: SaveStatus[] = [];
  const saved: Essay[] = [];
  const failures: unknown[] = [];
  const a = new Autosaver({ save, saved: (e) => saved.push(e), status: (s) => statuses.push(s), failed: (e) => failures.push(e) }, 600, t.timers);
  return { a, t, statuses, saved, failures };
}

describe("Autosaver", () => {
  it("saves 600 ms after the last edit, once, with the last text", async () => {
    const calls: Array<[string, EssayEdit]> = [];
    const { a, t, statuses, saved } = harness(async (id, e) => {
      calls.push([id, e]);
      return essay(id, { body: e.body ?? "" });
    });
    a.edit("e1", { body: "一" });
    t.advance(500);
    a.edit("e1", { body: "一二" });
    t.advance(500);
    expect(calls).toEqual([]);
    expect(statuses.at(-1)).toBe("dirty");
    t.advance(100);
    expect(statuses.at(-1)).toBe("saving");
    await tick();
    expect(calls).toEqual([["e1", { body: "一二" }]]);
    expect(saved.map((e) => e.body)).toEqual(["一二"]);
    expect(statuses.at(-1)).toBe("saved");
  });

  it("merges title, body and target edits into one save", async () => {
    const calls: EssayEdit[] = [];
    const { a } = harness(async (id, e) => {
      calls.push(e);
      return essay(id);
    });
    a.edit("e1", { title: "心得" });
    a.edit("e1", { body: "正文" });
    a.edit("e1", { target: 1500 });
    await a.flush();
    expect(calls).toEqual([{ title: "心得", body: "正文", target: 1500 }]);
  });

  it("runs saves one after another: what is typed during a save is saved after it", async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const { a, statuses } = harness(async (id, e) => {
      order.push(`start ${e.body}`);
      if (e.body === "A") await first;
      order.push(`end ${e.body}`);
      return essay(id, { body: e.body });
    });
    a.edit("e1", { body: "A" });
    const p1 = a.flush();
    a.edit("e1", { body: "AB" });
    expect(a.overlay(essay("e1", { body: "old" })).body).toBe("AB");
    const p2 = a.flush();
    await tick();
    expect(order).toEqual(["start A"]);
    expect(statuses.at(-1)).toBe("saving");
    release();
    await p1;
    await p2;
    expect(order).toEqual(["start A", "end A", "start AB", "end AB"]);
    expect(a.unsaved("e1")).toBe(false);
    expect(statuses.at(-1)).toBe("saved");
  });

  it("tells the saved essay with what was typed since laid over it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { a, saved } = harness(async (id, e) => {
      await gate;
      return essay(id, { body: e.body, chars: 1 });
    });
    a.edit("e1", { body: "A" });
    const p = a.flush();
    a.edit("e1", { body: "AB" }); // typed while the save is on its way
    release();
    await p;
    expect(saved[0]!.body).toBe("AB");
    expect(a.unsaved("e1")).toBe(true);
  });

  it("keeps a failed edit, reports the failure once, and retries", async () => {
    let fail = true;
    const calls: EssayEdit[] = [];
    const { a, t, statuses, failures } = harness(async (id, e) => {
      calls.push(e);
      if (fail) throw new Error("disk full");
      return essay(id, { body: e.body });
    });
    a.edit("e1", { body: "甲" });
    await a.flush();
    expect(failures).toHaveLength(1);
    expect(statuses.at(-1)).toBe("error");
    expect(a.unsaved("e1")).toBe(true);
    a.edit("e1", { title: "乙" });
    await a.flush();
    expect(failures).toHaveLength(1); // still failing: no second toast
    fail = false;
    t.advance(5000); // the retry
    await tick();
    await a.flush();
    expect(calls.at(-1)).toEqual({ body: "甲", title: "乙" });
    expect(statuses.at(-1)).toBe("saved");
    expect(a.unsaved("e1")).toBe(false);
  });

  it("forgets the edits of a deleted essay", async () => {
    const calls: string[] = [];
    const { a, t } = harness(async (id) => {
      calls.push(id);
      return essay(id);
    });
    a.edit("gone", { body: "x" });
    a.forget("gone");
    t.advance(1000);
    await tick();
    expect(calls).toEqual([]);
  });
});
