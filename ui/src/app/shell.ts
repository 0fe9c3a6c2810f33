// The page: lays out the desk and starts its views. The one module that
// knows every view; each view gets the store, the actions and the elements
// it works in, never another view. Views that show words are rebuilt when
// the language changes; the reader, its scroll position and the rest stay.
import { clear, h } from "../dom";
import { t } from "../i18n";
import type { Actions } from "../state/actions";
import type { Store } from "../state/store";
import { installColorSheet } from "./colorsheet";
import { Dialogs } from "./dialogs";
import { EssayPane } from "./essaypane";
import { installHtmlState } from "./htmlstate";
import { installKeyboard } from "./keyboard";
import { Margin } from "./margin";
import { NotesPanel } from "./notes";
import { Outline } from "./outline";
import { watchOpenTimings } from "./perf";
import type { Reader } from "./reader";
import { ReaderView } from "./readerview";
import { ReadingTracker } from "./reading";
import { ReadingPosition } from "./readingpos";
import { installReview } from "./reviewdesk";
import { SearchBox } from "./search";
import { SelectionToolbar } from "./seltoolbar";
import { Toasts } from "./toasts";
import { Topbar } from "./topbar";

/**
 * Skip links, the first stops of Tab: to the text (focus without scrolling:
 * the reading position stays) and to the notes (the first card in view, or
 * the open notes panel).
 */
function skipLinks(desk: HTMLElement, reader: Reader): HTMLElement[] {
  const link = (label: string, testid: string, href: string, go: () => void) => {
    const a = h("a", { class: "skip-link", href, "data-testid": testid }, label);
    a.addEventListener("click", (e) => {
      e.preventDefault();
      go();
    });
    return a;
  };
  return [
    link(t("skipToText"), "skip-text", "#reader", () => reader.el.focus({ preventScroll: true })),
    link(t("skipToNotes"), "skip-notes", "#notes", () => {
      const panel = document.querySelector<HTMLElement>('[data-testid="notes-panel"]:not([hidden])');
      const box = desk.getBoundingClientRect();
      const cards = [...desk.querySelectorAll<HTMLElement>('[data-testid="note-card"]')];
      const inView = cards.filter((c) => c.getBoundingClientRect().bottom > box.top).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
      const target = panel?.querySelector<HTMLElement>("[data-testid=notes-item], select, button") ?? inView ?? cards[0];
      target?.focus({ preventScroll: !!inView && !panel });
    }),
  ];
}

export function mountDesk(root: HTMLElement, store: Store, actions: Actions, reader: Reader): void {
  //  root: skip links | topbar | body: [outline | desk: [reader | margin] | notes panel | essay pane] | selection toolbar | toasts
  const deskInner = h("div", { class: "desk-inner" }, reader.el);
  const desk = h("main", { class: "desk", "data-testid": "desk" }, deskInner);
  const body = h("div", { class: "body" }, desk);
  const toasts = new Toasts(store);
  const skips = h("div", { class: "skip-links" });
  clear(root);
  root.className = "app";
  root.append(skips, body, toasts.el);

  // html state and colours first: everything else is measured after them
  installHtmlState(store);
  installColorSheet(store);
  reader.attach(desk);
  new ReaderView(reader, desk, store, actions);
  new ReadingPosition(reader, desk, store);
  new ReadingTracker(reader, desk, store, actions);
  new Dialogs(root, store, actions);
  installKeyboard(root, store, actions);
  installReview(root, store, actions, reader);
  watchOpenTimings(store, () => reader.ranges.size);

  let views: Array<{ destroy(): void }> = [];
  const build = () => {
    for (const v of views) v.destroy();
    const search = new SearchBox(store, actions);
    const topbar = new Topbar(root, search.el, store, actions);
    const outline = new Outline(reader, desk, store, () => {
      if (store.state.outlineToggled && matchMedia("(max-width: 900px)").matches) actions.toggleOutline();
    });
    const margin = new Margin(reader, desk, store, actions);
    const notes = new NotesPanel(store, actions);
    const essay = new EssayPane(root, store, actions);
    const toolbar = new SelectionToolbar(reader, store, actions);
    views = [search, topbar, outline, margin, notes, toolbar, essay];
    skips.replaceChildren(...skipLinks(desk, reader));
    root.insertBefore(topbar.el, body);
    body.prepend(outline.el);
    body.append(notes.el, essay.el);
    deskInner.append(margin.el);
    root.insertBefore(toolbar.el, toasts.el);
    root.insertBefore(notes.orphans.bar, toasts.el);
    margin.refresh();
  };
  build();
  store.watch(["lang"], build);
}
