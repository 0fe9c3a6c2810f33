// 同步: the toolbar's words for each status (off, syncing, synced N minutes
// ago, pending, error, conflicts), how long ago reads, the field an error
// marks; and the actions against a stub backend: a window's sync shows
// 同步中… meanwhile, reloads what is shown, and a failure comes back to the
// dialog with the status asked again.
import { afterEach, describe, expect, it } from "vitest";
import type { Annotation, ApiError, ConflictView, SyncStatus } from "../../src/bindings";
import type { Backend } from "../../src/backend/types";
import { setLang } from "../../src/i18n";
import { Actions, initialState } from "../../src/state/actions";
import { Store } from "../../src/state/store";
import { ago, fieldFor, syncedLine, syncLabel } from "../../src/sync/logic";

const NO_GROUP: SyncStatus["group"] = { target: null, name: null, shared_docs: [], shared_notes: [], members: [], last_share: null };
const NOW = Date.parse("2026-03-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW - m * 60000).toISOString();

function status(over: Partial<SyncStatus> = {}, info: Partial<SyncStatus["info"]> = {}): SyncStatus {
  return { state: "idle", error: null, keychain_note: null, group: NO_GROUP, group_error: null, ...over, info: { target: "/srv/sync", pending: 0, last_sync: minutesAgo(3), conflicts: 0, ...info } };
}

afterEach(() => setLang("zh-CN"));

describe("sync status words", () => {
  it("off, syncing (the core's or the window's own), synced N minutes ago, pending, error", () => {
    setLang("zh-CN");
    const off = syncLabel(status({ state: "off" }, { target: null, last_sync: null }), false, NOW);
    expect([off.state, off.text]).toEqual(["off", "未同步"]);
    expect(syncLabel(status({ state: "syncing" }), false, NOW).text).toBe("同步中…");
    const busy = syncLabel(status(), true, NOW);
    expect([busy.state, busy.text]).toEqual(["syncing", "同步中…"]);
    expect(syncLabel(status(), false, NOW).text).toBe("已同步 · 3 分钟前");
    expect(syncLabel(status({}, { last_sync: minutesAgo(0.2) }), false, NOW).text).toBe("已同步 · 刚刚");
    expect(syncLabel(status({}, { last_sync: minutesAgo(125) }), false, NOW).text).toBe("已同步 · 2 小时前");
    const pending = syncLabel(status({}, { pending: 4 }), false, NOW);
    expect(pending.text).toBe("待同步 4 条");
    expect(pending.title).toBe("同步：待同步 4 条；上次同步：3 分钟前");
    const err: ApiError = { code: "denied", message: "dav.example.org 拒绝了用户名或密码，没有做任何改动" };
    const e = syncLabel(status({ state: "error", error: err }), false, NOW);
    expect([e.state, e.text]).toEqual(["error", "同步出错"]);
    expect(e.title).toBe("同步：同步出错；同步目标拒绝了用户名或密码：dav.example.org 拒绝了用户名或密码，没有做任何改动");
  });

  it("conflicts: a badge 冲突 N and a word in the tooltip, none at 0", () => {
    setLang("zh-CN");
    const c = syncLabel(status({}, { conflicts: 2 }), false, NOW);
    expect([c.conflicts, c.badge]).toEqual([2, "冲突 2"]);
    expect(c.title).toContain("2 处冲突待处理");
    expect(syncLabel(status(), false, NOW).conflicts).toBe(0);
  });

  it("reads in English too", () => {
    setLang("en");
    expect(syncLabel(status(), false, NOW).text).toBe("Synced · 3 min ago");
    expect(syncLabel(status({ state: "off" }, { target: null }), false, NOW).text).toBe("Not synced");
    expect(syncedLine(status({}, { pending: 1, last_sync: minutesAgo(0) }), NOW)).toBe("Synced (just now); 1 to sync");
  });

  it("how long ago: a clock behind the target's reads 刚刚, days after a day, an unreadable time as it is", () => {
    setLang("zh-CN");
    expect(ago(new Date(NOW + 90000).toISOString(), NOW)).toBe("刚刚");
    expect(ago(minutesAgo(59), NOW)).toBe("59 分钟前");
    expect(ago(minutesAgo(60 * 49), NOW)).toBe("2 天前");
    expect(ago("soon", NOW)).toBe("soon");
  });

  it("the dialog's line after a sync: the time, what is still pending, the conflicts", () => {
    setLang("zh-CN");
    expect(syncedLine(status({}, { last_sync: minutesAgo(0) }), NOW)).toBe("已同步（刚刚）");
    expect(syncedLine(status({}, { last_sync: minutesAgo(0), pending: 2, conflicts: 1 }), NOW)).toBe("已同步（刚刚）；待同步 2 条；1 处冲突待处理");
  });

  it("an error marks its field: denied the password, passphrase the passphrase, invalid the address", () => {
    expect(fieldFor("denied")).toBe("password");
    expect(fieldFor("passphrase")).toBe("passphrase");
    expect(fieldFor("invalid")).toBe("url");
    expect(fieldFor("io")).toBeNull();
  });
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

/** A backend that syncs when told; counts the reloads of what is shown. */
function syncBackend() {
  const calls: string[] = [];
  let now = status({ state: "off" }, { target: null, last_sync: null });
  let run = deferred<SyncStatus>();
  let conflicts: ConflictView[] = [];
  const backend = {
    listColors: async () => (calls.push("listColors"), []),
    listDocuments: async () => [],
    listTags: async () => [],
    syncStatus: async () => (calls.push("syncStatus"), now),
    syncNow: () => run.promise,
    syncConfigure: (url: string, user: string | null, password: string | null) => (calls.push(`configure ${url} ${user} ${password}`), run.promise),
    syncForget: async () => (now = status({ state: "off" }, { target: null, last_sync: null })),
    syncConflicts: async () => conflicts,
    resolveConflict: async (id: string) => {
      conflicts = conflicts.filter((c) => c.id !== id);
      now = status({}, { pending: 1 });
      return { id: "a1", doc_id: "d", start: 0, end: 2, note: "本机\n\n另一台", orphaned: false, deleted: null } as unknown as Annotation;
    },
  };
  return {
    backend: backend as unknown as Backend,
    calls,
    setStatus: (s: SyncStatus) => (now = s),
    setConflicts: (c: ConflictView[]) => (conflicts = c),
    finish: (s: SyncStatus) => run.resolve(s),
    fail: (e: ApiError, s: SyncStatus) => ((now = s), run.reject(e)),
    next: () => (run = deferred<SyncStatus>()),
  };
}

describe("sync actions", () => {
  it("保存并同步: 同步中… meanwhile, empty credentials go as null, then the status and a reload", async () => {
    const b = syncBackend();
    const store = new Store(initialState());
    const actions = new Actions(b.backend, store);
    const done = actions.configureSync("/srv/sync", "", "", "");
    expect(store.state.syncBusy).toBe(true);
    expect(b.calls).toContain("configure /srv/sync null null");
    b.finish(status());
    expect(await done).toBeNull();
    expect(store.state.syncBusy).toBe(false);
    expect(store.state.syncStatus?.state).toBe("idle");
    expect(b.calls).toContain("listColors"); // the library-changed path reloaded what is shown
  });

  it("a failed 立即同步 resolves to its error and asks for the status, which holds it", async () => {
    const b = syncBackend();
    const store = new Store(initialState());
    const actions = new Actions(b.backend, store);
    const err: ApiError = { code: "passphrase", message: "密码短语不对：没有写入任何内容。" };
    const done = actions.syncNow();
    b.fail(err, status({ state: "error", error: err }));
    expect(await done).toEqual(err);
    expect(store.state.syncBusy).toBe(false);
    expect(store.state.syncStatus?.state).toBe("error");
    expect(b.calls.filter((c) => c === "syncStatus").length).toBe(1);
  });

  it("resolving a conflict updates the note shown, the list and the status", async () => {
    const b = syncBackend();
    const note = { id: "a1", doc_id: "d", start: 0, end: 2, note: "本机" } as unknown as Annotation;
    const store = new Store({ ...initialState(), doc: { id: "d", title: "", blocks: [] } as never, annotations: new Map([["a1", note]]), dialog: "sync" });
    const actions = new Actions(b.backend, store);
    const c = { id: "c1", annotation_id: "a1", doc_id: "d", doc_title: "文", quote: "党史", current: "本机", other: "另一台", other_written: minutesAgo(1) };
    b.setConflicts([c]);
    await actions.loadConflicts();
    expect(store.state.syncConflicts?.length).toBe(1);
    expect(await actions.resolveConflict("c1", "both")).toBe(true);
    expect(store.state.annotations.get("a1")?.note).toBe("本机\n\n另一台");
    expect(store.state.syncConflicts).toEqual([]);
    expect(store.state.syncStatus?.info.pending).toBe(1);
    actions.closeDialog();
    expect(store.state.syncConflicts).toBeNull();
  });
});
