// Keyboard shortcuts of the desk: Ctrl+F and / search, Esc steps back (a
// dialog, the selection, the search, the edit, the open card), Ctrl+Z undoes
// a delete, ] / [ select the next / previous sentence (Shift+] / Shift+[
// extend the selection: a passage can be chosen without a mouse), and with
// a passage selected H (last colour) / N (a note, in the ✎ button's colour)
// / 1–9 highlight it.
import type { Actions } from "../state/actions";
import { noteColor } from "../state/select";
import type { Store } from "../state/store";
import { sentences, stepSentence } from "../layout/sentences";
import { closeTopModal } from "./modal";

export function installKeyboard(root: HTMLElement, store: Store, actions: Actions): () => void {
  const onKey = (e: KeyboardEvent) => {
    const s = store.state;
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === "f" || e.key === "F")) {
      e.preventDefault();
      actions.focusSearch();
      return;
    }
    if (e.key === "Escape") {
      if (closeTopModal(root)) return;
      if (s.pending) {
        window.getSelection()?.removeAllRanges();
        actions.select(null);
      } else if (s.searchOpen) actions.setSearchOpen(false);
      else if (s.editingId) actions.cancelEdit();
      else if (s.activeId) actions.activate(null);
      return;
    }
    if (typing) return;
    if (mod && (e.key === "z" || e.key === "Z") && !e.shiftKey) {
      if (s.undo.length) {
        e.preventDefault();
        void actions.undoDelete();
      }
      return;
    }
    if (mod || e.altKey) return;
    if (e.key === "/") {
      e.preventDefault();
      actions.focusSearch();
      return;
    }
    if ((e.key === "r" || e.key === "R") && !e.shiftKey && !s.pending) {
      // R: the review screen (复习)
      e.preventDefault();
      void actions.openReview();
      return;
    }
    if ((e.key === "]" || e.key === "[" || e.key === "}" || e.key === "{") && s.doc) {
      // `}` and `{` are Shift+] and Shift+[ on most layouts.
      e.preventDefault();
      const dir = e.key === "]" || e.key === "}" ? 1 : -1;
      const extend = e.shiftKey || e.key === "}" || e.key === "{";
      const next = stepSentence(sentences(s.doc.blocks), s.pending, dir, extend, readingOffset());
      if (next) {
        window.getSelection()?.removeAllRanges();
        actions.select(next);
        actions.reveal(next.start, next.end);
      }
      return;
    }
    if (!s.pending) return;
    if (s.reattachId) {
      // the selection is a waiting note's new place: Enter puts it there
      if (e.key === "Enter") {
        e.preventDefault();
        window.getSelection()?.removeAllRanges();
        void actions.reattachPending();
      }
      return;
    }
    const k = e.key.toLowerCase();
    // H: the last colour again; N: a note, in the colour the ✎ button shows
    const color = k === "h" ? s.lastColor : k === "n" ? noteColor(s) : /^[1-9]$/.test(e.key) ? s.colors[Number(e.key) - 1]?.key : undefined;
    if (color === undefined) return;
    e.preventDefault();
    window.getSelection()?.removeAllRanges();
    void actions.highlightPending(color, k === "n");
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}

/** Where reading is: the start of the first block at the top of the desk. */
function readingOffset(): number {
  const desk = document.querySelector('[data-testid="desk"]');
  const top = desk ? desk.getBoundingClientRect().top : 0;
  for (const el of document.querySelectorAll<HTMLElement>("[data-block]")) {
    if (el.getBoundingClientRect().bottom > top + 8) return Number(el.dataset.start ?? 0);
  }
  return 0;
}
