// pizhu-uihost for the Chromium tests: where the binary and the built UI
// are, and starting one on a free port. run.mjs starts the host the page
// talks to; a test may start another (a second computer, sync.mjs).
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const uiDir = join(here, "..", "..");
export const repo = join(uiDir, "..");
export const dist = join(uiDir, "dist");
// PIZHU_UIHOST: the host binary (default $CARGO_TARGET_DIR/release/pizhu-uihost,
// else <repo>/target/release/pizhu-uihost).
export const UIHOST = process.env.PIZHU_UIHOST || join(process.env.CARGO_TARGET_DIR || join(repo, "target"), "release", "pizhu-uihost");

/** Starts pizhu-uihost on a free port with a fresh library; resolves to {child, base} (its base URL). */
export function startHost() {
  const child = spawn(UIHOST, ["--dist", dist, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("pizhu-uihost did not start within 30 s")), 30000);
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`pizhu-uihost exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        ok({ child, base: m[1] });
      }
    });
  });
}
