// Helpers for the Pizhu e2e test: sessions on the real app through
// tauri-driver (which starts WebKitWebDriver, which starts the app), waiting
// for the app process to be gone, the real CLI, and in-page helpers.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { promisify } from "node:util";
import { remote } from "webdriverio";

const run = promisify(execFile);

export const env = {
  bin: must("PIZHU_BIN"), // absolute path of the release binary
  dataDir: must("E2E_DATA_DIR"), // fresh library folder (--data-dir)
  port: Number(process.env.E2E_DRIVER_PORT ?? 4444), // tauri-driver
  shots: must("E2E_SHOTS"), // where the docs screenshots go
  artifacts: must("E2E_ARTIFACTS"), // failure screenshots
};

function must(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests/e2e/run.sh`);
  return v;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects after `ms` with a message naming `what`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/**
 * PIDs of running `pizhu` processes of this run: the binary (by /proc exe)
 * started with our --data-dir. A process we cannot inspect is not ours.
 */
export function appPids() {
  const pids = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const exe = readlinkSync(`/proc/${d}/exe`).replace(/ \(deleted\)$/, "");
      if (exe !== env.bin) continue;
      const argv = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (state === "Z") continue; // exited, not yet reaped
      if (argv.includes(env.dataDir)) pids.push(Number(d));
    } catch {
      /* gone meanwhile, or not ours */
    }
  }
  return pids;
}

/** Waits until no app process of this run is left (the single-instance lock is free). */
export async function waitAppGone(ms = 15000) {
  const until = Date.now() + ms;
  for (;;) {
    const pids = appPids();
    if (pids.length === 0) return;
    if (Date.now() > until) throw new Error(`the app is still running after ${ms} ms (pid ${pids.join(", ")})`);
    await sleep(100);
  }
}

/** A WebDriver session on a fresh app process with our data dir. */
export async function launch() {
  if (appPids().length) throw new Error(`an app process is already running: ${appPids().join(", ")}`);
  const browser = await remote({
    hostname: "127.0.0.1",
    port: env.port,
    path: "/",
    logLevel: process.env.E2E_WDIO_LOG ?? "warn",
    connectionRetryTimeout: 60000,
    connectionRetryCount: 0,
    capabilities: {
      // no browserName: tauri-driver turns this into webkitgtk:browserOptions
      "tauri:options": { application: env.bin, args: ["--data-dir", env.dataDir] },
      // tauri-driver proxies classic WebDriver (HTTP) only, no BiDi websocket
      "wdio:enforceWebDriverClassic": true,
    },
  });
  await browser.setTimeout({ script: 20000 });
  return browser;
}

/** Ends the session; the driver closes the app. Then waits for the process to be gone. */
export async function quit(browser) {
  await browser.deleteSession();
  await waitAppGone();
}

/** Runs the real CLI on our library; returns stdout (throws on a non-zero exit). */
export async function cli(...args) {
  return cliIn(env.dataDir, ...args);
}

/** Runs the CLI on the library in `dir` (another computer's, say). */
export async function cliIn(dir, ...args) {
  const { stdout } = await run(env.bin, ["--data-dir", dir, ...args], { timeout: 30000, maxBuffer: 16 << 20 });
  return stdout;
}

// ----------------------------------------------------------------- page helpers

/** Waits until the app has opened a document (body[data-ready]). */
export async function waitReady(browser) {
  await browser.waitUntil(() => browser.execute(() => document.body.dataset.ready === "1" && !!window.__pizhu?.state.doc), {
    timeout: 30000,
    interval: 200,
    timeoutMsg: "the app did not render a document within 30 s (body[data-ready] never set)",
  });
  // page-side error trap for the rest of the session
  await browser.execute(() => {
    if (window.__e2eErrors) return;
    window.__e2eErrors = [];
    window.addEventListener("error", (e) => window.__e2eErrors.push(`error: ${e.message}`));
    window.addEventListener("unhandledrejection", (e) => window.__e2eErrors.push(`unhandled rejection: ${e.reason?.message ?? e.reason}`));
    document.addEventListener("securitypolicyviolation", (e) => window.__e2eErrors.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** Errors seen by the page (trap above) plus any error toast the UI shows. */
export function pageProblems(browser) {
  return browser.execute(() => [
    ...(window.__e2eErrors ?? []),
    ...[...document.querySelectorAll('[data-testid="error-toast"]')].map((e) => `error toast: ${e.textContent}`),
  ]);
}

/**
 * Selects the first occurrence of `phrase` in the reader (DOM range over the
 * text nodes), then releases the mouse there — exactly what the UI listens
 * to (mouseup on the reader, then it reads window.getSelection()).
 */
export async function selectPhrase(browser, phrase) {
  const res = await browser.execute((phrase) => {
    const blocks = [...document.querySelectorAll("[data-block]")];
    const el = blocks.find((b) => b.textContent.includes(phrase));
    if (!el) return { error: `phrase not in any block: ${phrase}` };
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
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    const rects = r.getClientRects();
    const last = rects[rects.length - 1];
    el.dispatchEvent(new MouseEvent("mouseup", { bubbles: true, button: 0, clientX: last.right - 1, clientY: last.top + last.height / 2 }));
    return { block: Number(el.dataset.block), selected: sel.toString() };
  }, phrase);
  if (res.error) throw new Error(res.error);
  if (res.selected !== phrase) throw new Error(`selection is ${JSON.stringify(res.selected)}, wanted ${JSON.stringify(phrase)}`);
  await browser.$('[data-testid="sel-toolbar"]').waitForDisplayed({ timeout: 5000, timeoutMsg: "the selection toolbar did not appear" });
  return res.block;
}

/** The annotation (from the app's state) whose passage is `exact`. */
export function annotationByExact(browser, exact) {
  return browser.execute((exact) => [...window.__pizhu.state.annotations.values()].find((a) => a.exact === exact) ?? null, exact);
}

/** Number of painted highlights (CSS Highlight API, or <mark> fallback). */
export function paintedCount(browser) {
  return browser.execute(() => {
    if (window.__pizhu.reader.useApi) {
      // every custom highlight but the open note, the selection and a flash is a note's colour
      return [...CSS.highlights].filter(([name]) => !["hl-active", "hl-pending", "hl-flash"].includes(name)).reduce((n, [, hl]) => n + hl.size, 0);
    }
    return new Set([...document.querySelectorAll("mark.hl")].map((m) => m.dataset.ann)).size;
  });
}

/**
 * Replaces the value of an input/textarea by typing with real WebDriver key
 * events, and checks the
 * field really holds `text` afterwards. WebKitWebDriver cannot synthesise
 * keys outside the BMP (emoji are silently dropped), so those characters are
 * committed the way an IME / emoji picker does: `insertText` on the focused
 * field, which fires a real `input` event.
 */
export async function typeInto(browser, selector, text) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 5000, timeoutMsg: `${selector} is not displayed` });
  await el.click();
  await el.clearValue();
  for (const run of text.match(/[\u{10000}-\u{10FFFF}]+|[^\u{10000}-\u{10FFFF}]+/gu) ?? []) {
    if (run.codePointAt(0) <= 0xffff) {
      await el.addValue(run); // WebDriver "Element Send Keys"
      continue;
    }
    const ok = await browser.execute(
      (sel, s) => document.activeElement === document.querySelector(sel) && document.execCommand("insertText", false, s),
      selector,
      run,
    );
    if (!ok) throw new Error(`could not insert ${JSON.stringify(run)} into ${selector} (not focused?)`);
  }
  const got = await el.getValue();
  if (got !== text) throw new Error(`typed ${JSON.stringify(text)} into ${selector}, the field holds ${JSON.stringify(got)}`);
  return el;
}
