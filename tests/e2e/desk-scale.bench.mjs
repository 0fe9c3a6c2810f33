// Benchmark (not a test): the reading desk at scale in the real app
// (WebKitGTK, the <mark> painter, the Rust core) — issue #12. Makes 200,
// then 1,000 notes on the speech through the real backend, reopens it and
// reports: open timings (window.__pizhuPerf), how far the cards shown sit
// from their passages, a colour change, opening a card, leaving the document.
//   bash tests/e2e/run.sh desk-scale.bench.mjs
import { test } from "node:test";
import { launch, quit, waitReady } from "./lib.mjs";

/** Runs in the page: makes notes up to `n` on the open document (deterministic spans). */
function makeNotes(n) {
  return (async () => {
    const { backend, state } = window.__pizhu;
    const doc = state.doc;
    const paras = doc.blocks.filter((b) => b.len > 20);
    let seed = 7 + state.annotations.size;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const colors = state.colors.map((c) => c.key);
    const have = state.annotations.size;
    const jobs = [];
    for (let i = have; i < n; i++) {
      const b = paras[Math.floor(rnd() * paras.length)];
      const len = 4 + Math.floor(rnd() * 20);
      const start = b.start + Math.floor(rnd() * (b.len - len));
      jobs.push(backend.createAnnotation({ doc_id: doc.id, start, end: start + len, color: colors[i % colors.length], note: `第 ${i + 1} 条批注:联系实际`, tags: i % 3 ? [] : ["心得"] }));
    }
    await Promise.all(jobs);
  })();
}

/** Runs in the page: reopens the document and measures. */
function measure() {
  return (async () => {
    const { actions, reader } = window.__pizhu;
    const st = () => window.__pizhu.state; // a snapshot per call
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    let t0 = performance.now();
    await actions.openDocument(st().doc.id, false);
    await frame();
    const open = performance.now() - t0;
    const perf = { ...window.__pizhuPerf };
    const desk = document.querySelector('[data-testid="desk"]');
    let worst = 0;
    let cards = 0;
    for (const at of [0, 0.3, 0.6, 0.9]) {
      desk.scrollTop = (desk.scrollHeight - desk.clientHeight) * at;
      await frame();
      await frame();
      for (const el of document.querySelectorAll('[data-testid="note-card"]')) {
        const r = reader.ranges.get(el.dataset.noteId)?.getClientRects()[0];
        if (!r) continue;
        const c = el.getBoundingClientRect();
        if (c.bottom < 0 || c.top > innerHeight) continue;
        cards++;
        worst = Math.max(worst, Math.abs(c.top - r.top));
      }
    }
    const all = [...st().annotations.values()];
    const a = all[Math.floor(all.length / 2)];
    const other = st().colors.find((c) => c.key !== a.color).key;
    t0 = performance.now();
    await actions.setColor(a.id, other);
    const colourSync = performance.now() - t0;
    await frame();
    const colour = performance.now() - t0;
    t0 = performance.now();
    actions.activate(all[Math.floor(all.length / 3)].id, { scroll: true });
    const card = performance.now() - t0;
    actions.activate(null);
    t0 = performance.now();
    reader.render({ id: "empty", title: "", blocks: [] }); // leaving: the teardown alone
    const leave = performance.now() - t0;
    await actions.openDocument(st().doc.id, false);
    const r1 = (x) => Math.round(x * 10) / 10;
    return { notes: all.length, open: r1(open), perf, cardsSeen: cards, worstDrift: Math.round(worst), colourSync: r1(colourSync), colourToFrame: r1(colour), openCard: r1(card), leave: r1(leave) };
  })();
}

test("the desk at 200 and 1,000 notes", async () => {
  const browser = await launch();
  await browser.setTimeout({ script: 120000 });
  try {
    await waitReady(browser);
    for (const n of [200, 1000]) {
      await browser.execute(makeNotes, n);
      const m = await browser.execute(measure);
      console.log(`desk-scale ${n}: ${JSON.stringify(m)}`);
    }
  } finally {
    await quit(browser);
  }
});
