// What the Chromium test modules share: assertions, opening the page, and
// calling an app command directly (as another process writing the library
// would) on a pizhu-uihost.

export class AssertionError extends Error {}

export function assert(cond, msg) {
  if (!cond) throw new AssertionError(msg);
}

export function eq(a, b, msg) {
  if (a !== b) throw new AssertionError(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
}

/** Opens the page (`query`: UI-only flags) and waits until a document is shown. */
export async function open(page, base, query = "") {
  await page.goto(`${base}/index.html${query}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
}

/** Calls an app command on the host at `base`; rejects with its {code, message} as `body`. */
export async function ipc(base, cmd, args = {}) {
  const res = await fetch(`${base}/__ipc`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ cmd, args }) });
  const json = await res.json();
  if (!res.ok) throw Object.assign(new Error(`${cmd}: ${JSON.stringify(json)}`), { body: json });
  return json;
}
