import "./styles.css";
import { App } from "./app/app";
import { TauriBackend } from "./backend/tauri";

async function main(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) throw new Error("#app missing");
  // Every rule (documents, search, colours…) lives in the Rust core: without
  // its IPC there is nothing to show.
  if (!("__TAURI_INTERNALS__" in window)) {
    root.textContent = "批注 Pizhu: this UI runs inside the app (or pizhu-uihost for tests), not in a plain browser.";
    return;
  }
  const app = new App(new TauriBackend(), root);
  (window as unknown as { __pizhu?: App }).__pizhu = app;
  await app.start();
}

void main();
