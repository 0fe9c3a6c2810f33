// 同步 (issue 8) in Chromium against the built UI and the real core
// (pizhu-uihost, through run.mjs): a target refused in Chinese with its
// field marked and nothing remembered; the status the app emits; then two
// libraries through one folder — the page's, set up in the 同步与小组
// dialog, and a second pizhu-uihost (another computer) driven by its
// commands: a note written there arrives by 立即同步, the same note edited
// on both sides becomes 冲突 1, 两者都保留 keeps both texts (and goes back to
// the other side), and 停止同步 asks first and deletes nothing.
//
// Exports `syncTests` ({ name, fn({ page, base, log, lib }), opts }, the
// shape of run.mjs's tests, which registers and runs them).
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startHost, uiDir } from "./host.mjs";
import { assert, eq, ipc, open } from "./check.mjs";


const STATUS = '[data-testid="sync-status"]';
const DIALOG = '[data-testid="sync-dialog"]';
const statusIs = (page, state, timeout = 10000) => page.waitForSelector(`${STATUS}[data-state="${state}"]`, { timeout });
const label = (page) => page.textContent('[data-testid="sync-label"]');
const message = (page) => page.textContent('[data-testid="sync-message"]');

async function openDialog(page) {
  await page.click(STATUS);
  await page.waitForSelector(DIALOG);
}

/** Waits for the dialog's result line (tone ok or error) after a sync it started. */
async function result(page, tone) {
  await page.waitForSelector(`[data-testid="sync-message"][data-tone="${tone}"]`, { timeout: 15000 });
  return message(page);
}

/** The code-point offset of `phrase` in the speech (positions are code points). */
async function offsetOf(base, phrase) {
  const doc = await ipc(base, "get_document", { id: "speech" });
  const text = doc.blocks.map((b) => b.text).join("\n");
  return [...text.slice(0, text.indexOf(phrase))].length;
}

async function refused({ page, base }) {
  await open(page, base);
  await statusIs(page, "off");
  eq(await label(page), "未同步", "the toolbar before any target");
  await openDialog(page);
  // the empty form starts on the address; the forms a target may take are shown
  eq(await page.evaluate(() => document.activeElement?.dataset.testid), "sync-url", "focus on the address");
  const hint = await page.textContent("#sy-url-hint");
  assert(hint.includes("webdav") && hint.includes("s3://") && hint.includes("坚果云"), `forms as a hint: ${hint}`);
  assert(await page.isHidden('[data-testid="sync-now"]'), "no 立即同步 without a target");
  assert(await page.isHidden('[data-testid="sync-forget"]'), "no 停止同步 without a target");
  // Enter in a field submits
  await page.fill('[data-testid="sync-url"]', "ftp://x/y");
  await page.press('[data-testid="sync-url"]', "Enter");
  const text = await result(page, "error");
  assert(text.startsWith("无法这样做：") && text.includes("ftp"), `the message, in Chinese: ${text}`);
  eq(await page.getAttribute('[data-testid="sync-url"]', "aria-invalid"), "true", "the address is marked");
  eq(await page.evaluate(() => document.activeElement?.dataset.testid), "sync-url", "and focused");
  // nothing was remembered
  await statusIs(page, "off");
  const st = await ipc(base, "sync_status");
  eq(`${st.state} ${st.info.target}`, "off null", "the core remembers nothing");
  // typing takes the mark off
  await page.type('[data-testid="sync-url"]', "z");
  eq(await page.getAttribute('[data-testid="sync-url"]', "aria-invalid"), null, "mark gone when typing");
  // Esc closes; the focus goes back to the status
  await page.keyboard.press("Escape");
  await page.waitForSelector(DIALOG, { state: "detached" });
  eq(await page.evaluate(() => document.activeElement?.dataset.testid), "sync-status", "focus back on the status");

  // what the app emits (its background syncs) shows as it comes
  const status = (state, extra = {}) => ({ state, info: { target: "/srv/批注", pending: 0, last_sync: new Date(Date.now() - 5 * 60000).toISOString(), conflicts: 0 }, error: null, keychain_note: null, group: { target: null, name: null, shared_docs: [], shared_notes: [], members: [], last_share: null }, group_error: null, ...extra });
  await page.evaluate((s) => window.__uihost.emit("sync-status", s), status("syncing"));
  await statusIs(page, "syncing");
  eq(await label(page), "同步中…", "syncing");
  await page.evaluate((s) => window.__uihost.emit("sync-status", s), status("idle"));
  await statusIs(page, "idle");
  eq(await label(page), "已同步 · 5 分钟前", "synced, minutes ago");
  const err = { code: "denied", message: "dav.example.org 拒绝了用户名或密码，没有做任何改动" };
  await page.evaluate((s) => window.__uihost.emit("sync-status", s), status("error", { error: err }));
  await statusIs(page, "error");
  eq(await label(page), "同步出错", "error");
  const title = await page.getAttribute(STATUS, "title");
  assert(title.includes("同步目标拒绝了用户名或密码") && title.includes("dav.example.org"), `the error in the tooltip: ${title}`);
  eq(await page.getAttribute(STATUS, "aria-label"), title, "and in the aria-label");
}

