// window.__pizhu: the deliberate hook through which the Chromium tests
// (ui/tests/chromium) and the end-to-end tests (tests/e2e) read the UI's
// state and reach the reader. Not used by the app itself.
//   state    the store's current state (state.doc, state.annotations: Map by id, state.colors, state.activeId…)
//   actions  what the UI can do (actions.activate(id), actions.deleteNote(id), actions.importPaths([…])…)
//   reader   the reader (reader.rangeFor(start, end), reader.ranges, reader.useApi, reader.scrollToRange…)
//   backend  the backend (the app's commands through the generated bindings)
// window.__pizhuPerf (app/perf.ts) holds the timings of the last document opened.
import type { Reader } from "./app/reader";
import type { Backend } from "./backend/types";
import type { Actions } from "./state/actions";
import type { State, Store } from "./state/store";

export interface TestHook {
  readonly state: Readonly<State>;
  readonly actions: Actions;
  readonly reader: Reader;
  readonly backend: Backend;
}

export function installTestHook(store: Store, actions: Actions, reader: Reader, backend: Backend): void {
  const hook: TestHook = {
    get state() {
      return store.state;
    },
    actions,
    reader,
    backend,
  };
  (window as unknown as { __pizhu?: TestHook }).__pizhu = hook;
}
