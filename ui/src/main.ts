// Entry point: picks the backend (Tauri in the app, the in-memory fake in a
// browser), creates the store and its actions, mounts the desk and starts.
import "./styles.css";
import { Reader } from "./app/reader";
import { mountDesk } from "./app/shell";
import type { Backend } from "./backend/types";
import { Actions, initialState } from "./state/actions";
import { Store } from "./state/store";
import { installTestHook } from "./testhook";

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
  const store = new Store(initialState());
  const actions = new Actions(backend, store);
  const reader = new Reader();
  mountDesk(root, store, actions, reader);
  installTestHook(store, actions, reader, backend);
  await actions.start();
}

void main();
