// Benchmark (not a test): whole books in the real app (WebKitGTK, the Rust
// core) — issue 9. Imports novels of 0.3M, 1M and 2.5M characters with the
// CLI, then for each, windowed (the app) and whole (`?whole`, as before
// windowing): opening it inside the app to painted text, the blocks in the
// page, a scripted scroll from end to end (frame times), and the idle memory
// (PSS of the app and its WebKit processes) against the speech alone.
// Also launch → painted with the book as the last document read.
//   bash tests/e2e/run.sh book.bench.mjs
import { test } from "node:test";
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, env, launch, quit, sleep, waitReady } from "./lib.mjs";
import { makeNovel } from "../../ui/tests/chromium/longbook.mjs";

/** PSS (MB) of the app and of the WebKit processes it started. */
function pssMb() {
  const kb = { app: 0, web: 0 };
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const exe = readlinkSync(`/proc/${d}/exe`).replace(/ \(deleted\)$/, "");
      const which = exe === env.bin ? "app" : /WebKit(Web|Network)Process$/.test(exe) ? "web" : null;
      if (!which) continue;
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/smaps_rollup`, "utf8"));
      if (m) kb[which] += Number(m[1]);
    } catch {
      /* gone, or not readable */
    }
  }
  const mb = (x) => Math.round(x / 1024);
  return { total: mb(kb.app + kb.web), app: mb(kb.app), web: mb(kb.web) };
}

/** In the page: opens `id` and waits for painted text. */
function openIt(id) {
  return (async () => {
    const { actions, reader } = window.__pizhu;
    const t0 = performance.now();
    await actions.openDocument(id, false);
    await new Promise((r) => requestAnimationFrame(() => r()));
    const open = performance.now() - t0;
    return { open: Math.round(open), blocks: document.querySelectorAll("[data-block]").length, windowed: reader.windowed };
  })();
}

/** In the page: scrolls on by `n` steps (3/4 of the desk, at least 1/400 of the text), one frame each; returns the frame times. */
function scrollOn(n) {
  return (async () => {
    const desk = document.querySelector('[data-testid="desk"]');
    const total = () => desk.scrollHeight - desk.clientHeight;
    const step = Math.max(desk.clientHeight * 0.75, total() / 400);
    const frames = [];
    let last = performance.now();
    for (let k = 0; k < n && desk.scrollTop < total() - 1; k++) {
      desk.scrollTop = Math.min(total(), desk.scrollTop + step);
      await new Promise((r) => requestAnimationFrame(() => r()));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    return { frames, done: desk.scrollTop >= total() - 1 };
  })();
}

/** Opens `id`, then scrolls it from top to end; open time, blocks in the page and frame-time percentiles. */
async function measure(browser, id) {
  const m = await browser.execute(openIt, id);
  const frames = [];
  for (let guard = 0; guard < 40; guard++) {
    const r = await browser.execute(scrollOn, 100);
    frames.push(...r.frames);
    if (r.done) break;
  }
  frames.sort((a, b) => a - b);
  const pct = (q) => Math.round(frames[Math.min(frames.length - 1, Math.floor(frames.length * q))] ?? 0);
  return { ...m, frames: frames.length, p50: pct(0.5), p95: pct(0.95), max: Math.round(frames[frames.length - 1] ?? 0) };
}

test("whole books in the real app", async () => {
  const books = [
    ["三十万字", 300_000],
    ["百万字", 1_000_000],
    ["二百五十万字", 2_500_000],
  ];
  const ids = {};
  for (const [title, chars] of books) {
    const path = join(env.dataDir, "..", `${title}.txt`);
    writeFileSync(path, makeNovel(title, chars, { word: "回" }));
    const t0 = Date.now();
    const out = JSON.parse(await cli("import", path, "--json"));
    ids[title] = out.id;
    console.log(`book ${title}: imported and indexed by the CLI in ${Date.now() - t0} ms`);
  }
  const rows = [];
  // the speech alone, idle
  let browser = await launch();
  let speech = 0;
  try {
    await waitReady(browser);
    await sleep(2500);
    const m = pssMb();
    speech = m.total;
    rows.push(`speech alone: idle ${speech} MB PSS (app ${m.app}, WebKit ${m.web})`);
  } finally {
    await quit(browser);
  }
  // each book in a fresh app, windowed and whole (?whole renders every block, as before windowing)
  // BOOK_BENCH_QUICK=1: the 2.5M book windowed only
  const quick = process.env.BOOK_BENCH_QUICK === "1";
  for (const mode of quick ? [""] : ["", "?whole"]) {
    for (const [title] of quick ? books.slice(2) : books) {
      browser = await launch();
      await browser.setTimeout({ script: 120000 });
      try {
        await waitReady(browser);
        if (mode) {
          await browser.execute((q) => location.replace(location.pathname + q), mode);
          await browser.waitUntil(() => browser.execute((q) => location.search === q && document.body.dataset.ready === "1" && !!window.__pizhu?.state.doc, mode), { timeout: 30000 });
        }
        const m = await measure(browser, ids[title]);
        await browser.execute(() => (document.querySelector('[data-testid="desk"]').scrollTop = 0));
        await sleep(2500);
        const mem = pssMb();
        rows.push(`${mode ? "whole   " : "windowed"} ${title}: open→painted ${m.open} ms, ${m.blocks} blocks in the page, scrolled end to end in ${m.frames} frames: p50 ${m.p50} / p95 ${m.p95} / max ${m.max} ms, idle ${mem.total} MB PSS (app ${mem.app}, WebKit ${mem.web}; ${Math.round((mem.total / speech - 1) * 100)} % over the speech)`);
        // the last book read is opened at the next launch
        if (!mode && title === "二百五十万字") await browser.execute((id) => window.__pizhu.actions.openDocument(id), ids[title]);
      } finally {
        await quit(browser);
      }
    }
  }
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const t0 = Date.now();
    browser = await launch();
    try {
      await waitReady(browser);
      const page = await browser.execute(() => Math.round(performance.now()));
      const title = await browser.execute(() => window.__pizhu.state.doc.title);
      rows.push(`launch → painted, ${title}: ${Date.now() - t0} ms (session start included), ${page} ms from the page's start`);
    } finally {
      await quit(browser);
    }
  }
  console.log(["", "book bench (WebKitGTK, real app):", ...rows.map((r) => `  ${r}`)].join("\n"));
});
