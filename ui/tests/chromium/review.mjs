// Review (复习) in Chromium against the built UI and the real core
// (pizhu-uihost, through run.mjs): 金句 highlights become cards, the review
// screen reveals with Space and rates with digits while the core's queue
// counts follow, a self-test marked by the core (one right, one wrong), the
// blank editor, and a card turned off from the margin.
//
// Exports `reviewTests` ({ name, fn({ page, base, log, lib }), opts }, the
// shape of run.mjs's tests, which registers and runs them).

import { assert, eq, open } from "./check.mjs";

/** Selects `phrase` in the reader (its first block holding it) as a mouse would; the toolbar shows. */
async function selectPhrase(page, phrase) {
  const ok = await page.evaluate((phrase) => {
    const el = [...document.querySelectorAll("[data-block]")].find((b) => b.textContent.includes(phrase));
    if (!el) return "phrase not found";
    el.scrollIntoView({ block: "center" });
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = "";
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push({ n, at: text.length });
      text += n.data;
    }
    const i = text.indexOf(phrase);
    const locate = (u) => {
      for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k].at <= u) return [nodes[k].n, u - nodes[k].at];
      return [nodes[0].n, 0];
    };
    const r = document.createRange();
    r.setStart(...locate(i));
    r.setEnd(...locate(i + phrase.length));
    getSelection().removeAllRanges();
    getSelection().addRange(r);
    const rects = r.getClientRects();
    const last = rects[rects.length - 1];
    el.dispatchEvent(new MouseEvent("mouseup", { bubbles: true, button: 0, clientX: last.right - 1, clientY: last.top + last.height / 2 }));
    return "ok";
  }, phrase);
  eq(ok, "ok", `select ${phrase}`);
  await page.waitForSelector('[data-testid="sel-toolbar"]:not([hidden])', { timeout: 3000 });
}

/** What the review screen shows of the card (the blanks' screen-reader words aside). */
const promptText = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-testid="review-prompt"]')?.cloneNode(true);
    if (!el) return null;
    el.querySelectorAll(".rv-sr").forEach((x) => x.remove());
    return el.textContent;
  });

const counts = (page) => page.evaluate(() => ({ ...window.__pizhu.state.reviewCounts }));
const badge = (page) => page.evaluate(() => document.querySelector('[data-testid="review-button"]').dataset.due);
const focused = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.tagName);

const PHRASES = ["以史鉴今、资政育人", "三严三实"];

