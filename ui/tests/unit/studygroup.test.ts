// 学习小组 in the UI: whether a group is joined and what is shared, the
// notes panel's author choices, the field an error marks, a member's line;
// the margin's pieces (their name, 复制到我的批注, my 共享 toggle); and the
// actions against a stub backend: a copy is mine and opened, a share goes
// out at once, members' notes are never edited or deleted, the panel asks
// for one author's notes, 退出小组 drops a member chosen in the filter.
import { afterEach, describe, expect, it } from "vitest";
import type { Annotation, ApiError, GroupInfo, Member, NoteFilter, SyncStatus } from "../../src/bindings";
import type { Backend } from "../../src/backend/types";
import { authorChip, copyButton, shareKey, shareToggle } from "../../src/app/groupcard";
import { authorFilter, authorOptions, docShared, exchangedLine, groupFieldFor, groupMembers, isTheirs, joinedGroup, memberLine, noteShare } from "../../src/group/logic";
import { setLang } from "../../src/i18n";
import { Actions, initialState } from "../../src/state/actions";
import { noteAuthor } from "../../src/state/select";
import { Store } from "../../src/state/store";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW - m * 60000).toISOString();

const zhang: Member = { id: "dev-zhang", name: "张三", group: "/srv/小组", seen: minutesAgo(5), notes: 3 };
const li: Member = { id: "dev-li", name: "李四", group: "/srv/小组", seen: minutesAgo(120), notes: 1 };

function group(over: Partial<GroupInfo> = {}): GroupInfo {
  return { target: "/srv/小组", name: "王五", shared_docs: [], shared_notes: [], members: [zhang, li], last_share: minutesAgo(0), ...over };
}

function status(g: GroupInfo | null, group_error: ApiError | null = null): SyncStatus {
  return {
    state: "off",
    info: { target: null, pending: 0, last_sync: null, conflicts: 0 },
    error: null,
    keychain_note: null,
    group: g ?? { target: null, name: "王五", shared_docs: [], shared_notes: [], members: [], last_share: null },
    group_error,
  };
}

function ann(id: string, author: Member | null = null, doc = "d"): Annotation {
  return {
    id,
    doc_id: doc,
    start: 0,
    end: 2,
    exact: "党史",
    prefix: "",
    suffix: "",
    color: "yellow",
    note: "要点",
    tags: [],
    created: "",
    updated: "",
    deleted: null,
    author: author ? { id: author.id, name: author.name } : null,
  } as unknown as Annotation;
}

afterEach(() => {
  setLang("zh-CN");
  document.body.replaceChildren();
});

describe("group logic", () => {
  it("a group counts as joined only with a target (an event without a group: none)", () => {
    expect(joinedGroup(status(group()))?.target).toBe("/srv/小组");
    expect(joinedGroup(status(null))).toBeNull();
    expect(joinedGroup(null)).toBeNull();
    expect(joinedGroup({ ...status(null), group: undefined } as unknown as SyncStatus)).toBeNull();
    expect(groupMembers(status(group())).map((m) => m.name)).toEqual(["张三", "李四"]);
    expect(groupMembers(status(null))).toEqual([]);
  });

  it("what is shared: a document whole, a note alone, nothing; a member's note is theirs to share", () => {
    const g = group({ shared_docs: ["d"], shared_notes: ["n2"] });
    expect(docShared(g, "d")).toBe(true);
    expect(docShared(g, "e")).toBe(false);
    expect(docShared(null, "d")).toBe(false);
    expect(noteShare(g, ann("n1"))).toBe("doc");
    expect(noteShare(g, ann("n2", null, "e"))).toBe("note");
    expect(noteShare(g, ann("n3", null, "e"))).toBe("off");
    expect(noteShare(g, ann("n4", zhang))).toBeNull();
    expect(noteShare(null, ann("n1"))).toBeNull();
    expect(isTheirs(ann("x", zhang))).toBe(true);
    expect(isTheirs(ann("x"))).toBe(false);
  });

  it("author choices: everyone, mine, each member by name (a shared name told apart, one member once)", () => {
    setLang("zh-CN");
    expect(authorOptions([zhang, li])).toEqual([
      ["", "全部"],
      ["local", "我的"],
      ["dev-zhang", "张三"],
      ["dev-li", "李四"],
    ]);
    const other = { ...li, id: "dev-zhang2", name: "张三" };
    const opts = authorOptions([zhang, other, { ...zhang, group: "/srv/另一组" }]);
    expect(opts.slice(2)).toEqual([
      ["dev-zhang", "张三（dev-zh）"],
      ["dev-zhang2", "张三（dev-zh）"],
    ]);
    expect(authorFilter("")).toBeNull();
    expect(authorFilter("local")).toBe("local");
    expect(authorFilter("dev-li")).toBe("dev-li");
    setLang("en");
    expect(authorOptions([]).map(([, l]) => l)).toEqual(["Everyone", "Mine"]);
  });

  it("an error marks its field: credentials, passphrase, and `invalid` on the name when the name is what is wrong", () => {
    const e = (code: ApiError["code"]): ApiError => ({ code, message: "" });
    expect(groupFieldFor(e("denied"), "张三")).toBe("password");
    expect(groupFieldFor(e("passphrase"), "张三")).toBe("passphrase");
    expect(groupFieldFor(e("invalid"), "张三")).toBe("url");
    expect(groupFieldFor(e("invalid"), "  ")).toBe("name");
    expect(groupFieldFor(e("io"), "张三")).toBeNull();
  });

  it("a member's line and the line after an exchange, in both languages", () => {
    setLang("zh-CN");
    const realNow = Date.now;
    Date.now = () => NOW;
    try {
      expect(memberLine(zhang, NOW)).toBe("3 条批注 · 最近交换：5 分钟前");
      expect(exchangedLine(group(), NOW)).toBe("已交换（刚刚）");
      setLang("en");
      expect(memberLine(li, NOW)).toBe("1 notes · last exchange 2 h ago");
      expect(exchangedLine(null, NOW)).toBe("Exchanged (just now)");
    } finally {
      Date.now = realNow;
    }
  });
});

