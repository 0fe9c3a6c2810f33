// Destructive actions ask in the app's own dialog, and the answer is awaited:
// window.confirm is an async function in the Tauri app (the dialog plugin),
// whose Promise counted as "yes".
import { afterEach, describe, expect, it } from "vitest";
import { confirmDialog } from "../../src/app/confirm";

const sources = import.meta.glob("../../src/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

const key = (el: Element, k: string, shift = false) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey: shift, bubbles: true, cancelable: true }));

describe("confirmDialog", () => {
  afterEach(() => document.body.replaceChildren());

  const ask = () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    const answer = confirmDialog(root, { title: "清空回收站?", message: "永久删除 3 条批注?", confirm: "永久删除" });
    const dialog = root.querySelector<HTMLElement>("[data-testid=confirm-dialog]")!;
    return { root, answer, dialog };
  };

  it("shows a modal in the app, Chinese first, focus on 取消", () => {
    const { dialog } = ask();
    expect(dialog).not.toBeNull();
    expect(dialog.getAttribute("role")).toBe("alertdialog");
    expect(dialog.textContent).toContain("永久删除 3 条批注?");
    expect(document.activeElement?.getAttribute("data-testid")).toBe("confirm-no");
  });

  it("resolves true only on the destructive button", async () => {
    const { root, answer, dialog } = ask();
    dialog.querySelector<HTMLButtonElement>("[data-testid=confirm-yes]")!.click();
    expect(await answer).toBe(true);
    expect(root.querySelector("[data-testid=confirm-dialog]")).toBeNull();
  });

  it("Esc, 取消 and the backdrop answer no", async () => {
    let c = ask();
    key(c.dialog, "Escape");
    expect(await c.answer).toBe(false);
    c = ask();
    c.dialog.querySelector<HTMLButtonElement>("[data-testid=confirm-no]")!.click();
    expect(await c.answer).toBe(false);
    c = ask();
    const back = c.root.querySelector(".modal-back")!;
    back.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    expect(await c.answer).toBe(false);
  });

  it("traps the focus: Tab from the last button goes to the first, Shift+Tab back", async () => {
    const { dialog, answer } = ask();
    const yes = dialog.querySelector<HTMLButtonElement>("[data-testid=confirm-yes]")!;
    const no = dialog.querySelector<HTMLButtonElement>("[data-testid=confirm-no]")!;
    yes.focus();
    key(yes, "Tab");
    expect(document.activeElement).toBe(no);
    key(no, "Tab", true);
    expect(document.activeElement).toBe(yes);
    key(dialog, "Escape");
    expect(await answer).toBe(false);
  });
});

describe("no window.confirm", () => {
  it("no UI source calls confirm() / window.confirm", () => {
    const offenders = Object.entries(sources).filter(([, text]) => /(?:window\.|[^.\w])confirm\s*\(/.test(text.replace(/\/\/.*$/gm, "")));
    expect(offenders.map(([f]) => f)).toEqual([]);
  });
});
