// 学习小组 (study groups, S4) in Chromium against the built UI and the real
// core (pizhu-uihost, through run.mjs): two libraries — the page's (李四)
// and a second pizhu-uihost (张三, another reader) with a page of its own —
// join one group (a folder) in the 同步与小组 dialog. 张三 highlights a
// passage with a note and shares the speech from the document menu; 李四's
// 立即交换 brings it: a card named 张三, dashed in the text, read-only (no
// edit, delete, colours or review card; the core refuses an edit with
// read_only), copied by 复制到我的批注 into a card of 李四's own; the notes
// panel filters by author; 退出小组 asks first and keeps the copy.
//
// Exports `groupsTests` ({ name, fn({ page, base, log, lib }), opts }, the
// shape of run.mjs's tests, which registers and runs them).
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startHost, uiDir } from "./host.mjs";
import { assert, eq, ipc, open } from "./check.mjs";

const DIALOG = '[data-testid="sync-dialog"]';
const groupMessage = (page) => page.textContent('[data-testid="group-message"]');

async function openDialog(page) {
  await page.click('[data-testid="sync-status"]');
  await page.waitForSelector(DIALOG);
}

async function closeDialog(page) {
  await page.keyboard.press("Escape");
  await page.waitForSelector(DIALOG, { state: "detached" });
}

/** Waits for the group section's result line (tone ok or error) after what it started. */
async function result(page, tone) {
  await page.waitForSelector(`[data-testid="group-message"][data-tone="${tone}"]`, { timeout: 20000 });
  return groupMessage(page);
}

/** Joins the group at `folder` as `name` in the dialog (left open). */
async function joinGroup(page, folder, name) {
  await openDialog(page);
  await page.fill('[data-testid="group-url"]', folder);
  await page.fill('[data-testid="group-name"]', name);
  await page.click('[data-testid="group-join"]');
  const done = await result(page, "ok");
  assert(done.startsWith("已交换（"), `${name} joined: ${done}`);
  await page.waitForSelector('[data-testid="group-now"]:not([hidden])');
  assert((await page.textContent('[data-testid="group-current"]')).includes(`我的名字：${name}`), `${name}'s name shown`);
}

/** The code-point offset of `phrase` in the speech (positions are code points). */
async function offsetOf(base, phrase) {
  const doc = await ipc(base, "get_document", { id: "speech" });
  const text = doc.blocks.map((b) => b.text).join("\n");
  return [...text.slice(0, text.indexOf(phrase))].length;
}

const mine = (filter = {}) => ({ filter: { doc_id: "speech", tag: null, color: null, text: null, trash: false, author: null, ...filter } });

