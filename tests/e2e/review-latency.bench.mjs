// Benchmark (not a test): rating a review card to the next card painted, in
// the real app (WebKitGTK), read from the UI's "pizhu-review-sync" (the next
// card in the DOM) and "pizhu-review-next" (after the next frame) measures.
// Makes 24 金句 cards on the speech, then rates them by key.
//   bash tests/e2e/run.sh review-latency.bench.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, quit, waitReady } from "./lib.mjs";

const CARDS = 24;

/** Runs `n` Space + 3 rounds; returns the two measures, in ms. */
async function rounds(browser, n) {
  await browser.execute(() => performance.clearMeasures());
  for (let i = 0; i < n; i++) {
    await browser.keys([" "]);
    await browser.waitUntil(() => browser.execute(() => document.querySelector('[data-testid="review-card"]')?.dataset.revealed === "true"), { timeout: 3000 });
    await browser.keys(["3"]);
    await browser.pause(250);
  }
  return browser.execute(() => ["pizhu-review-sync", "pizhu-review-next"].map((name) => performance.getEntriesByName(name).map((e) => Math.round(e.duration))));
}

test("review: rating → next card painted", async () => {
  const browser = await launch();
  try {
    await waitReady(browser);
    // 金句 highlights on the first sentence-long runs of the speech's paragraphs: cards by default
    const made = await browser.execute(async (n) => {
      const { state, backend } = window.__pizhu;
      const doc = state.doc;
      let count = 0;
      for (const b of doc.blocks) {
        if (b.kind !== "paragraph" || b.len < 40) continue;
        for (let at = 4; at + 6 < b.len && count < n; at += 30) {
          await backend.createAnnotation({ doc_id: doc.id, start: b.start + at, end: b.start + at + 4, color: "green", note: "", tags: [] });
          count++;
        }
      }
      await window.__pizhu.actions.openDocument(doc.id);
      return count;
    }, CARDS);
    assert.ok(made >= 20, `cards made: ${made}`);
    await browser.waitUntil(() => browser.execute(() => Number(document.querySelector('[data-testid="review-button"]')?.dataset.due) >= 20), { timeout: 5000 });
    await browser.execute(() => document.querySelector('[data-testid="reader"]').focus());
    await browser.keys(["r"]);
    await browser.$('[data-testid="review-card"]').waitForDisplayed({ timeout: 5000 });
    const [sync, next] = await rounds(browser, 12);
    const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`review-latency: ${next.length} ratings; next card in the DOM p50 ${p50(sync)} ms (max ${Math.max(...sync)}), painted p50 ${p50(next)} ms (max ${Math.max(...next)})`);
    console.log(`review-latency: painted ${next.join(", ")} ms`);
  } finally {
    await quit(browser);
  }
});
