// End-to-end test of the REAL Pizhu app (release binary, Rust core, SQLite,
// Tantivy) through tauri-driver + WebKitWebDriver. Run with tests/e2e/run.sh.
//
// The steps depend on each other (one app, one library): when a step fails,
// the later ones are reported as failed ("not run") instead of cascading.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  annotationByExact,
  appPids,
  cli,
  cliIn,
  env,
  launch,
  pageProblems,
  paintedCount,
  quit,
  selectPhrase,
  sleep,
  typeInto,
  waitReady,
  withTimeout,
} from "./lib.mjs";

const PHRASE = "政法铁军";
const NOTE = "铁军要有灵魂😀";
const TAG = "心得";
const NOTE_QUERY = "要有灵魂"; // in the note only, not in the speech
const PASSAGE_QUERY = "整顿工";
const XSS_PHRASE = "以史鉴今、资政育人";
const CLI_PHRASE = "重大决策部署";
const TRASH_PHRASE = "政法队伍教育整顿"; // a throwaway highlight, deleted and purged
const CLI_NOTE = "- 一是命令行写的批注"; // begins with "-": a Markdown list, not a flag
const CLI_NOTE_QUERY = "命令行写的";
const OTHER_PHRASE = "波澜壮阔"; // highlighted on "another computer"
const OTHER_NOTE = "家里电脑上写的";
const APP_PHRASE = "可歌可泣"; // highlighted in the app, sent by itself
const MEMBER_PHRASE = "切实增强政治责任感"; // highlighted by a study-group member
const MEMBER_NOTE = "张三：这是小组共享的批注";
const XSS = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>[x](javascript:window.__pwned=1)`;

let browser = null;
let broken = null; // name of the first failed step
let noteId = null;
let cliNoteId = null;

/** A dependent step: own timeout; once one fails, the rest fail as "not run". */
function step(name, fn, ms = 30000) {
  it(name, async () => {
    if (broken) {
      const e = new Error(`not run: an earlier step failed ("${broken}")`);
      e.stack = e.message;
      throw e;
    }
    try {
      await withTimeout(fn(), ms, name);
    } catch (e) {
      broken = name;
      if (browser) {
        await browser.saveScreenshot(join(env.artifacts, `FAILED-${name.replace(/[^\w-]+/g, "_").slice(0, 60)}.png`)).catch(() => {});
      }
      throw e;
    }
  });
}

// textContent: WebDriver's "visible text" skips the line-clamped note preview in WebKit
const textOf = (el) => el.getProperty("textContent");

async function noProblems(where) {
  const problems = await pageProblems(browser);
  assert.deepEqual(problems, [], `page errors ${where}`);
}

after(async () => {
  // leave no app behind, even after a failure (run.sh also kills the driver's process group)
  if (browser) await browser.deleteSession().catch(() => {});
});

describe("Pizhu desktop app (real backend)", () => {
  step("first session: the app opens the bundled speech", async () => {
    browser = await launch();
    await waitReady(browser);
    const info = await browser.execute(() => ({
      title: document.querySelector('[data-testid="doc-title"]')?.textContent ?? "",
      docId: window.__pizhu.state.doc.id,
      headings: [...document.querySelectorAll("h2[data-block]")].map((e) => e.textContent.slice(0, 2)),
      blocks: document.querySelectorAll("[data-block]").length,
      notes: window.__pizhu.state.annotations.size,
    }));
    assert.equal(info.docId, "speech");
    assert.ok(info.title.length > 0, "document title rendered");
    assert.deepEqual(info.headings, ["一、", "二、", "三、"], "section headings");
    assert.ok(info.blocks >= 15, `blocks rendered: ${info.blocks}`);
    assert.equal(info.notes, 0, "fresh library has no notes");
    // 简体中文 although the WebView reports en-US (LANG=C): the UI does not follow navigator.language
    const langs = await browser.execute(() => ({ ui: document.documentElement.lang, nav: navigator.language }));
    assert.equal(langs.ui, "zh-CN", `Chinese UI by default (navigator.language ${langs.nav})`);
    assert.equal(await browser.$('[data-testid="notes-toggle"]').getText(), "我的批注", "Chinese UI");
    // first run: a quiet hint in the margin until the first highlight
    const hint = await browser.$('[data-testid="first-run-hint"]');
    await hint.waitForDisplayed({ timeout: 5000, timeoutMsg: "no first-run hint in the margin" });
    assert.equal(await textOf(hint), "选中文字即可划线、批注");
    await noProblems("after opening");
  }, 60000);

  step(`highlight 「${PHRASE}」 with a note and a tag through the toolbar and the card`, async () => {
    await selectPhrase(browser, PHRASE);
    await typeInto(browser, '[data-testid="toolbar-tags"]', TAG);
    await browser.$('[data-testid="toolbar-note"]').click();
    await typeInto(browser, '[data-testid="note-input"]', NOTE);
    await browser.$('[data-testid="note-save"]').click();
    await browser.$('[data-testid="note-input"]').waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "the note editor did not close after 保存" });
    const a = await annotationByExact(browser, PHRASE);
    assert.ok(a, "annotation created");
    assert.equal(a.note, NOTE, "note saved");
    assert.deepEqual(a.tags, [TAG], "tag from the toolbar");
    noteId = a.id;
    assert.equal(await paintedCount(browser), 1, "one highlight painted");
    const card = await browser.$(`[data-testid="note-card"][data-note-id="${noteId}"]`);
    await card.waitForDisplayed({ timeout: 5000 });
    const text = await textOf(card);
    assert.ok(text.includes(NOTE), `card shows the note: ${text}`);
    assert.ok(text.includes(TAG), `card shows the tag: ${text}`);
    assert.equal(await browser.$('[data-testid="first-run-hint"]').isDisplayed(), false, "the first-run hint is gone after the first highlight");
    await noProblems("after saving the note");
  });

  step("close the session: the app process exits", async () => {
    assert.ok(appPids().length >= 1, "the app is running before the session ends");
    await quit(browser);
    browser = null;
    assert.deepEqual(appPids(), [], "no app process left");
  });

  step("the CLI sees the note in SQLite (notes --json)", async () => {
    const notes = JSON.parse(await cli("notes", "--json"));
    const a = notes.find((n) => n.id === noteId);
    assert.ok(a, `note ${noteId} in \`pizhu notes --json\`: ${JSON.stringify(notes)}`);
    assert.equal(a.exact, PHRASE);
    assert.equal(a.note, NOTE);
    assert.deepEqual(a.tags, [TAG]);
    assert.equal(a.doc_id, "speech");
  });

  step("second session (same library): the highlight and its note card are back", async () => {
    browser = await launch();
    await waitReady(browser);
    const a = await annotationByExact(browser, PHRASE);
    assert.ok(a, "annotation loaded from the library");
    assert.equal(a.id, noteId);
    assert.equal(a.note, NOTE);
    assert.deepEqual(a.tags, [TAG]);
    assert.equal(await paintedCount(browser), 1, "highlight painted");
    assert.equal(await browser.execute(() => document.documentElement.lang), "zh-CN", "the language choice survived the restart (localStorage)");
    // bring the passage into view; its card sits level with it in the margin
    await browser.execute((id) => {
      const r = window.__pizhu.reader.ranges.get(id);
      const desk = document.querySelector('[data-testid="desk"]');
      window.__pizhu.reader.scrollToRange(desk, r, false);
    }, noteId);
    const card = await browser.$(`[data-testid="note-card"][data-note-id="${noteId}"]`);
    await card.waitForDisplayed({ timeout: 5000, timeoutMsg: "note card not shown after relaunch" });
    const text = await textOf(card);
    assert.ok(text.includes(NOTE), `card shows the note: ${text}`);
    assert.ok(text.includes(TAG), `card shows the tag: ${text}`);
    const level = await browser.execute((id) => {
      const r = window.__pizhu.reader.ranges.get(id).getClientRects()[0];
      const c = document.querySelector(`[data-note-id="${id}"]`).getBoundingClientRect();
      return { passage: r.top, card: c.top, cardLeft: c.left, passageRight: r.right, vh: window.innerHeight };
    }, noteId);
    assert.ok(Math.abs(level.card - level.passage) < 40, `card level with its passage: ${JSON.stringify(level)}`);
    assert.ok(level.cardLeft > level.passageRight, `card beside the text: ${JSON.stringify(level)}`);
    assert.ok(level.passage > 0 && level.passage < level.vh, `passage on screen: ${JSON.stringify(level)}`);
    await sleep(300); // let fonts/paint settle for the screenshot
    await browser.saveScreenshot(join(env.shots, "screenshot-reader.png"));
    await noProblems("after relaunch");
  }, 60000);

  step(`search the note (「${NOTE_QUERY}」): the note result appears`, async () => {
    await typeInto(browser, '[data-testid="search-input"]', NOTE_QUERY);
    const hit = await browser.$('[data-testid="search-hit"][data-kind="note"]');
    await hit.waitForDisplayed({ timeout: 5000, timeoutMsg: "no note hit in the search results" });
    const text = await textOf(hit);
    assert.ok(text.includes(NOTE_QUERY), `note hit snippet: ${text}`);
    const marks = await browser.execute(() => [...document.querySelectorAll('[data-testid="search-hit"][data-kind="note"] mark')].map((m) => m.textContent));
    assert.ok(marks.join("").includes(NOTE_QUERY), `query marked in the snippet: ${JSON.stringify(marks)}`);
    const passages = await browser.$$('[data-testid="search-hit"][data-kind="passage"]');
    assert.equal(passages.length, 0, "the query is only in the note");
  });

  step(`search a passage (「${PASSAGE_QUERY}」), click the result: the passage scrolls into view`, async () => {
    await typeInto(browser, '[data-testid="search-input"]', PASSAGE_QUERY);
    await browser.waitUntil(
      () =>
        browser.execute((q) => {
          const hits = [...document.querySelectorAll('[data-testid="search-hit"][data-kind="passage"]')];
          return hits.length > 1 && hits.every((h) => [...h.querySelectorAll("mark")].some((m) => m.textContent === q));
        }, PASSAGE_QUERY),
      { timeout: 5000, timeoutMsg: `no passage hits for ${PASSAGE_QUERY}` },
    );
    // start from the top of the document: the last hit lies far below
    await browser.execute(() => (document.querySelector('[data-testid="desk"]').scrollTop = 0));
    await sleep(200);
    await browser.saveScreenshot(join(env.shots, "screenshot-search.png"));
    const hits = await browser.$$('[data-testid="search-hit"][data-kind="passage"]');
    const last = hits[hits.length - 1];
    const snippet = await textOf(last);
    assert.ok(snippet.includes(PASSAGE_QUERY), `passage snippet: ${snippet}`);
    await last.click();
    await browser.waitUntil(() => browser.execute(() => !!document.querySelector('[data-testid="reader"]').dataset.flash), {
      timeout: 5000,
      timeoutMsg: "the passage was not flashed after clicking the result",
    });
    const view = await browser.execute((q) => {
      const [start, end] = document.querySelector('[data-testid="reader"]').dataset.flash.split("-").map(Number);
      const r = window.__pizhu.reader.rangeFor(start, end);
      const rc = r.getBoundingClientRect();
      const desk = document.querySelector('[data-testid="desk"]');
      const box = desk.getBoundingClientRect();
      const block = r.startContainer.parentElement.closest("[data-block]").getBoundingClientRect();
      return {
        text: r.toString(),
        top: rc.top,
        bottom: rc.bottom,
        blockTop: block.top,
        blockBottom: block.bottom,
        deskTop: box.top,
        deskBottom: box.bottom,
        vh: window.innerHeight,
        scrollTop: desk.scrollTop,
        resultsHidden: document.querySelector('[data-testid="search-results"]').hidden,
        q,
      };
    }, PASSAGE_QUERY);
    assert.equal(view.text, PASSAGE_QUERY, "the flashed range is the query text");
    assert.ok(view.scrollTop > 0, `the desk scrolled: ${JSON.stringify(view)}`);
    // it was out of view at scrollTop 0
    assert.ok(view.top + view.scrollTop > view.deskBottom, `the passage was below the fold before the jump: ${JSON.stringify(view)}`);
    assert.ok(view.top >= view.deskTop && view.bottom <= view.deskBottom, `passage inside the desk: ${JSON.stringify(view)}`);
    assert.ok(view.top >= 0 && view.bottom <= view.vh, `passage inside the viewport: ${JSON.stringify(view)}`);
    assert.ok(view.blockTop < view.vh && view.blockBottom > view.deskTop, `its block is on screen: ${JSON.stringify(view)}`);
    assert.equal(view.resultsHidden, true, "results closed after the jump");
    await noProblems("after search");
  });

  step("flash (WebKit <mark> path): the passage keeps its highlight, its card stays level, a click on the text still opens it; the active underline is supported", async () => {
    await browser.keys(["Escape"]);
    await browser.execute((id) => {
      window.__pizhu.actions.activate(null);
      const desk = document.querySelector('[data-testid="desk"]');
      window.__pizhu.reader.scrollToRange(desk, window.__pizhu.reader.ranges.get(id), false);
    }, noteId);
    const card = await browser.$(`[data-testid="note-card"][data-note-id="${noteId}"]`);
    await card.waitForDisplayed({ timeout: 5000 });
    await card.click(); // opens the card and flashes its passage
    await browser.waitUntil(() => browser.execute(() => !!document.querySelector('[data-testid="reader"]').dataset.flash), { timeout: 5000, timeoutMsg: "no flash after clicking the card" });
    const during = await browser.execute((id) => ({ useApi: window.__pizhu.reader.useApi, text: window.__pizhu.reader.ranges.get(id)?.toString() ?? null }), noteId);
    assert.equal(during.text, PHRASE, `the highlight's range during the flash (useApi ${during.useApi})`);
    await browser.waitUntil(() => browser.execute(() => !document.querySelector('[data-testid="reader"]').dataset.flash), { timeout: 5000, timeoutMsg: "the flash did not end" });
    // the margin refreshes (another note's state changes): the card must not jump to the top
    await browser.execute(() => window.__pizhu.actions.setFont(1));
    await sleep(200);
    const after = await browser.execute((id) => {
      const r = window.__pizhu.reader.ranges.get(id);
      const rect = r.getClientRects()[0];
      const c = document.querySelector(`[data-testid="note-card"][data-note-id="${id}"]`)?.getBoundingClientRect();
      return { text: r.toString(), passage: rect ? rect.top : null, card: c ? c.top : null, x: rect ? rect.left + rect.width / 2 : 0, y: rect ? rect.top + rect.height / 2 : 0 };
    }, noteId);
    assert.equal(after.text, PHRASE, "the range is whole after the flash");
    assert.ok(after.card !== null && Math.abs(after.card - after.passage) < 40, `card level with its passage after the flash: ${JSON.stringify(after)}`);
    // the active highlight's underline: a form WebKitGTK accepts
    const style = await browser.execute(() => {
      const m = document.querySelector("mark.hl-active");
      return {
        marks: document.querySelectorAll("mark.hl-active").length,
        line: m ? getComputedStyle(m).textDecorationLine : null,
        supported: ["text-decoration-line: underline", "text-decoration-thickness: 2px", "text-underline-offset: 0.28em"].every((d) => CSS.supports(`(${d})`)),
        shorthand: CSS.supports("text-decoration", "underline 2px red"),
      };
    });
    if (!during.useApi) {
      assert.ok(style.marks > 0, "the open note's marks are marked active");
      assert.equal(style.line, "underline", `active highlight underlined (shorthand supported: ${style.shorthand})`);
    }
    assert.ok(style.supported, "the declarations used are supported");
    // click the text: the note opens (the hit test finds its range)
    await browser.execute(() => window.__pizhu.actions.activate(null));
    await browser.execute(({ x, y }) => {
      getSelection().removeAllRanges();
      const el = document.elementFromPoint(x, y);
      el.dispatchEvent(new MouseEvent("mouseup", { bubbles: true, button: 0, clientX: x, clientY: y }));
    }, after);
    await browser.waitUntil(() => browser.execute((id) => window.__pizhu.state.activeId === id, noteId), { timeout: 3000, timeoutMsg: "a click on the passage did not open its note" });
    await browser.execute(() => window.__pizhu.actions.setFont(-1));
    await noProblems("after the flash");
  });

  step("security: a note with HTML/script/javascript: stays text", async () => {
    await browser.keys(["Escape"]);
    await selectPhrase(browser, XSS_PHRASE);
    await browser.$('[data-testid="toolbar-note"]').click();
    await typeInto(browser, '[data-testid="note-input"]', XSS);
    await browser.$('[data-testid="note-save"]').click();
    await browser.$('[data-testid="note-input"]').waitForExist({ reverse: true, timeout: 5000 });
    const a = await annotationByExact(browser, XSS_PHRASE);
    assert.ok(a, "XSS note created");
    assert.equal(a.note, XSS, "stored verbatim");
    // active card (Markdown rendering), then the notes panel, then search snippets
    const card = await browser.$(`[data-testid="note-card"][data-note-id="${a.id}"]`);
    await card.waitForDisplayed({ timeout: 5000 });
    await sleep(500); // an <img src=x> would have errored by now
    const inCard = await browser.execute((id) => {
      const c = document.querySelector(`[data-note-id="${id}"]`);
      return { active: c.classList.contains("active"), text: c.textContent, imgs: c.querySelectorAll("img").length, scripts: c.querySelectorAll("script").length };
    }, a.id);
    assert.equal(inCard.active, true, "card is active (full Markdown rendering)");
    assert.equal(inCard.imgs, 0, "no <img> in the card");
    assert.equal(inCard.scripts, 0, "no <script> in the card");
    // (the `__…__` between the two "window.__pwned" is rendered as bold: compare around it)
    assert.ok(inCard.text.includes('<img src=x onerror="window.'), `img shown as text: ${inCard.text}`);
    assert.ok(inCard.text.includes("<script>window.") && inCard.text.includes("</script>"), `script shown as text: ${inCard.text}`);
    assert.ok(inCard.text.includes("javascript:window.__pwned=1"), `link URL shown as text: ${inCard.text}`);
    await browser.$('[data-testid="notes-toggle"]').click();
    await browser.$(`[data-testid="notes-item"][data-note-id="${a.id}"]`).waitForDisplayed({ timeout: 5000 });
    await typeInto(browser, '[data-testid="search-input"]', "pwned");
    await browser.$('[data-testid="search-hit"][data-kind="note"]').waitForDisplayed({ timeout: 5000 });
    await sleep(500);
    const page = await browser.execute(() => ({
      pwned: typeof window.__pwned,
      cardImgs: document.querySelectorAll('[data-testid="note-card"] img, [data-testid="notes-item"] img, [data-testid="search-hit"] img').length,
      cardScripts: document.querySelectorAll('[data-testid="note-card"] script, [data-testid="notes-item"] script, [data-testid="search-hit"] script').length,
      appImgs: document.querySelectorAll("#app img").length,
      jsLinks: document.querySelectorAll('[href^="javascript" i]').length,
      onAttrs: [...document.querySelectorAll("#app *")].filter((e) => [...e.attributes].some((at) => at.name.startsWith("on"))).length,
      panelText: document.querySelector('[data-testid="notes-panel"]')?.textContent ?? "",
    }));
    assert.equal(page.pwned, "undefined", "window.__pwned is undefined");
    assert.equal(page.cardImgs, 0, "no <img> in cards, notes panel or search results");
    assert.equal(page.cardScripts, 0, "no <script> in cards, notes panel or search results");
    assert.equal(page.appImgs, 0, "no <img> anywhere in the app");
    assert.equal(page.jsLinks, 0, "no javascript: href");
    assert.equal(page.onAttrs, 0, "no on* attributes");
    assert.ok(page.panelText.includes("<script>window.") && page.panelText.includes('<img src=x onerror="window.'), `notes panel shows the text: ${page.panelText}`);
    await noProblems("after the XSS note");
  });

  step("the CLI works while the app is open: it searches, adds a note, and the window shows it", async () => {
    // Reads: the app holds the index; the CLI reads it (or a fresh copy).
    const hits = (await cli("search", PASSAGE_QUERY, "--json")).trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert.ok(hits.some((h) => h.kind === "passage"), `CLI search with the app open: ${JSON.stringify(hits).slice(0, 300)}`);
    const phrased = (await cli("search", `"${PASSAGE_QUERY.slice(0, 2)}`, "--json")).trim().split("\n").filter(Boolean);
    assert.ok(phrased.length > 0, "an unclosed quote searches the phrase typed so far");
    // A write: lands in SQLite; the app indexes it and the window shows it.
    const made = JSON.parse(await cli("highlight", "speech", "--quote", CLI_PHRASE, "--note", CLI_NOTE, "--tag", "脚本"));
    assert.equal(made.exact, CLI_PHRASE);
    await browser.waitUntil(() => browser.execute((id) => window.__pizhu.state.annotations.has(id), made.id), {
      timeout: 5000,
      interval: 100,
      timeoutMsg: "the note written by the CLI did not appear in the open window within 5 s",
    });
    const painted = await browser.execute((id) => window.__pizhu.reader.ranges.has(id), made.id);
    assert.ok(painted, "the CLI's highlight is painted");
    // …and the app's index has it: search in the window finds the note.
    await typeInto(browser, '[data-testid="search-input"]', CLI_NOTE_QUERY);
    await browser.waitUntil(
      () => browser.execute((id) => [...document.querySelectorAll('[data-testid="search-hit"][data-kind="note"]')].length > 0, made.id),
      { timeout: 5000, interval: 100, timeoutMsg: "the CLI's note is not found by the app's search" },
    );
    await browser.keys(["Escape"]);
    cliNoteId = made.id;
    await noProblems("after the CLI wrote");
  });

  step("review by keyboard only: R opens 复习, Space shows the answer, 3 and 1 rate; the due count drops", async () => {
    await browser.keys(["Escape"]);
    // two review cards: the first note's highlight and the XSS note's, switched on as the margin's 复习卡 does
    const xss = await annotationByExact(browser, XSS_PHRASE);
    for (const id of [noteId, xss.id]) await browser.execute((id) => window.__pizhu.actions.setCardEnabled(id, true), id);
    const due = () => browser.execute(() => document.querySelector('[data-testid="review-button"]')?.dataset.due ?? null);
    await browser.waitUntil(async () => (await due()) === "2", { timeout: 5000, timeoutMsg: "the top bar does not count two cards to review" });
    // from here on, keys only
    await browser.execute(() => document.querySelector('[data-testid="reader"]').focus());
    await browser.keys(["r"]);
    await browser.$('[data-testid="review-card"]').waitForDisplayed({ timeout: 5000, timeoutMsg: "R did not open the review screen" });
    const focusOf = () => browser.execute(() => document.activeElement?.dataset.testid ?? document.activeElement?.tagName);
    assert.equal(await focusOf(), "review-reveal", "显示答案 has the focus");
    const shown = () =>
      browser.execute(() => {
        const el = document.querySelector('[data-testid="review-prompt"]').cloneNode(true);
        el.querySelectorAll(".rv-sr").forEach((x) => x.remove());
        return { card: document.querySelector('[data-testid="review-card"]').dataset.card, text: el.textContent, revealed: document.querySelector('[data-testid="review-card"]').dataset.revealed };
      });
    const first = await shown();
    assert.ok(first.text.includes("＿"), `the prompt hides words: ${first.text}`);
    await browser.keys([" "]);
    await browser.waitUntil(async () => (await shown()).revealed === "true", { timeout: 3000, timeoutMsg: "Space did not show the answer" });
    assert.equal(await focusOf(), "rate-good", "良好 has the focus after Space");
    await browser.execute(() => performance.clearMeasures());
    await browser.keys(["3"]);
    await browser.waitUntil(async () => (await shown()).card !== first.card, { timeout: 3000, timeoutMsg: "3 did not bring the next card" });
    await browser.waitUntil(async () => (await due()) === "1", { timeout: 5000, timeoutMsg: "the due count did not drop to 1" });
    await browser.keys([" "]);
    await browser.waitUntil(async () => (await shown()).revealed === "true", { timeout: 3000 });
    await browser.keys(["1"]);
    await browser.waitUntil(
      () => browser.execute(() => !!document.querySelector('[data-testid="review-done"]') || window.__pizhu.state.review?.session?.cards.length === 1),
      { timeout: 5000, timeoutMsg: "1 did not rate the last card" },
    );
    await browser.waitUntil(async () => (await due()) !== "2" && (await browser.execute(() => window.__pizhu.state.reviewCounts.doneToday)) === 2, {
      timeout: 5000,
      timeoutMsg: "two cards are not counted as reviewed today",
    });
    const ms = await browser.execute(() =>
      ["pizhu-review-sync", "pizhu-review-next"].map((n) => performance.getEntriesByName(n).map((e) => Math.round(e.duration * 10) / 10).join(", ")),
    );
    // for scale: a frame in which nothing changes, measured the same way
    const idle = await browser.executeAsync((done) => {
      const t0 = performance.now();
      requestAnimationFrame(() => setTimeout(() => done(Math.round((performance.now() - t0) * 10) / 10), 0));
    });
    console.log(`# WebKitGTK: rating → next card in the DOM ${ms[0]} ms, painted ${ms[1]} ms (an idle frame: ${idle} ms)`);
    await browser.saveScreenshot(join(env.artifacts, "review.png"));
    await browser.keys(["Escape"]);
    await browser.$('[data-testid="review"]').waitForExist({ reverse: true, timeout: 3000, timeoutMsg: "Esc did not close the review screen" });
    assert.equal(await focusOf(), "reader", "the focus is back where it was");
    await noProblems("after reviewing");
  });

  step("清空回收站 asks first, in the app (Esc keeps the trash), and empties it only on 永久删除", async () => {
    await selectPhrase(browser, TRASH_PHRASE);
    await browser.$('[data-testid="sel-toolbar"] .tb-color').click();
    await browser.waitUntil(() => annotationByExact(browser, TRASH_PHRASE), { timeout: 5000, timeoutMsg: "throwaway highlight not created" });
    const a = await annotationByExact(browser, TRASH_PHRASE);
    await browser.execute((id) => window.__pizhu.actions.deleteNote(id), a.id);
    if (!(await browser.$('[data-testid="notes-panel"]').isDisplayed())) await browser.$('[data-testid="notes-toggle"]').click();
    await browser.$('[data-testid="tab-trash"]').click();
    await browser.$(`[data-testid="trash-item"][data-note-id="${a.id}"]`).waitForDisplayed({ timeout: 5000 });
    await browser.$('[data-testid="empty-trash"]').click();
    const dialog = await browser.$('[data-testid="confirm-dialog"]');
    await dialog.waitForDisplayed({ timeout: 3000, timeoutMsg: "清空回收站 did not ask (the trash was emptied unasked?)" });
    assert.ok((await textOf(dialog)).includes("永久删除"), "the dialog says what happens");
    assert.ok(await browser.$(`[data-testid="trash-item"][data-note-id="${a.id}"]`).isExisting(), "nothing emptied while asking");
    await browser.keys(["Escape"]);
    await dialog.waitForExist({ reverse: true, timeout: 3000, timeoutMsg: "Esc did not close the dialog" });
    await sleep(300);
    assert.ok(await browser.$(`[data-testid="trash-item"][data-note-id="${a.id}"]`).isExisting(), "Esc keeps the trash");
    await browser.$('[data-testid="empty-trash"]').click();
    await browser.$('[data-testid="confirm-yes"]').waitForDisplayed({ timeout: 3000 });
    await browser.$('[data-testid="confirm-yes"]').click();
    await browser.waitUntil(() => browser.execute(() => document.querySelectorAll('[data-testid="trash-item"]').length === 0), { timeout: 5000, timeoutMsg: "the trash was not emptied after 永久删除" });
    await browser.$('[data-testid="tab-notes"]').click();
    await noProblems("after emptying the trash");
  });

  step("close the second session; the CLI lists all three notes", async () => {
    await quit(browser);
    browser = null;
    const notes = JSON.parse(await cli("notes", "--json"));
    assert.equal(notes.length, 3, `three notes: ${JSON.stringify(notes)}`);
    assert.ok(notes.some((n) => n.id === cliNoteId && n.note === CLI_NOTE), "the note the CLI wrote, note text starting with '-'");
    assert.ok(notes.some((n) => n.id === noteId && n.note === NOTE), "the first note");
    assert.ok(notes.some((n) => n.exact === XSS_PHRASE && n.note === XSS), "the XSS note, verbatim");
    const hits = (await cli("search", NOTE_QUERY, "--json")).trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert.ok(hits.some((h) => h.kind === "note" && h.note_id === noteId), `CLI search finds the note: ${JSON.stringify(hits)}`);
  });

  step("sync: a note from another computer arrives when the app starts, and one made in the app reaches it unasked", async () => {
    const target = mkdtempSync(join(tmpdir(), "pizhu-e2e-target-"));
    const other = mkdtempSync(join(tmpdir(), "pizhu-e2e-home-"));
    try {
      await cli("sync", target); // this library remembers the folder
      await cliIn(other, "sync", target); // the computer at home takes its notes
      await cliIn(other, "highlight", "speech", "--quote", OTHER_PHRASE, "--note", OTHER_NOTE);
      await cliIn(other, "sync", target);
      browser = await launch();
      await waitReady(browser);
      // The sync on start brings it, with no click: painted, with its card.
      await browser.waitUntil(() => annotationByExact(browser, OTHER_PHRASE), { timeout: 20000, interval: 300, timeoutMsg: "the other computer's note did not arrive on start" });
      const theirs = await annotationByExact(browser, OTHER_PHRASE);
      assert.equal(theirs.note, OTHER_NOTE);
      const card = await browser.$(`[data-testid="note-card"][data-note-id="${theirs.id}"]`);
      await card.waitForExist({ timeout: 5000, timeoutMsg: "no card for the synced note" });
      const status = await browser.$('[data-testid="sync-status"]');
      await browser.waitUntil(async () => (await status.getAttribute("data-state")) === "idle", { timeout: 10000, timeoutMsg: "the toolbar does not say synced" });
      assert.ok((await textOf(status)).includes("已同步"), `status: ${await textOf(status)}`);
      // A highlight made here goes out by itself (10 s after the last change).
      await selectPhrase(browser, APP_PHRASE);
      await browser.$('[data-testid="sel-toolbar"] .tb-color').click();
      await browser.waitUntil(() => annotationByExact(browser, APP_PHRASE), { timeout: 5000, timeoutMsg: "highlight not created" });
      await browser.waitUntil(
        async () => {
          await cliIn(other, "sync", target);
          return JSON.parse(await cliIn(other, "notes", "--json")).some((n) => n.exact === APP_PHRASE);
        },
        { timeout: 45000, interval: 2000, timeoutMsg: "the app did not send its new highlight by itself" },
      );
      assert.ok(readdirSync(target).includes("pizhu-sync.json"), "the target holds the sync files");
      await noProblems("after syncing");
    } finally {
      await quit(browser).catch(() => {});
      browser = null;
      rmSync(target, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  }, 90000);

  step("study group: a member's note arrives on start, in the margin under their name, read-only, and copies into mine", async () => {
    const group = mkdtempSync(join(tmpdir(), "pizhu-e2e-group-"));
    const member = mkdtempSync(join(tmpdir(), "pizhu-e2e-member-"));
    try {
      await cli("share", group, "--as", "李四"); // this reader joins; nothing is shared yet
      await cliIn(member, "highlight", "speech", "--quote", MEMBER_PHRASE, "--note", MEMBER_NOTE);
      await cliIn(member, "share", group, "--as", "张三", "--doc", "speech");
      browser = await launch();
      await waitReady(browser);
      // The exchange on start brings it, with no click.
      await browser.waitUntil(() => annotationByExact(browser, MEMBER_PHRASE), { timeout: 20000, interval: 300, timeoutMsg: "the member's note did not arrive on start" });
      const theirs = await annotationByExact(browser, MEMBER_PHRASE);
      assert.equal(theirs.author?.name, "张三");
      const card = await browser.$(`[data-testid="note-card"][data-note-id="${theirs.id}"]`);
      await card.waitForExist({ timeout: 5000, timeoutMsg: "no card for the member's note" });
      await card.scrollIntoView({ block: "center" });
      const author = await card.$('[data-testid="note-author"]');
      assert.equal((await textOf(author)).trim(), "张三");
      await card.click();
      const copy = await card.$('[data-testid="note-copy"]');
      await copy.waitForExist({ timeout: 5000, timeoutMsg: "no 复制到我的批注 on the member's card" });
      assert.equal(await card.$('[data-testid="note-edit"]').isExisting(), false, "a member's note offers no edit");
      await copy.click();
      await browser.waitUntil(
        () => browser.execute((exact) => [...window.__pizhu.state.annotations.values()].some((a) => a.exact === exact && !a.author), MEMBER_PHRASE),
        { timeout: 5000, timeoutMsg: "the copy did not become a note of mine" },
      );
      await noProblems("after copying a member's note");
      await quit(browser);
      browser = null;
      const mine = JSON.parse(await cli("notes", "--json", "--mine"));
      assert.ok(mine.some((n) => n.exact === MEMBER_PHRASE && n.note === MEMBER_NOTE), "the copy is mine in SQLite");
    } finally {
      await quit(browser).catch(() => {});
      browser = null;
      rmSync(group, { recursive: true, force: true });
      rmSync(member, { recursive: true, force: true });
    }
  }, 60000);
});