async function twoReaders({ page, base, lib, log }) {
  const folder = join(lib.dir, "..", `pizhu-group-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(folder);
  let other = null;
  try {
    // (a) 张三: another reader's library, in a page of its own
    other = await startHost();
    const b2 = other.base;
    const zhang = await page.context().newPage();
    await open(zhang, b2);
    await joinGroup(zhang, folder, "张三");
    await closeDialog(zhang);

    // (b) 李四: the page's library; an empty name is refused with its field marked
    await open(page, base);
    await openDialog(page);
    assert(await page.isHidden('[data-testid="group-now"]'), "no 立即交换 before joining");
    assert(await page.isHidden('[data-testid="group-leave"]'), "no 退出小组 before joining");
    await page.fill('[data-testid="group-url"]', folder);
    await page.click('[data-testid="group-join"]');
    assert((await result(page, "error")).includes("请填写你在小组里的名字"), "an empty name is asked for");
    eq(await page.getAttribute('[data-testid="group-name"]', "aria-invalid"), "true", "the name is marked");
    await page.fill('[data-testid="group-name"]', "李四");
    await page.press('[data-testid="group-name"]', "Enter");
    assert((await result(page, "ok")).startsWith("已交换（"), "李四 joined");
    await closeDialog(page);

    // (c) 张三 highlights a passage with a note and shares the speech from the document menu
    const start = await offsetOf(b2, "以史鉴今");
    await zhang.evaluate(({ start }) => {
      window.__pizhu.actions.select({ start, end: start + 4 });
      return window.__pizhu.actions.highlightPending("green", true);
    }, { start });
    await zhang.fill('[data-testid="note-input"]', "张三：以史为鉴，要结合实际");
    await zhang.click('[data-testid="note-save"]');
    await zhang.waitForFunction(() => [...window.__pizhu.state.annotations.values()].some((a) => a.note.startsWith("张三：")));
    const theirsId = await zhang.evaluate(() => [...window.__pizhu.state.annotations.values()].find((a) => a.note.startsWith("张三："))?.id);
    await zhang.click('[data-testid="doc-switch"]');
    eq(await zhang.textContent('[data-testid="doc-share"]'), "共享到小组", "the menu offers to share");
    await zhang.click('[data-testid="doc-share"]');
    await zhang.waitForFunction(() => window.__pizhu.state.syncStatus?.group.shared_docs.includes("speech") && !window.__pizhu.state.groupBusy, null, { timeout: 20000 });
    await zhang.click('[data-testid="doc-switch"]');
    eq(await zhang.textContent('[data-testid="doc-share"]'), "停止共享", "then offers to stop");
    await zhang.click('[data-testid="doc-switch"]'); // closes the menu

    // (d) 李四's 立即交换 brings it
    eq(await page.evaluate((id) => window.__pizhu.state.annotations.has(id), theirsId), false, "not here before 立即交换");
    await openDialog(page);
    const t0 = Date.now();
    await page.click('[data-testid="group-now"]');
    await page.waitForFunction((id) => window.__pizhu.state.annotations.has(id), theirsId, { timeout: 20000 });
    log(`立即交换 with a shared note waiting: ${Date.now() - t0} ms to show it`);
    await result(page, "ok");
    const member = page.locator('[data-testid="group-member"]', { hasText: "张三" });
    await member.waitFor();
    assert((await member.textContent()).includes("1 条批注"), `张三 listed with one note: ${await member.textContent()}`);
    await page.screenshot({ path: join(uiDir, "test-results", "group-dialog.png") });
    await closeDialog(page);
    // the <mark> painter (WebKit's): the same dashed underline, no fill
    await open(page, base, "?marks");
    const mark = await page.waitForSelector(`mark.hl.theirs[data-ann="${theirsId}"]`);
    const style = await mark.evaluate((m) => [getComputedStyle(m).textDecorationStyle, getComputedStyle(m).backgroundColor]);
    eq(style.join(" "), "dashed rgba(0, 0, 0, 0)", "a member's <mark>: dashed, unfilled");
    await open(page, base);

    // (e) the margin: 张三's card, named, read-only; the text: a dashed mark
    const card = `.card[data-note-id="${theirsId}"]`;
    await page.waitForSelector(`${card} [data-testid="note-author"]`, { timeout: 5000 });
    eq(await page.textContent(`${card} [data-testid="note-author"]`), "张三", "the card names its author");
    assert(await page.evaluate((sel) => document.querySelector(sel).classList.contains("theirs"), card), "the card is marked theirs");
    const painted = await page.evaluate(() => (window.__pizhu.reader.useApi ? [...CSS.highlights.keys()].filter((k) => k.startsWith("theirs-")) : [...document.querySelectorAll("mark.hl.theirs")].map((m) => m.className)));
    assert(painted.length > 0, `the member's highlight painted apart: ${JSON.stringify(painted)}`);
    await page.click(card);
    await page.waitForSelector(`${card}.active [data-testid="note-copy"]`);
    for (const testid of ["note-edit", "note-delete", "card-review-toggle", "note-share", "quote-to-essay"]) eq(await page.locator(`${card} [data-testid="${testid}"]`).count(), 0, `no ${testid} on a member's card`);
    eq(await page.locator(`${card} .card-colors`).count(), 0, "no colours on a member's card");
    // double-click and Delete do nothing
    await page.dblclick(`${card} [data-testid="note-body"]`);
    eq(await page.locator('[data-testid="note-input"]').count(), 0, "no editor on double-click");
    await page.focus(card);
    await page.keyboard.press("Delete");
    await page.waitForTimeout(300);
    assert(await page.evaluate((id) => window.__pizhu.state.annotations.has(id), theirsId), "Delete leaves it");
    // the core refuses an edit, naming 张三
    let refusal = null;
    try {
      await ipc(base, "update_annotation", { id: theirsId, patch: { note: "改", color: null, tags: null } });
    } catch (e) {
      refusal = e.body;
    }
    eq(refusal?.code, "read_only", "an edit of a member's note is refused");
    assert(refusal.message.includes("张三"), `the refusal names the member: ${refusal.message}`);

    // (f) 复制到我的批注: a card of my own
    await page.screenshot({ path: join(uiDir, "test-results", "group-card.png") });
    await page.click(`${card} [data-testid="note-copy"]`);
    await page.waitForFunction((id) => {
      const s = window.__pizhu.state;
      const a = s.annotations.get(s.activeId);
      return a && a.id !== id && !a.author;
    }, theirsId);
    const copyId = await page.evaluate(() => window.__pizhu.state.activeId);
    const copy = `.card.active[data-note-id="${copyId}"]`;
    await page.waitForSelector(`${copy} [data-testid="note-edit"]`);
    eq(await page.locator(`${copy} [data-testid="note-author"]`).count(), 0, "the copy names no author");
    assert((await page.textContent(`${copy} [data-testid="note-body"]`)).includes("以史为鉴"), "the copy has the note");
    eq(await page.getAttribute(`${copy} [data-testid="note-share"]`, "aria-pressed"), "false", "the copy is private");
    // 共享 on my own card: that one note goes to the group
    await page.click(`${copy} [data-testid="note-share"]`);
    await page.waitForFunction((id) => window.__pizhu.state.syncStatus?.group.shared_notes.includes(id) && !window.__pizhu.state.groupBusy, copyId, { timeout: 20000 });
    await page.waitForSelector(`.card.active[data-note-id="${copyId}"] [data-testid="note-share"][aria-pressed="true"]`);
    eq(await page.evaluate((id) => window.__pizhu.state.annotations.has(id), theirsId), true, "the member's note stays");
    const listed = await ipc(base, "list_annotations", mine({ author: "local" }));
    eq(listed.map((a) => a.id).join(), copyId, "the core lists the copy as mine");

    // (g) the notes panel: by author
    await page.click('[data-testid="notes-toggle"]');
    await page.waitForSelector('[data-testid="notes-author"]:not([hidden])');
    const options = await page.$$eval('[data-testid="notes-author"] option', (os) => os.map((o) => o.textContent));
    eq(options.join("/"), "全部/我的/张三", "the author choices");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="notes-item"]').length === 2, null, { timeout: 5000 }).catch(() => undefined);
    eq(await page.locator('[data-testid="notes-item"]').count(), 2, "everyone's: two notes");
    await page.selectOption('[data-testid="notes-author"]', { label: "张三" });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="notes-item"]').length === 1);
    eq(await page.getAttribute('[data-testid="notes-item"]', "data-note-id"), theirsId, "张三's only");
    eq(await page.textContent('[data-testid="notes-item"] [data-testid="notes-item-author"]'), "张三", "named in the list");
    await page.selectOption('[data-testid="notes-author"]', { label: "我的" });
    await page.waitForFunction((id) => [...document.querySelectorAll('[data-testid="notes-item"]')].map((x) => x.dataset.noteId).join() === id, copyId);
    eq(await page.locator('[data-testid="notes-item-author"]').count(), 0, "mine carry no name");
    await page.click('[data-testid="notes-toggle"]');

    // (h) 退出小组: asked first; the members' notes go, the copy stays
    await openDialog(page);
    await page.click('[data-testid="group-leave"]');
    await page.waitForSelector('[data-testid="confirm-dialog"]');
    eq(await page.textContent("#confirm-text"), "退出后，小组成员的批注会从本机移除（你复制的会保留）", "the question");
    await page.click('[data-testid="confirm-no"]');
    await page.waitForSelector('[data-testid="confirm-dialog"]', { state: "detached" });
    assert(await page.evaluate((id) => window.__pizhu.state.annotations.has(id), theirsId), "nothing left on 取消");
    await page.click('[data-testid="group-leave"]');
    await page.click('[data-testid="confirm-yes"]');
    assert((await result(page, "ok")).includes("已退出学习小组"), "said in the dialog");
    await page.waitForFunction((id) => !window.__pizhu.state.annotations.has(id), theirsId, { timeout: 5000 });
    assert(await page.isHidden('[data-testid="group-now"]'), "立即交换 gone with the group");
    assert(await page.evaluate((id) => window.__pizhu.state.annotations.has(id), copyId), "the copy stays");
    await zhang.close();
  } finally {
    if (other && other.child.exitCode === null) other.child.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

export const groupsTests = [
  {
    name: "学习小组 (groups): two readers join a folder group in the dialog; 张三 shares the speech from the document menu, 李四's 立即交换 brings a read-only card named 张三 (edit refused read_only), 复制到我的批注 makes it 李四's, the notes panel filters by author, 退出小组 asks and keeps the copy",
    fn: twoReaders,
    opts: { library: {} },
  },
];