describe("the margin's group pieces", () => {
  const actionsStub = (calls: string[]) =>
    ({
      copyNote: async (id: string) => (calls.push(`copy ${id}`), null),
      setShared: async (entity: string, id: string, shared: boolean) => void calls.push(`share ${entity} ${id} ${shared}`),
    }) as unknown as Actions;

  it("a member's card names them; mine has no name", () => {
    const chip = authorChip(ann("a", zhang))!;
    expect(chip.dataset.testid).toBe("note-author");
    expect(chip.textContent).toBe("张三");
    expect(chip.title).toBe("张三的批注");
    expect(authorChip(ann("b"))).toBeNull();
  });

  it("复制到我的批注 copies that note", async () => {
    const calls: string[] = [];
    const b = copyButton(ann("a", zhang), actionsStub(calls));
    expect(b.dataset.testid).toBe("note-copy");
    expect(b.textContent).toBe("复制到我的批注");
    b.click();
    await Promise.resolve();
    expect(calls).toEqual(["copy a"]);
  });

  it("共享: off, on by itself (click stops it), on with its document (says so, no click), none without a group", () => {
    const calls: string[] = [];
    const stub = actionsStub(calls);
    const s = (g: GroupInfo | null) => ({ ...initialState(), syncStatus: status(g) });
    const off = shareToggle(s(group()), ann("n1"), stub)!;
    expect([off.dataset.testid, off.getAttribute("aria-pressed"), off.disabled]).toEqual(["note-share", "false", false]);
    off.click();
    const on = shareToggle(s(group({ shared_notes: ["n1"] })), ann("n1"), stub)!;
    expect(on.getAttribute("aria-pressed")).toBe("true");
    on.click();
    expect(calls).toEqual(["share annotation n1 true", "share annotation n1 false"]);
    const byDoc = shareToggle(s(group({ shared_docs: ["d"] })), ann("n1"), stub)!;
    expect([byDoc.getAttribute("aria-pressed"), byDoc.disabled, byDoc.title]).toEqual(["true", true, "整篇文档已共享到学习小组（在文档菜单中停止）"]);
    expect(shareToggle(s(null), ann("n1"), stub)).toBeNull();
    expect(shareToggle(s(group()), ann("n1", zhang), stub)).toBeNull();
    expect(shareKey(s(group({ shared_notes: ["n1"] })), ann("n1"))).toBe("note");
    expect(shareKey(s(null), ann("n1"))).toBe("");
  });
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((ok) => (resolve = ok));
  return { promise, resolve };
}

/** A backend for the group actions; records what was called. */
function groupBackend(initial: SyncStatus) {
  const calls: string[] = [];
  const filters: NoteFilter[] = [];
  let now = initial;
  let join = deferred<SyncStatus>();
  const backend = {
    listColors: async () => [],
    listDocuments: async () => [{ id: "d", title: "讲话" }],
    listTags: async () => [],
    listAnnotations: async (f: NoteFilter) => (filters.push(f), []),
    orphans: async () => [],
    syncStatus: async () => now,
    updateAnnotation: async (id: string) => (calls.push(`update ${id}`), ann(id)),
    deleteAnnotation: async (id: string) => (calls.push(`delete ${id}`), null),
    copyNote: async (id: string) => (calls.push(`copy ${id}`), ann(`copy-of-${id}`)),
    setShared: async (entity: string, id: string, shared: boolean) => {
      calls.push(`setShared ${entity} ${id} ${shared}`);
      now = status(group({ shared_docs: shared ? [id] : [] }));
      return now;
    },
    groupNow: async () => (calls.push("groupNow"), now),
    groupJoin: (url: string, name: string, user: string | null, password: string | null, passphrase: string | null) => (calls.push(`join ${url} ${name} ${user} ${password} ${passphrase}`), join.promise),
    groupLeave: async () => (calls.push("leave"), (now = status(null))),
  };
  return { backend: backend as unknown as Backend, calls, filters, finishJoin: (s: SyncStatus) => ((now = s), join.resolve(s)), reset: () => (join = deferred()) };
}

describe("group actions", () => {
  const doc = { id: "d", title: "讲话", blocks: [] } as never;

  it("a member's note is never edited, recoloured or deleted (nothing is asked of the core)", async () => {
    const b = groupBackend(status(group()));
    const theirs = ann("t1", zhang);
    const store = new Store({ ...initialState(), doc, annotations: new Map([["t1", theirs]]) });
    const actions = new Actions(b.backend, store);
    actions.startEdit("t1");
    expect(store.state.editingId).toBeNull();
    await actions.saveNote("t1", "改", []);
    await actions.setColor("t1", "red");
    await actions.deleteNote("t1");
    expect(b.calls).toEqual([]);
    expect(store.state.annotations.has("t1")).toBe(true);
  });

  it("复制到我的批注: the copy is mine, shown and opened; the member's stays", async () => {
    const b = groupBackend(status(group()));
    const store = new Store({ ...initialState(), doc, annotations: new Map([["t1", ann("t1", zhang)]]) });
    const actions = new Actions(b.backend, store);
    const toasts: string[] = [];
    store.onEffect((e) => e.kind === "toast" && toasts.push(e.message));
    const copy = await actions.copyNote("t1");
    expect(copy?.author ?? null).toBeNull();
    expect([...store.state.annotations.keys()]).toEqual(["t1", "copy-of-t1"]);
    expect(store.state.activeId).toBe("copy-of-t1");
    expect(toasts).toContain("已复制到我的批注");
  });

  it("共享到小组: the share, then an exchange at once; nothing without a group", async () => {
    const b = groupBackend(status(group()));
    const store = new Store({ ...initialState(), doc, docs: [{ id: "d", title: "讲话" } as never], syncStatus: status(group()) });
    const actions = new Actions(b.backend, store);
    await actions.setShared("document", "d", true);
    expect(b.calls).toEqual(["setShared document d true", "groupNow"]);
    expect(store.state.syncStatus?.group.shared_docs).toEqual(["d"]);
    expect(store.state.groupBusy).toBe(false);
    const none = groupBackend(status(null));
    const alone = new Actions(none.backend, new Store({ ...initialState(), doc, syncStatus: status(null) }));
    await alone.setShared("document", "d", true);
    expect(none.calls).toEqual([]);
  });

  it("加入小组: busy meanwhile, the name trimmed, empty credentials as null; then the members come", async () => {
    const b = groupBackend(status(null));
    const store = new Store({ ...initialState(), doc });
    const actions = new Actions(b.backend, store);
    const done = actions.joinGroup("/srv/小组", " 王五 ", "", "", "");
    expect(store.state.groupBusy).toBe(true);
    expect(b.calls).toEqual(["join /srv/小组 王五 null null null"]);
    b.finishJoin(status(group()));
    expect(await done).toBeNull();
    expect(store.state.groupBusy).toBe(false);
    expect(groupMembers(store.state.syncStatus).length).toBe(2);
  });

  it("the notes panel asks for one author's notes; 退出小组 drops a member chosen there", async () => {
    const b = groupBackend(status(group()));
    const store = new Store({ ...initialState(), doc, notesOpen: true, syncStatus: status(group()) });
    const actions = new Actions(b.backend, store);
    actions.setNotesFilter({ author: "dev-zhang" });
    await Promise.resolve();
    expect(b.filters.at(-1)?.author).toBe("dev-zhang");
    actions.setNotesFilter({ author: "" });
    await Promise.resolve();
    expect(b.filters.at(-1)?.author).toBeNull();
    actions.setNotesFilter({ author: "dev-li" });
    expect(await actions.leaveGroup()).toBeNull();
    expect(store.state.notesFilter.author).toBe("");
    expect(joinedGroup(store.state.syncStatus)).toBeNull();
    actions.setNotesFilter({ author: "local" });
    await Promise.resolve();
    expect(b.filters.at(-1)?.author).toBe("local");
  });

  it("whose note a search hit is, as far as the UI holds it", () => {
    const s = { ...initialState(), annotations: new Map([["t1", ann("t1", zhang)], ["m1", ann("m1")]]) };
    expect(noteAuthor(s, "t1")?.name).toBe("张三");
    expect(noteAuthor(s, "m1")).toBeNull();
    expect(noteAuthor(s, "elsewhere")).toBeUndefined();
  });
});
