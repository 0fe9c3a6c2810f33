// A whole book in the reader (issue 9): a 2.5-million-character novel of
// 12,000 paragraphs, imported through the real core, is rendered in a window
// around the viewport. The outline, search jumps, a new note and its card,
// 1,000 notes in the margin and the reading position must all work as on the
// speech, and the page must never hold the whole book.
//
// Exports `longBookTests` in run.mjs's shape ({ name, fn, opts }).

class AssertionError extends Error {}
function assert(cond, msg) {
  if (!cond) throw new AssertionError(msg);
}

const DIGITS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
/** 1..199 in Chinese numerals (第一百二十章). */
function zh(n) {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = h ? `${DIGITS[h]}百` : "";
  if (t) s += `${h && t === 1 ? "一" : t === 1 && !h ? "" : DIGITS[t]}十`;
  else if (h && u) s += "零";
  return s + DIGITS[u];
}

const SENTENCES = [
  "江上的雾气还没有散，渡口的船家已经把缆绳解开了。",
  "他在灯下把那封信又读了一遍，才慢慢地折好放进怀里。",
  "村口的老槐树下，几个孩子正围着说书人听得入神。",
  "这一年的收成比往年都好，仓里的谷子堆得满满的。",
  "山路弯弯曲曲，走到天黑也没有看见一户人家。",
  "她把针线放下，抬头望着窗外渐渐亮起来的天色。",
  "城门口贴出了新的告示，看的人挤了一层又一层。",
  "先生说读书要读原文，一字一句都不能放过。",
];
export const CHAPTERS = 100;
export const PARAS = 120;
/** The unique sentence the search jump looks for (in chapter 97). */
export const NEEDLE = "灯塔守护者在雪夜里写下了最后的誓言";

/**
 * A novel of about `chars` characters (at most `chapters` chapters): a title line, then chapters
 * (第一章 …, or 第一回 … with `word` 回) of PARAS paragraphs of ~205
 * characters; `needle` ends paragraph 60 of chapter 97. Also used by the
 * real-app bench (tests/e2e/book.bench.mjs).
 */
export function makeNovel(title, chars, { word = "章", needle = null, chapters = Infinity } = {}) {
  const out = [title];
  let k = 0;
  let n = 0;
  for (let c = 1; n < chars && c <= chapters; c++) {
    out.push(`第${zh(c)}${word}　${word === "回" ? title : "渡口"}${c}`);
    for (let p = 1; p <= PARAS && n < chars; p++) {
      let para = `（${c}.${p}）`;
      while (para.length < 200) para += SENTENCES[k++ % SENTENCES.length];
      if (needle && c === 97 && p === 60) para += needle + "。";
      out.push(para);
      n += para.length;
    }
  }
  return out.join("\n");
}

/** The book of the tests: 100 chapters, 2.5 million characters. */
export function makeBook() {
  return makeNovel("长河岁月", Infinity, { chapters: CHAPTERS, needle: NEEDLE });
}

