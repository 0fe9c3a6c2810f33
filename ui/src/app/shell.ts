// The page: lays out the desk and starts its views. The one module that
// knows every view; each view gets the store, the actions and the elements
// it works in, never another view. Views that show words are rebuilt when
// the language changes; the reader, its scroll position and the rest stay.
import { clear, h } from "../dom";
import type { Actions } from "../state/actions";
import type { Store } from "../state/store";
import { installColorSheet } from "./colorsheet";
import { Dialogs } from "./dialogs";
import { installHtmlState } from "./htmlstate";
import { installKeyboard } from "./keyboard";
import { Margin } from "./margin";
import { NotesPanel } from "./notes";
import { Outline } from "./outline";
import { watchOpenTimings } from "./perf";
import type { Reader } from "./reader";
import { ReaderView } from "./readerview";
import { ReadingPosition } from "./readingpos";
import { SearchBox } from "./search";
import { SelectionToolbar } from "./seltoolbar";
import { Toasts } from "./toasts";
import { Topbar } from "./topbar";

export function mountDesk(root: HTMLElement, store: Store, actions: Actions, reader: Reader): void {
  //  root: topbar | body: [outline | desk: [reader | margin] | notes panel] | selection toolbar | toasts
  const deskInner = h("div", { class: "desk-inner" }, reader.el);
  const desk = h("main", { class: "desk", "data-testid": "desk" }, deskInner);
  const body = h("div", { class: "body" }, desk);
  const toasts = new Toasts(store);
  clear(root);
  root.className = "app";
  root.append(body, toasts.el);

  // html state and colours first: everything else is measured after them
  installHtmlState(store);
  installColorSheet(store);
  new ReaderView(reader, desk, store, actions);
  new ReadingPosition(reader, desk, store);
  new Dialogs(root, store, actions);
  installKeyboard(root, store, actions);
  watchOpenTimings(store, () => reader.ranges.size);

  let views: Array<{ destroy(): void }> = [];
  const build = () => {
    for (const v of views) v.destroy();
    const search = new SearchBox(store, actions);
    const topbar = new Topbar(root, search.el, store, actions);
    const outline = new Outline(reader, desk, store);
    const margin = new Margin(reader, desk, store, actions);
    const notes = new NotesPanel(store, actions);
    const toolbar = new SelectionToolbar(reader, store, actions);
    views = [search, topbar, outline, margin, notes, toolbar];
    root.prepend(topbar.el);
    body.prepend(outline.el);
    body.append(notes.el);
    deskInner.append(margin.el);
    root.insertBefore(toolbar.el, toasts.el);
    margin.refresh();
  };
  build();
  store.watch(["lang"], build);
}
