// The outline: title, subtitle, sections and lead phrases of the open
// document; a click scrolls the desk there, the item being read is marked.
// 学习进度 sits at its top and marks each section (coverageview.ts).
import type { Document } from "../bindings";
import { clear, h } from "../dom";
import { t } from "../i18n";
import type { Store, Unsubscribe } from "../state/store";
import { CoverageMarks } from "./coverageview";
import type { Reader } from "./reader";

export class Outline {
  readonly el: HTMLElement;
  private offs: Unsubscribe[] = [];
  private doc: Document | null = null;
  private raf = 0;
  private readonly cov: CoverageMarks;

  constructor(
    private readonly text: Reader,
    private readonly desk: HTMLElement,
    private readonly store: Store,
    /** Called after a jump (the shell closes the drawer of a narrow window). */
    private readonly onJump: () => void = () => undefined,
  ) {
    this.el = h("nav", { class: "outline", id: "outline", "data-testid": "outline", "aria-label": t("outline") });
    this.cov = new CoverageMarks(text);
    this.offs.push(store.watch(["doc"], (s) => this.render(s.doc)));
    this.offs.push(store.watch(["coverage"], (s) => this.cov.update(this.doc, s.coverage, this.el.querySelector(".outline-list"))));
    const onScroll = () => {
      if (this.raf) return;
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.markCurrent();
      });
    };
    desk.addEventListener("scroll", onScroll, { passive: true });
    this.offs.push(() => {
      desk.removeEventListener("scroll", onScroll);
      cancelAnimationFrame(this.raf);
    });
    this.render(store.state.doc);
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.cov.destroy();
    this.el.remove();
  }

  private render(doc: Document | null): void {
    this.doc = doc;
    clear(this.el);
    if (!doc) return;
    this.el.append(this.cov.el, h("div", { class: "outline-head" }, t("outline")));
    const list = h("ol", { class: "outline-list" });
    const item = (cls: string, label: string, block: number | null, title: string) => {
      const b = h("button", { class: `ol-item ${cls}`, type: "button", "data-target": block ?? -1, title }, h("span", { class: "ol-text" }, label));
      b.addEventListener("click", () => this.jumpTo(block));
      list.appendChild(h("li", null, b));
    };
    item("ol-title", doc.title, null, doc.title);
    for (const b of doc.blocks) {
      if (b.kind === "subtitle") item("ol-subtitle", b.text.replace(/^——/, ""), b.index, b.text);
      else if (b.kind === "heading") item(`ol-heading ol-l${Math.min(Math.max(b.level ?? 1, 1), 4)}`, b.text, b.index, b.text);
      else if (b.lead) item("ol-lead", b.lead.phrase, b.index, b.lead.phrase);
    }
    this.el.appendChild(list);
    this.cov.update(doc, this.store.state.coverage, list);
    this.markCurrent();
  }

  private jumpTo(block: number | null): void {
    this.onJump();
    if (block === null) {
      this.desk.scrollTo({ top: 0, behavior: "smooth" });
      return;
    }
    this.text.scrollToBlock(block, -24, true);
  }

  /** Marks the last outline entry at or above the top of the desk. */
  private markCurrent(): void {
    const top = this.text.topBlock(this.desk.getBoundingClientRect().top + 80);
    let current = -1;
    if (top && this.doc) {
      for (const b of this.doc.blocks) {
        if (b.index > top.index) break;
        if (b.kind === "heading" || b.lead || b.kind === "subtitle") current = b.index;
      }
    }
    this.el.querySelectorAll(".ol-item.current").forEach((x) => x.classList.remove("current"));
    this.el.querySelector(`.ol-item[data-target="${current}"]`)?.classList.add("current");
  }
}