async function reviewFlow({ page, base, log }) {
  await open(page, base);
  const green = await page.evaluate(() => window.__pizhu.state.colors.findIndex((c) => c.key === "green") + 1);
  assert(green > 0, "the library has 金句 (green)");
  // two 金句 highlights, by keyboard (the digit of green), are cards by default
  for (const p of PHRASES) {
    await selectPhrase(page, p);
    await page.keyboard.press(String(green));
    await page.waitForFunction((p) => [...window.__pizhu.state.annotations.values()].some((a) => a.exact === p), p, { timeout: 3000 });
  }
  const ids = await page.evaluate((ps) => ps.map((p) => [...window.__pizhu.state.annotations.values()].find((a) => a.exact === p).id), PHRASES);
  await page.waitForFunction((n) => window.__pizhu.state.docCards.size === n, 2, { timeout: 3000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="review-button"]').dataset.due === "2", null, { timeout: 3000 });
  const before = await counts(page);
  eq(before.new + before.due, 2, `two cards to review: ${JSON.stringify(before)}`);
  eq(await page.locator('[data-testid="card-badges"] .card-badge').count(), 2, "a quiet badge on each card's highlight");

  // 复习: the first card, its source, the words hidden (one ＿ per character)
  await page.click('[data-testid="review-button"]');
  await page.waitForSelector('[data-testid="review-card"]');
  eq(await focused(page), "review-reveal", "显示答案 has the focus");
  const first = await page.evaluate(() => window.__pizhu.state.review.session.cards[0]);
  const p1 = await promptText(page);
  assert(p1.includes("＿".repeat([...first.answer].length)) && !p1.includes(first.answer), `the prompt hides ${first.answer}: ${p1}`);
  assert((await page.textContent('[data-testid="review-source"]')).includes(first.doc_title), "the source names the document");
  await page.screenshot({ path: "test-results/30-review-card.png" });
  await page.keyboard.press("Space");
  await page.waitForSelector('[data-testid="review-card"][data-revealed="true"]');
  eq(await page.textContent('[data-testid="review-filled"]'), first.answer, "Space shows the hidden words in place");
  eq(await focused(page), "rate-good", "良好 has the focus");
  const intervals = await page.$$eval('[data-testid^="rate-"] .rv-when', (els) => els.map((e) => e.textContent));
  assert(intervals.length === 4 && intervals.every((s) => /^\d+(\.\d)?(分钟|小时|天|个月|年)$/.test(s)), `each grade shows its next interval: ${intervals}`);
  log(`review intervals of a new card: ${intervals.join(" / ")}`);
  await page.screenshot({ path: "test-results/31-review-answer.png" });

  // 3 (良好): the next card at once; the counts step down
  await page.evaluate(() => performance.clearMeasures("pizhu-review-next"));
  await page.keyboard.press("3");
  await page.waitForFunction((id) => document.querySelector('[data-testid="review-card"]')?.dataset.card !== id, first.card, { timeout: 2000 });
  const second = await page.evaluate(() => window.__pizhu.state.review.session.cards[0]);
  assert(second.card !== first.card, "the second card is on screen");
  eq(await focused(page), "review-reveal", "the focus is back on 显示答案");
  await page.waitForFunction(() => window.__pizhu.state.review.session.pending.length === 0, null, { timeout: 3000 });
  const mid = await counts(page);
  eq(mid.doneToday, before.doneToday + 1, `one reviewed today: ${JSON.stringify(mid)}`);
  eq(mid.new + mid.due, 1, `one left: ${JSON.stringify(mid)}`);
  eq(await badge(page), "1", "the top bar counts one");
  assert((await page.textContent('[data-testid="review-counts"]')).includes("今日已复习 1"), "the screen's counts follow");

  // Space, 1 (重来)
  await page.keyboard.press("Space");
  await page.waitForSelector('[data-testid="review-card"][data-revealed="true"]');
  await page.keyboard.press("1");
  const ms = await page.evaluate(() => performance.getEntriesByName("pizhu-review-next").map((e) => e.duration));
  await page.waitForFunction(() => {
    const s = window.__pizhu.state.review?.session;
    return s && s.pending.length === 0;
  }, null, { timeout: 3000 });
  const after = await counts(page);
  eq(after.doneToday, before.doneToday + 2, `two reviewed today: ${JSON.stringify(after)}`);
  const again = await page.evaluate(() => window.__pizhu.state.review.session.cards.map((c) => c.card));
  if (again.length === 0) {
    await page.waitForSelector('[data-testid="review-done"]');
    eq(await page.textContent('[data-testid="review-done-counts"]'), "重来 1 · 困难 0 · 良好 1 · 简单 0", "the done screen counts the grades");
    eq(await focused(page), "review-done-close", "关闭 has the focus");
    eq(await badge(page), "0", "nothing left in the top bar");
  } else {
    // the core may bring a forgotten card straight back (its learning step is due)
    eq(again.join(","), second.card, "only the forgotten card comes back");
  }
  log(`rating → next card painted: ${ms.map((x) => x.toFixed(1)).join(", ")} ms`);
  assert(ms.length >= 1 && ms.every((x) => x < 50), `rating to the next card under 50 ms: ${ms}`);
  await page.screenshot({ path: "test-results/32-review-done.png" });

  // 自测: two questions, one right and one wrong, marked by the core
  await page.click('[data-testid="review-tab-test"]');
  await page.waitForSelector('[data-testid="test-setup"]');
  await page.click('[data-testid="test-start"]');
  await page.waitForSelector('[data-testid="test-question"]');
  const cards = await page.evaluate(() => window.__pizhu.state.review.cards);
  eq(cards.length, 2, "two questions (all the cards)");
  eq(await page.textContent('[data-testid="test-progress"]'), "第 1 题 / 共 2 题", "progress");
  eq(await focused(page), "test-blank", "the blank has the focus");
  await page.keyboard.type(cards[0].answer);
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid="test-progress"]:has-text("第 2 题")');
  await page.keyboard.type("答错了");
  await page.screenshot({ path: "test-results/33-selftest-question.png" });
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid="test-result"]');
  eq(await page.textContent('[data-testid="test-score"]'), "得分 1 / 2", "the score");
  const items = await page.$$eval('[data-testid="test-item"]', (els) => els.map((e) => ({ right: e.dataset.right, expected: e.querySelector('[data-testid="test-expected"]')?.textContent ?? null })));
  eq(items.map((i) => i.right).join(","), "true,false", "per question right / wrong");
  eq(items[1].expected, `应为：${cards[1].answer}`, "the expected words of the wrong one");
  await page.screenshot({ path: "test-results/34-selftest-score.png" });
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector('[data-testid="review"]') && window.__pizhu.state.review === null);
  eq(await focused(page), "review-button", "the focus is back on 复习");

  // the blank editor, from the margin: hide two other characters of the first card
  await page.evaluate((id) => window.__pizhu.actions.activate(id, { scroll: true }), ids[1]);
  await page.waitForSelector(`.card.active[data-note-id="${ids[1]}"] [data-testid="card-review-blanks"]`);
  await page.click(`.card.active [data-testid="card-review-blanks"]`);
  await page.waitForSelector('[data-testid="blanks-editor"]');
  const card1 = await page.evaluate((id) => window.__pizhu.state.docCards.get(id), ids[1]);
  const chars = [...card1.sentence];
  const pick = chars.findIndex((c, i) => i < card1.blanks[0].start && /\p{Script=Han}/u.test(c) && /\p{Script=Han}/u.test(chars[i + 1] ?? ""));
  assert(pick >= 0, `two characters before the blank in ${card1.sentence}`);
  // drag over the default blank (it shows again), then over the two characters
  const cell = (i) => `[data-testid="blank-char"][data-i="${i}"]`;
  const drag = async (from, to) => {
    const p = await page.locator(cell(from)).boundingBox();
    const q = await page.locator(cell(to)).boundingBox();
    await page.mouse.move(p.x + 3, p.y + 3);
    await page.mouse.down();
    await page.mouse.move(q.x + 3, q.y + 3);
    await page.mouse.up();
  };
  await drag(card1.blanks[0].start, card1.blanks[0].end - 1);
  eq(await page.textContent('[data-testid="blank-preview"]'), "不选任何字时，隐藏划线的原文。", "nothing chosen: the default");
  await drag(pick, pick + 1);
  const preview = await page.textContent('[data-testid="blank-preview"]');
  eq(preview, chars.map((c, i) => (i === pick || i === pick + 1 ? "＿" : c)).join(""), "the preview hides the two characters");
  await page.click('[data-testid="blanks-save"]');
  await page.waitForFunction((id) => window.__pizhu.state.docCards.get(id)?.custom === true, ids[1], { timeout: 3000 });
  const edited = await page.evaluate((id) => window.__pizhu.state.docCards.get(id), ids[1]);
  eq(JSON.stringify(edited.blanks), JSON.stringify([{ start: pick, end: pick + 2 }]), "the core has the blanks, relative to the sentence");
  eq(edited.answer, chars.slice(pick, pick + 2).join(""), "and answers with those words");

  // turn the first card off from the margin
  await page.keyboard.press("Escape");
  const rect = await page.evaluate((id) => {
    const r = window.__pizhu.reader.ranges.get(id);
    r.startContainer.parentElement.scrollIntoView({ block: "center" });
    const rc = r.getClientRects()[0];
    return { x: rc.left + 4, y: (rc.top + rc.bottom) / 2 };
  }, ids[0]);
  await page.mouse.click(rect.x, rect.y);
  const toggle = `.card.active[data-note-id="${ids[0]}"] [data-testid="card-review-toggle"]`;
  await page.waitForSelector(toggle, { timeout: 3000 });
  eq(await page.getAttribute(toggle, "aria-pressed"), "true", "the switch says it is a card");
  assert(await page.isVisible(`.card.active[data-note-id="${ids[0]}"] [data-testid="card-review-badge"]`), "the card's badge shows");
  const total = (await counts(page)).total;
  await page.click(toggle);
  await page.waitForFunction((id) => !window.__pizhu.state.docCards.has(id), ids[0], { timeout: 3000 });
  await page.waitForSelector(`${toggle}[aria-pressed="false"]`);
  await page.waitForSelector('[data-testid="toast"]:has-text("已移出复习")');
  await page.waitForFunction((t) => window.__pizhu.state.reviewCounts.total === t - 1, total, { timeout: 3000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="card-badges"] .card-badge').length === 1, null, { timeout: 3000 });
  const listed = await page.evaluate(() => window.__pizhu.backend.reviewCards(null));
  eq(listed.map((c) => c.annotation_id).join(","), ids[1], "the core lists only the card left on");
  await page.screenshot({ path: "test-results/35-card-off.png" });
}

/** The review screen in English, and empty (no cards): the words are the reader's language. */
async function emptyEnglish({ page, base }) {
  await open(page, base);
  await page.click('[data-testid="lang-toggle"]');
  eq(await page.textContent('[data-testid="review-button"]'), "Review", "English top bar");
  await page.locator('[data-testid="reader"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("r");
  await page.waitForSelector('[data-testid="review-done"]');
  assert((await page.textContent('[data-testid="review-done"]')).includes("No review cards yet"), "says there are no cards");
  await page.click('[data-testid="review-tab-test"]');
  await page.click('[data-testid="test-start"]');
  await page.waitForSelector('[data-testid="test-empty"]');
  eq(await page.textContent('[data-testid="test-empty"]'), "No review cards to test yet", "self-test with no cards");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector('[data-testid="review"]'));
}

export const reviewTests = [
  { name: "review: 金句 cards, Space and 3 / 1 with the counts following, a self-test (one right, one wrong), blanks, a card turned off", fn: reviewFlow },
  { name: "review: no cards yet, in English, opened with R", fn: emptyEnglish },
];
