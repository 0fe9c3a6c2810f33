import "./styles.css";
import type { Backend } from "./backend/types";
import { App } from "./app/app";

async function pickBackend(): Promise<Backend> {
  if ("__TAURI_INTERNALS__" in window) {
    const { TauriBackend } = await import("./backend/tauri");
    return new TauriBackend();
  }
  const { createFakeBackend } = await import("./backend/fake");
  return createFakeBackend();
}

async function main(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) throw new Error("#app missing");
  const backend = await pickBackend();
  const app = new App(backend, root);
  (window as unknown as { __pizhu?: App }).__pizhu = app;
  await app.start();
}

void main();