async function twoComputers({ page, base, lib, log }) {
  const folder = join(lib.dir, "..", `pizhu-sync-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(folder);
  let other = null;
  try {
    await open(page, base);
    await statusIs(page, "off");

    // (a) the page's library: a folder set up in the dialog
    await openDialog(page);
    await page.fill('[data-testid="sync-url"]', folder);
    await page.click('[data-testid="sync-save"]');
    const done = await result(page, "ok");
    assert(done.startsWith("已同步（刚刚）"), `result line: ${done}`);
    await statusIs(page, "idle");
    eq(await label(page), "已同步 · 刚刚", "the toolbar after the first sync");
    assert(existsSync(join(folder, "pizhu-sync.json")), `the folder holds the marker: ${readdirSync(folder)}`);
    assert(await page.isVisible('[data-testid="sync-now"]'), "立即同步 once a target is set");
    assert((await page.textContent('[data-testid="sync-current"]')).includes(folder), "the target shown");

    // (b) another computer: a second host syncing with the same folder
    other = await startHost();
    const b2 = other.base;
    await ipc(b2, "sync_configure", { url: folder, user: null, password: null, passphrase: null });
    const start = await offsetOf(b2, "以史鉴今");
    const a = await ipc(b2, "create_annotation", { input: { doc_id: "speech", start, end: start + 4, color: "green", note: "另一台电脑写的批注", tags: [] } });
    await ipc(b2, "sync_now");
    eq(await page.evaluate((id) => window.__pizhu.state.annotations.has(id), a.id), false, "not here before 立即同步");
    const t0 = Date.now();
    await page.click('[data-testid="sync-now"]');
    await page.waitForFunction((id) => window.__pizhu.state.annotations.has(id), a.id, { timeout: 15000 });
    log(`立即同步 with a note waiting: ${Date.now() - t0} ms to show it`);
    await result(page, "ok");
    await page.keyboard.press("Escape");
    await page.waitForSelector(DIALOG, { state: "detached" });
    await page.waitForSelector(`.card[data-note-id="${a.id}"]:has-text("另一台电脑写的批注")`, { timeout: 5000 });

    // (c) the same note edited on both sides between syncs
    await page.click(`.card[data-note-id="${a.id}"]`);
    await page.click(`.card.active[data-note-id="${a.id}"] [data-testid="note-edit"]`);
    await page.fill('[data-testid="note-input"]', "本机：要联系实际");
    await page.click('[data-testid="note-save"]');
    await page.waitForFunction((id) => window.__pizhu.state.annotations.get(id)?.note === "本机：要联系实际", a.id);
    await page.waitForSelector(`${STATUS}[data-pending="true"]`, { timeout: 5000 });
    assert(/^待同步 \d+ 条$/.test(await label(page)), `the edit waits to be sent: ${await label(page)}`);
    await ipc(b2, "update_annotation", { id: a.id, patch: { note: "另一台：要结合工作", color: null, tags: null } });
    await ipc(b2, "sync_now");
    await openDialog(page);
    await page.click('[data-testid="sync-now"]');
    await result(page, "ok");
    await page.waitForSelector(`${STATUS}[data-conflicts="1"]`, { timeout: 10000 });
    eq(await page.textContent('[data-testid="sync-conflicts"]'), "冲突 1", "the badge");
    const item = page.locator('[data-testid="sync-conflict"]');
    await item.first().waitFor();
    eq(await item.count(), 1, "one conflict listed");
    const shown = {
      doc: await item.locator(".sy-conflict-doc").textContent(),
      quote: await item.locator(".sy-quote mark").textContent(),
      mine: await item.locator('[data-testid="conflict-this"] .sy-text-body').textContent(),
      theirs: await item.locator('[data-testid="conflict-other"] .sy-text-body').textContent(),
    };
    eq(shown.quote, "以史鉴今", "the highlighted words");
    assert(shown.doc.startsWith("《") && shown.doc.length > 2, `the document: ${shown.doc}`);
    eq([shown.mine, shown.theirs].sort().join(" | "), ["另一台：要结合工作", "本机：要联系实际"].sort().join(" | "), "both texts, one on each side");
    await page.screenshot({ path: join(uiDir, "test-results", "sync-conflict.png") });
    await item.locator('[data-testid="keep-both"]').click();
    await page.waitForSelector('[data-testid="sync-conflict"]', { state: "detached", timeout: 5000 });
    assert(await page.isHidden('[data-testid="sync-conflicts-section"]'), "the conflicts section goes");
    await page.waitForSelector(`${STATUS}[data-conflicts="0"]`, { timeout: 5000 });
    assert(await page.isHidden('[data-testid="sync-conflicts"]'), "the badge goes");
    const note = await page.evaluate((id) => window.__pizhu.state.annotations.get(id)?.note, a.id);
    assert(note.includes("本机：要联系实际") && note.includes("另一台：要结合工作"), `the note holds both: ${JSON.stringify(note)}`);
    assert(await page.evaluate(() => document.querySelector('[data-testid="sync-dialog"]')?.contains(document.activeElement)), "the focus stays in the dialog");
    // the resolution goes to the other computer with the next syncs
    await page.click('[data-testid="sync-now"]');
    await result(page, "ok");
    await ipc(b2, "sync_now");
    const there = (await ipc(b2, "list_annotations", { filter: { doc_id: "speech", tag: null, color: null, text: null, trash: false } })).find((x) => x.id === a.id);
    eq(there.note, note, "the other computer has both texts too");
    eq((await ipc(b2, "sync_conflicts")).length, 0, "and no conflict");

    // (e) 停止同步: asked first, then off; the folder keeps its files
    const before = readdirSync(folder).sort().join(",");
    await page.click('[data-testid="sync-forget"]');
    await page.waitForSelector('[data-testid="confirm-dialog"]');
    eq(await page.textContent("#confirm-text"), "不再与此目标同步？目标和本机的内容都不会删除。", "the question");
    await page.click('[data-testid="confirm-no"]');
    await page.waitForSelector('[data-testid="confirm-dialog"]', { state: "detached" });
    await statusIs(page, "idle");
    await page.click('[data-testid="sync-forget"]');
    await page.click('[data-testid="confirm-yes"]');
    await statusIs(page, "off");
    eq(await label(page), "未同步", "off again");
    assert((await result(page, "ok")).includes("已停止同步"), "said in the dialog");
    assert(await page.isHidden('[data-testid="sync-now"]'), "立即同步 gone with the target");
    eq(readdirSync(folder).sort().join(","), before, "nothing deleted on the target");
    eq((await ipc(base, "sync_status")).info.target, null, "the core forgot the target");
    assert(await page.evaluate((id) => window.__pizhu.state.annotations.has(id), a.id), "nothing deleted here");
  } finally {
    if (other && other.child.exitCode === null) other.child.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

export const syncTests = [
  { name: "同步: a bad target is refused in Chinese with the address marked, nothing remembered; the app's status events show (syncing, minutes ago, error)", fn: refused, opts: { library: {} } },
  { name: "同步: two libraries through a folder — set up in the dialog, a note from the other computer by 立即同步, a conflict kept both ways, 停止同步 asks and deletes nothing", fn: twoComputers, opts: { library: {} } },
];
