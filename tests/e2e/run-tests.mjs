// Runs the e2e spec files with node:test, prints the spec report and a
// final `e2e: N passed, N failed` line; exits non-zero on any failure.
//   node run-tests.mjs [file.test.mjs ...]   (run.sh sets up the app env)
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const files = (args.length ? args : ["app.test.mjs"]).map((f) => resolve(here, f));

const started = Date.now();
let passed = 0;
let failed = 0;
const failures = [];
// leaf tests only: suites (describe) are reported as tests too
const isSuite = (data) => data.details?.type === "suite";

// the spec file is killed (and reported failed) before run.sh's hard timeout hits
const budget = Math.max(5, Number(process.env.E2E_TIMEOUT ?? 170) - 20) * 1000;
const stream = run({ files, concurrency: 1, timeout: budget });
stream.on("test:pass", (data) => {
  if (!isSuite(data) && !data.skip && !data.todo) passed++;
});
stream.on("test:fail", (data) => {
  if (isSuite(data)) {
    // a suite that fails on its own (hook error, file crash) with no failing test inside
    if (data.details?.error?.failureType !== "subtestsFailed") {
      failed++;
      failures.push(data.name);
    }
    return;
  }
  failed++;
  failures.push(data.name);
});

const out = stream.compose(new spec());
out.pipe(process.stdout);
await new Promise((resolve, reject) => {
  out.on("end", resolve);
  out.on("error", reject);
});
if (failures.length) console.log(`failed: ${failures.join(" | ")}`);
console.log(`e2e: run time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
