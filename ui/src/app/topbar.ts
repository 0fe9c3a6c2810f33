// The top bar: brand, the document switcher, the search box, index status,
// the notes panel toggle, export, the sync status, text size, theme,
// language, About.
import { h } from "../dom";
import { lang, t } from "../i18n";
import type { Actions } from "../state/actions";
import type { Store, Unsubscribe } from "../state/store";
import { toggleDocMenu } from "./docmenu";
import { ReviewButton } from "./reviewbutton";
import { SyncButton } from "./syncbutton";

/** Whether the outline shows: by default in a wide window, toggled in a narrow one (styles.css, 900 px). */
function outlineShown(toggled: boolean): boolean {
  const narrow = typeof matchMedia === "function" && matchMedia("(max-width: 900px)").matches;
  return narrow ? toggled : !toggled;
}

export class Topbar {
  readonly el: HTMLElement;
  private offs: Unsubscribe[] = [];

  /** `search` is the search box's element, placed in the middle. */
  constructor(root: HTMLElement, search: HTMLElement, store: Store, actions: Actions) {
    const btn = (label: string, title: string, testid: string, fn: () => void, cls = "tb-btn") => {
      const b = h("button", { class: cls, type: "button", title, "aria-label": title, "data-testid": testid }, label);
      b.addEventListener("click", fn);
      return b;
    };
    const docButton = h("button", { class: "doc-switch", type: "button", "data-testid": "doc-switch", "aria-haspopup": "menu" });
    docButton.addEventListener("click", (e) => {
      e.stopPropagation();
      toggleDocMenu(root, docButton, store.state, actions);
    });
    const status = h("span", { class: "index-status", "data-testid": "index-status", hidden: true });
    const notesToggle = btn(t("notesToggle"), t("notesToggle"), "notes-toggle", () => actions.toggleNotes(), "tb-btn text");
    const essayToggle = btn(t("essayToggle"), t("essayToggleHint"), "essay-toggle", () => actions.toggleEssays(), "tb-btn text");
    const review = new ReviewButton(store, actions);
    this.offs.push(() => review.destroy());
    const sync = new SyncButton(store, actions);
    this.offs.push(() => sync.destroy());
    const theme = btn("", t("themeToggle"), "theme-toggle", () => actions.toggleTheme());
    // the outline: hidden / shown (a drawer in a narrow window)
    const outlineBtn = btn("☰", t("outlineToggle"), "outline-toggle", () => actions.toggleOutline());
    outlineBtn.setAttribute("aria-controls", "outline");
    this.el = h(
      "header",
      { class: "topbar" },
      outlineBtn,
      h("span", { class: "brand" }, h("span", { class: "brand-mark" }, "批"), h("span", { class: "brand-name" }, t("appName"))),
      docButton,
      h("span", { class: "grow" }),
      search,
      status,
      h("span", { class: "grow" }),
      review.el,
      notesToggle,
      essayToggle,
      btn(t("exportBackup"), t("exportBackup"), "export-button", () => actions.openDialog("export"), "tb-btn text"),
      sync.el,
      h(
        "span",
        { class: "tb-group", role: "group", "aria-label": t("textSize") },
        btn("A−", t("fontSmaller"), "font-smaller", () => actions.setFont(-1)),
        btn("A+", t("fontLarger"), "font-larger", () => actions.setFont(1)),
      ),
      theme,
      btn(lang() === "en" ? "中" : "EN", t("langToggle"), "lang-toggle", () => actions.setLang(lang() === "en" ? "zh-CN" : "en")),
      btn("ⓘ", t("about"), "about-button", () => actions.openDialog("about")),
    );
    const show = () => {
      const s = store.state;
      docButton.textContent = s.doc?.title ?? t("docs");
      notesToggle.classList.toggle("on", s.notesOpen);
      essayToggle.classList.toggle("on", s.essayOpen && !s.notesOpen);
      theme.textContent = s.theme === "dark" ? "☀" : "☾";
      outlineBtn.setAttribute("aria-expanded", String(outlineShown(s.outlineToggled)));
      const rebuilding = s.indexStatus?.state === "rebuilding";
      status.hidden = !rebuilding;
      if (rebuilding) status.textContent = t("indexing", { d: s.indexStatus!.done, n: s.indexStatus!.total });
    };
    this.offs.push(store.watch(["doc", "notesOpen", "theme", "indexStatus", "outlineToggled", "essayOpen"], show));
    show();
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.el.remove();
  }
}
