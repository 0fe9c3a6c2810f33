// Benchmark (not a test): search-as-you-type latency in the real app, from
// keystroke to results painted, read from the UI's "pizhu-search"
// performance measures. Run through run.sh on a big library:
//   E2E_LIBRARY=DIR bash tests/e2e/run.sh search-latency.bench.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, quit, waitReady } from "./lib.mjs";

const QUERIES = ["党史学习", "政法队伍", "整顿工作", "学习教育", "history", "联系实际", "铁军", "2021"];

test("search-as-you-type latency", async () => {
  const browser = await launch();
  try {
    await waitReady(browser);
    const input = await browser.$('[data-testid="search-input"]');
    for (const q of QUERIES) {
      await input.click();
      await input.clearValue();
      for (const ch of q) {
        await input.addValue(ch);
        await browser.pause(120); // a quick typist: ~8 keys a second
      }
    }
    await browser.pause(300);
    const ms = await browser.execute(() => performance.getEntriesByName("pizhu-search").map((e) => e.duration));
    assert.ok(ms.length >= QUERIES.length, `measures: ${ms.length}`);
    ms.sort((a, b) => a - b);
    const p = (q) => ms[Math.min(ms.length - 1, Math.ceil(ms.length * q) - 1)];
    const notes = await browser.execute(() => window.__pizhuPerf?.highlights ?? -1);
    console.log("perf", JSON.stringify(await browser.execute(() => window.__pizhuPerf)));
    console.log(`search-latency: ${ms.length} keystrokes, p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms (highlights painted: ${notes})`);
  } finally {
    await quit(browser);
  }
});
