// Entry point: creates the backend (the app's commands), the store and its
// actions, mounts the desk and starts.
import "./styles.css";
import "./review.css";
import "./group.css";
import { Reader } from "./app/reader";
import { mountDesk } from "./app/shell";
import { TauriBackend } from "./backend/tauri";
import { Actions, initialState } from "./state/actions";
import { Store } from "./state/store";
import { installTestHook } from "./testhook";

async function main(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) throw new Error("#app missing");
  // Every rule (documents, search, colours…) lives in the Rust core: without
  // its IPC there is nothing to show.
  if (!("__TAURI_INTERNALS__" in window)) {
    root.textContent = "批注 Pizhu: this UI runs inside the app (or pizhu-uihost for tests), not in a plain browser.";
    return;
  }
  const backend = new TauriBackend();
  const store = new Store(initialState());
  const actions = new Actions(backend, store);
  const reader = new Reader();
  mountDesk(root, store, actions, reader);
  installTestHook(store, actions, reader, backend);
  await actions.start();
}

void main();
