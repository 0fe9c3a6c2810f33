// Starts review on the desk: the review screen, the blank editor, the
// badges in the text, and keeping the cards and today's counts current
// (after the document or its highlights change, when the window comes back,
// and every few minutes: cards fall due while the app is open).
import type { Actions } from "../state/actions";
import type { Store } from "../state/store";
import { BlanksEditor } from "./blanks";
import { CardBadges } from "./cardbadges";
import type { Reader } from "./reader";
import { ReviewView } from "./review";

/** How long after a change of highlights the cards are reloaded (one load for a burst). */
const REFRESH_MS = 150;
const TICK_MS = 5 * 60 * 1000;

export function installReview(root: HTMLElement, store: Store, actions: Actions, reader: Reader): () => void {
  const views = [new ReviewView(root, store, actions), new BlanksEditor(root, store, actions), new CardBadges(reader, store)];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void actions.refreshCards();
    }, REFRESH_MS);
  };
  const off = store.watch(["doc", "annotations"], soon);
  const onFocus = () => soon();
  window.addEventListener("focus", onFocus);
  const tick = setInterval(soon, TICK_MS);
  soon();
  return () => {
    off();
    window.removeEventListener("focus", onFocus);
    clearInterval(tick);
    if (timer !== undefined) clearTimeout(timer);
    for (const v of views) v.destroy();
  };
}