async function open(page, base) {
  await page.goto(`${base}/index.html`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
}

const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/**
 * The page at the desk's viewport: rendered blocks are contiguous, cover
 * the viewport, tile without gaps, and are few.
 */
function pageState(page) {
  return page.evaluate(() => {
    const desk = document.querySelector('[data-testid="desk"]').getBoundingClientRect();
    const els = [...document.querySelectorAll("[data-block]")];
    const idx = els.map((e) => Number(e.dataset.block));
    const contiguous = idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
    const rects = els.map((e) => e.getBoundingClientRect());
    let gaps = 0;
    for (let i = 1; i < rects.length; i++) if (Math.abs(rects[i].top - rects[i - 1].bottom) > 1) gaps++;
    const first = rects[0];
    const last = rects[rects.length - 1];
    const n = window.__pizhu.state.doc.blocks.length;
    const covered = (first.top <= desk.top + 1 || idx[0] === 0) && (last.bottom >= desk.bottom - 1 || idx[idx.length - 1] === n - 1);
    return { count: els.length, from: idx[0], to: idx[idx.length - 1], contiguous, gaps, covered, windowed: window.__pizhu.reader.windowed, scrollTop: document.querySelector('[data-testid="desk"]').scrollTop };
  });
}

/** The block at the top of the desk and how far into it (px). */
function topOfDesk(page) {
  return page.evaluate(() => {
    const desk = document.querySelector('[data-testid="desk"]').getBoundingClientRect();
    for (const el of document.querySelectorAll("[data-block]")) {
      const r = el.getBoundingClientRect();
      if (r.bottom > desk.top) return { block: Number(el.dataset.block), offset: Math.round(desk.top - r.top) };
    }
    return null;
  });
}

/** Every shown card against its passage, as margin-scale.mjs checks the speech. */
function checkCards(page) {
  return page.evaluate(() => {
    const { reader } = window.__pizhu;
    const marginTop = document.querySelector('[data-testid="margin"]').getBoundingClientRect().top;
    const desk = document.querySelector('[data-testid="desk"]').getBoundingClientRect();
    let cards = 0;
    const bad = [];
    for (const el of document.querySelectorAll('[data-testid="note-card"]')) {
      const top = marginTop + parseFloat(el.style.top);
      if (top > desk.bottom || top + el.offsetHeight < desk.top) continue; // off screen
      const r = reader.ranges.get(el.dataset.noteId);
      if (!r) {
        bad.push({ id: el.dataset.noteId, why: "card on screen, passage not in the page" });
        continue;
      }
      cards++;
      const drift = top - r.getClientRects()[0].top;
      if (Math.abs(drift) > el.offsetHeight + 8) bad.push({ id: el.dataset.noteId, drift: Math.round(drift) });
    }
    const boxes = [...document.querySelectorAll('[data-testid="note-card"]')].map((c) => ({ top: parseFloat(c.style.top), h: c.offsetHeight })).sort((a, b) => a.top - b.top);
    for (let i = 1; i < boxes.length; i++) if (boxes[i].top < boxes[i - 1].top + boxes[i - 1].h - 0.5) bad.push({ overlap: i });
    return { cards, bad: bad.slice(0, 5), nbad: bad.length };
  });
}

async function openBook(page, base, lib) {
  await open(page, base);
  const t0 = Date.now();
  await page.evaluate((path) => window.__uihost.dialogs.answers.push(path), lib.files["长河岁月.txt"]);
  await page.click('[data-testid="doc-switch"]');
  await page.click('[data-testid="add-document"]');
  await page.waitForFunction(() => window.__pizhu.state.doc?.title === "长河岁月", null, { timeout: 60000 });
  await frames(page);
  return Date.now() - t0;
}

export const longBookTests = [
  {
    name: "a 2.5-million-character book: a window of blocks; outline, search jump, a note and its card, reading position",
    opts: { library: { files: { "长河岁月.txt": makeBook() } } },
    fn: async ({ page, base, lib, log }) => {
      const importMs = await openBook(page, base, lib);
      const info = await page.evaluate(() => {
        const d = window.__pizhu.state.doc;
        return { blocks: d.blocks.length, chars: d.blocks.reduce((n, b) => n + b.len, 0), headings: d.blocks.filter((b) => b.kind === "heading").length };
      });
      assert(info.chars > 2_400_000 && info.blocks > 12_000, `the book: ${JSON.stringify(info)}`);
      assert(info.headings === CHAPTERS, `第X章 are headings: ${info.headings}`);
      let st = await pageState(page);
      log(`book ${info.chars} chars, ${info.blocks} blocks: imported and opened in ${importMs} ms; ${st.count} blocks in the page`);
      assert(st.windowed, "the book is windowed");
      assert(st.count > 0 && st.count < 150, `few blocks in the page: ${st.count}`);
      assert(st.contiguous && st.gaps === 0 && st.covered, `the window tiles the viewport: ${JSON.stringify(st)}`);
      const outline = await page.locator('[data-testid="outline"] .ol-heading').count();
      assert(outline === CHAPTERS, `outline shows the chapters: ${outline}`);

      // outline: the last chapter's heading comes to the top of the desk
      await page.click('[data-testid="outline"] .ol-heading >> nth=99');
      await page.waitForTimeout(700);
      await frames(page);
      const lastHeading = await page.evaluate(() => window.__pizhu.state.doc.blocks.filter((b) => b.kind === "heading").pop().index);
      const at = await page.evaluate((i) => {
        const el = document.querySelector(`[data-block="${i}"]`);
        if (!el) return null;
        return el.getBoundingClientRect().top - document.querySelector('[data-testid="desk"]').getBoundingClientRect().top;
      }, lastHeading);
      assert(at !== null && at > 0 && at < 120, `第一百章 at the top of the desk after the outline jump: ${at}`);
      st = await pageState(page);
      assert(st.contiguous && st.gaps === 0 && st.covered && st.count < 150, `window after the jump: ${JSON.stringify(st)}`);
      assert((await page.locator('[data-testid="outline"] .ol-item.current').textContent()).includes("第一百章"), "the outline marks 第一百章 as current");

      // search: a sentence in chapter 97, jumped to from the results
      await page.click('[data-testid="search-input"]');
      await page.keyboard.type(NEEDLE.slice(0, 8), { delay: 20 });
      const hit = page.locator('[data-testid="search-results"] [data-kind="passage"]').first();
      await hit.waitFor({ timeout: 10000 });
      assert((await hit.textContent()).includes("第九十七章"), `the result names its chapter: ${await hit.textContent()}`);
      await hit.click();
      await page.waitForTimeout(800);
      const needle = await page.evaluate((n) => {
        const { reader, state } = window.__pizhu;
        const b = state.doc.blocks.find((x) => x.text.includes(n));
        const from = b.start + [...b.text.slice(0, b.text.indexOf(n))].length;
        const r = reader.rangeFor(from, from + [...n].length);
        if (!r) return { block: b.index, inPage: false };
        const rc = r.getBoundingClientRect();
        const desk = document.querySelector('[data-testid="desk"]').getBoundingClientRect();
        return { block: b.index, inPage: true, inView: rc.top >= desk.top && rc.bottom <= desk.bottom };
      }, NEEDLE);
      assert(needle.inPage && needle.inView, `the search jump shows the sentence: ${JSON.stringify(needle)}`);

      // a note there: its card sits level with its passage
      await page.keyboard.press("Escape");
      const phrase = NEEDLE.slice(0, 5);
      const sel = await page.evaluate(({ block, phrase }) => {
        const el = document.querySelector(`[data-block="${block}"]`);
        const node = [...el.childNodes].find((n) => n.nodeType === 3 && n.data.includes(phrase));
        const i = node.data.indexOf(phrase);
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + phrase.length);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        const rc = r.getClientRects()[0];
        el.dispatchEvent(new MouseEvent("mouseup", { bubbles: true, button: 0, clientX: rc.right - 1, clientY: rc.top + 4 }));
        return "ok";
      }, { block: needle.block, phrase });
      assert(sel === "ok", "selected");
      await page.waitForSelector('[data-testid="sel-toolbar"]:not([hidden])', { timeout: 3000 });
      await page.click('[data-testid="toolbar-note"]');
      await page.waitForSelector('[data-testid="note-input"]', { timeout: 3000 });
      await page.fill('[data-testid="note-input"]', "长书里的批注");
      await page.click('[data-testid="note-save"]');
      await page.waitForFunction(() => !document.querySelector('[data-testid="note-input"]'));
      await frames(page);
      const cards = await checkCards(page);
      assert(cards.cards >= 1 && cards.nbad === 0, `the card beside its passage: ${JSON.stringify(cards)}`);

      // scroll to many places: the window always tiles the viewport and stays small
      let worst = 0;
      for (const f of [0, 0.5, 0.13, 0.99, 0.31, 0.77, 1, 0.02]) {
        await page.evaluate((f) => {
          const d = document.querySelector('[data-testid="desk"]');
          d.scrollTop = (d.scrollHeight - d.clientHeight) * f;
        }, f);
        await frames(page);
        st = await pageState(page);
        worst = Math.max(worst, st.count);
        assert(st.contiguous && st.gaps === 0 && st.covered, `at ${f}: ${JSON.stringify(st)}`);
      }
      // reading on: small steps keep what is at the top in its place (no jumps as blocks are measured)
      await page.evaluate(() => (document.querySelector('[data-testid="desk"]').scrollTop = document.querySelector('[data-testid="desk"]').scrollHeight * 0.6));
      await frames(page);
      for (let k = 0; k < 30; k++) {
        const before = await topOfDesk(page);
        await page.evaluate(() => (document.querySelector('[data-testid="desk"]').scrollTop -= 300));
        await frames(page);
        const after = await topOfDesk(page);
        st = await pageState(page);
        assert(st.covered && st.gaps === 0, `scrolling up, step ${k}: ${JSON.stringify(st)}`);
        // 300 px up: the block that was at the top is now at most 300 px lower (±2)
        const moved = (await page.evaluate(({ b, a }) => {
          const el = (i) => document.querySelector(`[data-block="${i}"]`);
          const desk = document.querySelector('[data-testid="desk"]').getBoundingClientRect().top;
          const e = el(b.block);
          return e ? e.getBoundingClientRect().top - desk + b.offset : null;
        }, { b: before, a: after }));
        assert(moved !== null && Math.abs(moved - 300) <= 2, `step ${k}: the text moved ${moved} px for a 300 px step`);
      }
      log(`window: at most ${worst} blocks in the page over 8 jumps; 30 steps up kept the text in place`);

      // the reading position survives leaving the book
      await page.evaluate(() => {
        const d = document.querySelector('[data-testid="desk"]');
        d.scrollTop = d.scrollHeight * 0.42;
      });
      await frames(page);
      await page.waitForTimeout(400); // saved after 250 ms
      const was = await topOfDesk(page);
      const bookId = await page.evaluate(() => window.__pizhu.state.doc.id);
      await page.evaluate(() => window.__pizhu.actions.openDocument("speech"));
      await frames(page);
      assert(!(await page.evaluate(() => window.__pizhu.reader.windowed)), "the speech is rendered whole");
      await page.evaluate((id) => window.__pizhu.actions.openDocument(id), bookId);
      await frames(page);
      await page.waitForTimeout(200);
      const back = await topOfDesk(page);
      assert(back && was && back.block === was.block && Math.abs(back.offset - was.offset) <= 3, `back where reading stopped: ${JSON.stringify({ was, back })}`);
    },
  },
  {
    name: "a book with 1,000 notes: cards level with their passages wherever it is scrolled",
    // the library starts with the book imported and 1,000 notes on it (pizhu-uihost's `book`)
    opts: { library: { files: { "长河岁月.txt": makeBook() }, book: "长河岁月.txt", book_notes: 1000 } },
    fn: async ({ page, base, lib, log }) => {
      await open(page, base);
      const t0 = Date.now();
      await page.evaluate((id) => window.__pizhu.actions.openDocument(id), lib.book);
      await page.waitForFunction(() => window.__pizhu.state.annotations.size === 1000, null, { timeout: 30000 });
      await frames(page);
      const perf = await page.evaluate(() => window.__pizhuPerf);
      log(`opened with 1,000 notes in ${Date.now() - t0} ms (render ${perf.renderMs}, paint ${perf.paintMs}, margin ${perf.marginMs} ms)`);
      // places with notes: in the dense run (two to a paragraph) and spread over the book
      const targets = await page.evaluate(() => {
        const { state } = window.__pizhu;
        const blocks = state.doc.blocks;
        const sorted = [...state.annotations.values()].sort((a, b) => a.start - b.start);
        const blockOf = (cp) => blocks.findLast((b) => b.start <= cp).index;
        // sorted by place: ~230 spread notes come before the dense run (300 notes from a third in)
        return [250, 330, 420, 500, 700, 990, 20].map((k) => blockOf(sorted[Math.min(k, sorted.length - 1)].start));
      });
      let seen = 0;
      let dense = 0;
      for (const [k, target] of targets.entries()) {
        await page.evaluate((i) => window.__pizhu.reader.scrollToBlock(i, -150), target);
        await frames(page);
        await page.waitForTimeout(60);
        const c = await checkCards(page);
        const st = await pageState(page);
        seen += c.cards;
        if (k < 4) dense += c.cards;
        log(`at block ${target}: ${c.cards} cards on screen, ${await page.locator('[data-testid="note-card"]').count()} in the margin, window ${st.from}–${st.to}`);
        assert(c.nbad === 0, `at block ${target}: ${JSON.stringify(c.bad)}`);
        assert(st.covered && st.gaps === 0 && st.count < 150, `at block ${target}: ${JSON.stringify(st)}`);
      }
      assert(dense >= 6, `cards on screen in the dense run: ${dense}`);
      // scrolled by hand through the dense run: every card on screen stays level
      await page.evaluate((i) => window.__pizhu.reader.scrollToBlock(i, -100), targets[0]);
      for (let k = 0; k < 20; k++) {
        await page.evaluate(() => (document.querySelector('[data-testid="desk"]').scrollTop += 350));
        await frames(page);
        const c = await checkCards(page);
        seen += c.cards;
        assert(c.nbad === 0, `scrolling, step ${k}: ${JSON.stringify(c.bad)}`);
      }
      const painted = await page.evaluate(() => window.__pizhu.reader.ranges.size);
      assert(painted < 200, `only the passages in the page are painted: ${painted}`);
      log(`cards checked at 7 places and 20 scroll steps: ${seen} on screen, none away from its passage; ${painted} passages painted`);
    },
  },
];
