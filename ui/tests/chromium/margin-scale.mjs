// The reading desk at scale (issue #12), in Chromium against the built UI
// and the real core (pizhu-uihost, through run.mjs): at 1,000 notes every card shown sits level with its
// passage (or its passage is in the card's stack), and what a colour change,
// a click on a card and leaving a document cost, on both painters (CSS
// Highlight API and the <mark> path WebKit uses).
//
// Also the desk in a narrow window and from the keyboard.
//
// Exports `marginScaleTests` ({ name, fn({ page, base, log, lib }), opts },
// the shape of run.mjs's tests, which registers and runs them).

class AssertionError extends Error {}
function assert(cond, msg) {
  if (!cond) throw new AssertionError(msg);
}

async function open(page, base, query = "") {
  await page.goto(`${base}/index.html${query}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
}

/** Two animation frames: the store has told the views and the browser has laid out. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/**
 * Every rendered card against its passage: a card whose note is its own must
 * sit within one card height of the passage; a stack's members' passages
 * must lie within the stack's reach. Returns the worst drift seen.
 */
async function checkLevel(page) {
  return page.evaluate(() => {
    const { reader, state } = window.__pizhu;
    const bad = [];
    let worst = 0;
    let cards = 0;
    let stacked = 0;
    const marginTop = document.querySelector('[data-testid="margin"]').getBoundingClientRect().top;
    for (const el of document.querySelectorAll('[data-testid="note-card"]')) {
      // where the layout put it (not a box caught mid-animation)
      const top = marginTop + parseFloat(el.style.top);
      const c = { top, height: el.offsetHeight, bottom: top + el.offsetHeight };
      const r = reader.ranges.get(el.dataset.noteId);
      if (!r) continue;
      cards++;
      const p = r.getClientRects()[0];
      const drift = c.top - p.top;
      worst = Math.max(worst, Math.abs(drift));
      if (Math.abs(drift) > c.height + 8) bad.push({ id: el.dataset.noteId, drift: Math.round(drift), h: Math.round(c.height) });
      for (const m of (el.dataset.members ?? "").split(" ").filter(Boolean)) {
        stacked++;
        const mr = reader.ranges.get(m)?.getClientRects()[0];
        if (!mr || !state.annotations.has(m)) continue;
        // a member's passage lies between two card heights above the stack and its bottom
        if (mr.top < c.top - 2 * c.height - 16 || mr.top > c.bottom + 16) bad.push({ member: m, of: el.dataset.noteId, passage: Math.round(mr.top), card: Math.round(c.top) });
      }
    }
    // and no two cards overlap (the style's top, not the animated box)
    const boxes = [...document.querySelectorAll('[data-testid="note-card"]')].map((c) => ({ id: c.dataset.noteId, top: parseFloat(c.style.top), h: c.offsetHeight })).sort((a, b) => a.top - b.top);
    for (let i = 1; i < boxes.length; i++) if (boxes[i].top < boxes[i - 1].top + boxes[i - 1].h) bad.push({ overlap: [boxes[i - 1], boxes[i]] });
    return { cards, stacked, worst: Math.round(worst), bad: bad.slice(0, 5), nbad: bad.length };
  });
}

function scaleTest(query, label) {
  return async ({ page, base, log }) => {
    await open(page, base, query);
    const perf = await page.evaluate(() => window.__pizhuPerf);
    const failures = []; // reported after the costs are measured
    log(`${label}: open render ${perf.renderMs} ms, paint ${perf.paintMs} ms, margin ${perf.marginMs} ms, total ${perf.totalMs} ms`);
    for (const at of [0, 0.15, 0.4, 0.7, 0.95]) {
      await page.evaluate((at) => {
        const d = document.querySelector('[data-testid="desk"]');
        d.scrollTop = (d.scrollHeight - d.clientHeight) * at;
      }, at);
      await frames(page);
      await page.waitForTimeout(50);
      const lv = await checkLevel(page);
      log(`${label}: at ${Math.round(at * 100)}%: ${lv.cards} cards (${lv.stacked} stacked), worst drift ${lv.worst} px`);
      if (lv.cards === 0) failures.push(`no cards rendered at ${at}`);
      if (lv.nbad) failures.push(`${lv.nbad} cards away from their passages at ${at}: ${JSON.stringify(lv.bad)}`);
    }
    // a colour change on a page with 1,000 notes: action → views updated → next frame
    const colour = await page.evaluate(async () => {
      const { actions, state } = window.__pizhu;
      const all = [...state.annotations.values()];
      const a = all[Math.floor(all.length / 2)];
      const other = state.colors.find((c) => c.key !== a.color).key;
      const t0 = performance.now();
      await actions.setColor(a.id, other);
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => r()));
      return { sync: +(t1 - t0).toFixed(1), frame: +(performance.now() - t0).toFixed(1) };
    });
    log(`${label}: colour change ${colour.sync} ms (to the next frame ${colour.frame} ms)`);
    // opening a card (activate) and closing it
    const click = await page.evaluate(async () => {
      const { actions, state } = window.__pizhu;
      const a = [...state.annotations.values()].find((x) => x.note);
      const t0 = performance.now();
      actions.activate(a.id, { scroll: true });
      const t1 = performance.now();
      actions.activate(null);
      return +(t1 - t0).toFixed(1);
    });
    log(`${label}: open a card ${click} ms`);
    // leaving the document (re-opened: teardown + render + paint + margin)
    const leave = await page.evaluate(async () => {
      const { actions } = window.__pizhu;
      const t0 = performance.now();
      await actions.openDocument("speech", false);
      return +(performance.now() - t0).toFixed(1);
    });
    log(`${label}: leave and reopen ${leave} ms`);
    assert(failures.length === 0, failures.join("\n"));
    assert(colour.sync < 400, `colour change under 400 ms: ${colour.sync}`);
  };
}

async function narrow({ page, base, log }) {
  await page.setViewportSize({ width: 900, height: 700 });
  await open(page, base);
  const brand = await page.evaluate(() => document.querySelector(".brand").getBoundingClientRect().height);
  assert(brand <= 32, `the brand stays on one line: ${brand} px`);
  const topbar = await page.evaluate(() => document.querySelector(".topbar").scrollWidth <= document.querySelector(".topbar").clientWidth + 1);
  assert(topbar, "the top bar fits");
  assert(!(await page.isVisible('[data-testid="outline"]')), "outline folded away at 900 px");
  await page.click('[data-testid="outline-toggle"]');
  await page.waitForSelector('[data-testid="outline"]', { state: "visible" });
  assert((await page.getAttribute('[data-testid="outline-toggle"]', "aria-expanded")) === "true", "☰ says the outline is open");
  await page.screenshot({ path: "test-results/margin-narrow-drawer.png" });
  const before = await page.evaluate(() => document.querySelector('[data-testid="desk"]').scrollTop);
  await page.click('[data-testid="outline"] .ol-heading >> nth=1');
  await page.waitForSelector('[data-testid="outline"]', { state: "hidden" });
  await page.waitForTimeout(600);
  const after = await page.evaluate(() => document.querySelector('[data-testid="desk"]').scrollTop);
  assert(after > before, `the outline jumped (${before} → ${after}) and its drawer closed`);
  log(`900×700: brand ${brand} px high, outline drawer opens and closes`);
}

async function keyboard({ page, base }) {
  await open(page, base);
  await page.evaluate(() => (document.querySelector('[data-testid="desk"]').scrollTop = 1200));
  await page.waitForTimeout(100);
  await page.keyboard.press("Tab");
  assert((await page.evaluate(() => document.activeElement?.dataset.testid)) === "skip-text", "the first Tab reaches 跳到正文");
  assert(await page.isVisible('[data-testid="skip-text"]'), "the skip link shows when focused");
  await page.keyboard.press("Enter");
  const text = await page.evaluate(() => ({ focus: document.activeElement?.dataset.testid, top: document.querySelector('[data-testid="desk"]').scrollTop }));
  assert(text.focus === "reader" && Math.abs(text.top - 1200) < 2, `focus on the text, reading position kept: ${JSON.stringify(text)}`);
  await page.focus('[data-testid="skip-notes"]');
  await page.keyboard.press("Enter");
  const card = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el?.getBoundingClientRect();
    return { testid: el?.dataset.testid, top: r?.top, vh: innerHeight };
  });
  assert(card.testid === "note-card" && card.top > 0 && card.top < card.vh, `跳到批注 focuses a card in view: ${JSON.stringify(card)}`);
  // landmarks
  const marks = await page.evaluate(() => ["header", "nav", "main", "aside.margin"].map((sel) => !!document.querySelector(sel)));
  assert(marks.every(Boolean), `landmarks: ${marks}`);
  // Delete on a focused card: the focus goes to the next card, not <body>
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "note-card" || document.activeElement?.dataset.testid === "reader", null, { timeout: 3000 });
}

/** A 12,000-line document on the <mark> path: painting was quadratic (a selector per block). */
const LONG = Array.from({ length: 12000 }, (_, i) => `第${i}行：深入开展党史学习教育，扎实推进政法队伍教育整顿。`).join("\n");

async function longDocument({ page, base, log, lib }) {
  await open(page, base, "?marks");
  const r = await page.evaluate(async (path) => {
    const { backend, actions } = window.__pizhu;
    await actions.importPaths([path]);
    const st = () => window.__pizhu.state;
    const doc = st().doc;
    for (let i = 0; i < 100; i++) {
      const b = doc.blocks[i * 100];
      await backend.createAnnotation({ doc_id: doc.id, start: b.start + 2, end: b.start + 8, color: "yellow", note: "x", tags: [] });
    }
    await actions.openDocument(doc.id, false);
    const perf = { ...window.__pizhuPerf };
    const a = [...st().annotations.values()][50];
    const t0 = performance.now();
    await actions.setColor(a.id, st().colors[1].key);
    return { perf, colour: +(performance.now() - t0).toFixed(1) };
  }, lib.files["big.txt"]);
  log(`12,000 lines, 100 highlights: render ${r.perf.renderMs} ms, paint ${r.perf.paintMs} ms, margin ${r.perf.marginMs} ms; colour change ${r.colour} ms`);
  assert(r.perf.paintMs < 200, `paint under 200 ms: ${r.perf.paintMs}`);
  assert(r.colour < 300, `colour change under 300 ms: ${r.colour}`);
}

export const marginScaleTests = [
  { name: "12,000-line document (<mark> path): painting and a colour change stay fast", fn: longDocument, opts: { library: { files: { "big.txt": LONG } } } },
  { name: "narrow window (900×700): the outline becomes a drawer behind ☰, the top bar fits", fn: narrow, opts: { library: { seed: 20 } } },
  { name: "keyboard: skip links to the text and the notes, landmarks, Delete keeps the focus on a card", fn: keyboard, opts: { library: { seed: 60 } } },
  { name: "margin at 1,000 notes (Highlight API): cards level with passages, costs", fn: scaleTest("", "api"), opts: { library: { seed: 1000 } } },
  { name: "margin at 1,000 notes (<mark> path): cards level with passages, costs", fn: scaleTest("?marks", "marks"), opts: { library: { seed: 1000 } } },
  { name: "margin at 200 notes (<mark> path): cards level with passages", fn: scaleTest("?marks", "marks-200"), opts: { library: { seed: 200 } } },
];
