// The document menu under the top bar's title button: the library's
// documents (the open one marked), each imported one with 重命名 / 移除
// (removal goes to the trash with its notes and can be undone), and
// 添加文档… to import one, 导入新版本… for the open one (a revised text),
// the count of its notes waiting for a place (待确认), and with a study
// group joined 共享到小组 / 停止共享 for the open document's notes.
import { h } from "../dom";
import { docShared, joinedGroup } from "../group/logic";
import { t } from "../i18n";
import type { Actions } from "../state/actions";
import type { State } from "../state/store";

/** Opens the menu under `anchor` (or closes it when open); a press outside closes it. */
export function toggleDocMenu(root: HTMLElement, anchor: HTMLElement, s: Readonly<State>, actions: Actions): void {
  const existing = root.querySelector(".doc-menu");
  if (existing) {
    existing.remove();
    return;
  }
  const menu = h(
    "div",
    { class: "doc-menu popover", role: "menu", "data-testid": "doc-menu" },
    s.docs.map((d) => {
      const item = h(
        "button",
        { class: `menu-item${d.id === s.doc?.id ? " current" : ""}`, role: "menuitem", type: "button", "data-doc-id": d.id },
        h("span", { class: "mi-title" }, d.title),
        h("span", { class: "mi-meta" }, d.builtin ? `${t("builtin")} · ` : "", d.version > 1 ? `${t("versionN", { v: d.version })} · ` : "", t("chars", { n: d.chars.toLocaleString() })),
      );
      item.addEventListener("click", () => {
        close();
        void actions.openDocument(d.id);
      });
      if (d.builtin) return item;
      const rename = h("button", { class: "mi-act", type: "button", title: t("renameDoc"), "aria-label": `${t("renameDoc")}《${d.title}》`, "data-testid": "doc-rename" }, "✎");
      const remove = h("button", { class: "mi-act", type: "button", title: t("removeDoc"), "aria-label": `${t("removeDoc")}《${d.title}》`, "data-testid": "doc-remove" }, "✕");
      rename.addEventListener("click", () => {
        const input = h("input", { class: "mi-rename", type: "text", "aria-label": t("renameDoc"), "data-testid": "doc-rename-input" });
        input.value = d.title;
        row.replaceChildren(input);
        input.focus();
        input.select();
        let done = false;
        const finish = (save: boolean) => {
          if (done) return;
          done = true;
          close();
          if (save && input.value.trim() && input.value.trim() !== d.title) void actions.renameDocument(d.id, input.value);
        };
        input.addEventListener("keydown", (e) => {
          e.stopPropagation();
          if (e.key === "Enter" && !e.isComposing) finish(true);
          else if (e.key === "Escape") finish(false);
        });
        input.addEventListener("blur", () => finish(true));
      });
      remove.addEventListener("click", () => {
        close();
        void actions.removeDocument(d.id);
      });
      const row = h("div", { class: "menu-row" }, item, rename, remove);
      return row;
    }),
    h("div", { class: "menu-sep" }),
  );
  const add = h("button", { class: "menu-item add", role: "menuitem", type: "button", "data-testid": "add-document" }, t("addDocument"));
  add.addEventListener("click", () => {
    close();
    void actions.pickAndImport();
  });
  menu.appendChild(add);
  if (s.doc && !s.docs.find((d) => d.id === s.doc?.id)?.builtin) {
    const version = h("button", { class: "menu-item add", role: "menuitem", type: "button", title: t("importVersionHint"), "data-testid": "import-version" }, t("importVersion"));
    version.addEventListener("click", () => {
      close();
      void actions.pickAndImportVersion();
    });
    menu.appendChild(version);
  }
  const group = joinedGroup(s.syncStatus);
  if (group && s.doc) {
    const id = s.doc.id;
    const shared = docShared(group, id);
    const share = h(
      "button",
      { class: `menu-item add${shared ? " shared" : ""}`, role: "menuitem", type: "button", title: t(shared ? "unshareDocHint" : "shareDocHint"), "data-testid": "doc-share" },
      t(shared ? "unshareDoc" : "shareDoc"),
    );
    share.addEventListener("click", () => {
      close();
      void actions.setShared("document", id, !shared);
    });
    menu.appendChild(share);
  }
  if (s.orphans.length) {
    const waiting = h("button", { class: "menu-item add", role: "menuitem", type: "button", "data-testid": "show-orphans" }, t("orphansTitle", { n: s.orphans.length }));
    waiting.addEventListener("click", () => {
      close();
      actions.showOrphans(null);
    });
    menu.appendChild(waiting);
  }
  const r = anchor.getBoundingClientRect();
  menu.style.left = `${r.left}px`;
  menu.style.top = `${r.bottom + 4}px`;
  root.appendChild(menu);
  const onDown = (e: MouseEvent) => {
    if (!menu.contains(e.target as Node)) close();
  };
  function close(): void {
    menu.remove();
    document.removeEventListener("mousedown", onDown, true);
  }
  document.addEventListener("mousedown", onDown, true);
}
