// Modal dialogs: backdrop, focus trap (Tab / Shift+Tab stay inside), Esc
// and a click on the backdrop close, focus returns to where it was.
import { h } from "../dom";

const closers = new WeakMap<Element, () => void>();

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export function focusables(el: HTMLElement): HTMLElement[] {
  return [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((x) => {
    if ((x as HTMLButtonElement).disabled || x.closest("[hidden]") || x.tabIndex < 0) return false;
    // of a radio group only the checked one (or the first) takes Tab
    if (x instanceof HTMLInputElement && x.type === "radio") {
      const group = [...el.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${x.name}"]`)].filter((r) => !r.disabled);
      const checked = group.find((r) => r.checked);
      return checked ? checked === x : group[0] === x;
    }
    return true;
  });
}

export interface ModalHandle {
  back: HTMLElement;
  close(): void;
}

/** Shows `dialog` (an element with role="dialog") as a modal in `root`. */
export function openModal(root: HTMLElement, dialog: HTMLElement, opts: { initialFocus?: HTMLElement | null; onClose?: () => void } = {}): ModalHandle {
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const back = h("div", { class: "modal-back" }, dialog);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    back.remove();
    opts.onClose?.();
    if (returnTo && returnTo.isConnected) returnTo.focus({ preventScroll: true });
  };
  closers.set(back, close);
  back.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    if (e.key !== "Tab") return;
    const list = focusables(dialog);
    if (list.length === 0) {
      e.preventDefault();
      return;
    }
    const first = list[0]!;
    const last = list[list.length - 1]!;
    const active = document.activeElement;
    const inside = active instanceof HTMLElement && dialog.contains(active);
    if (e.shiftKey && (active === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  });
  back.addEventListener("mousedown", (e) => {
    if (e.target === back) close();
  });
  root.appendChild(back);
  (opts.initialFocus ?? focusables(dialog)[0] ?? dialog).focus();
  return { back, close };
}

/** Closes the topmost modal in `root`; false if there is none. */
export function closeTopModal(root: HTMLElement): boolean {
  const all = root.querySelectorAll(".modal-back");
  const m = all[all.length - 1];
  if (!m) return false;
  const close = closers.get(m);
  if (close) close();
  else m.remove();
  return true;
}
