// 学习进度 in the outline: an overview at its top (per cent read, marks,
// time; expanded, it marks the paragraphs without notes beside the text) and
// a quiet mark per section (a thin bar of what was read, the number of
// marks). The numbers are the core's Coverage; nothing is decided here.
import type { Coverage } from "../bindings";
import type { Document } from "../bindings";
import { formatDuration, furthestSection, percent, unmarkedCount } from "../coverage/format";
import { h } from "../dom";
import { t } from "../i18n";
import { getPref, setPref } from "../state/prefs";
import type { Reader } from "./reader";
import "../study.css";

export class CoverageMarks {
  /** The overview, placed at the outline's top by the outline. */
  readonly el: HTMLDetailsElement;
  private pctEl: HTMLElement;
  private fill: HTMLElement;
  private facts: HTMLElement;
  private unmarkedEl: HTMLElement;
  /** Blocks marked "no note yet" in the reader. */
  private marked = new Set<number>();
  private cov: Coverage | null = null;

  constructor(private readonly reader: Reader) {
    this.pctEl = h("span", { class: "cov-pct", "data-testid": "coverage-percent" });
    this.fill = h("span", { class: "cov-fill" });
    this.facts = h("p", { class: "cov-facts", "data-testid": "coverage-facts" });
    this.unmarkedEl = h("p", { class: "cov-unmarked", "data-testid": "coverage-unmarked" });
    this.el = h(
      "details",
      { class: "cov", "data-testid": "coverage" },
      h("summary", { class: "cov-sum", title: t("progressShowUnmarked") }, h("span", { class: "cov-title" }, t("progress")), this.pctEl, h("span", { class: "cov-bar", "aria-hidden": "true" }, this.fill)),
      this.facts,
      this.unmarkedEl,
    );
    this.el.open = getPref("coverageOpen") === "1";
    this.el.addEventListener("toggle", () => {
      setPref("coverageOpen", this.el.open ? "1" : "0");
      this.paintText();
    });
  }

  destroy(): void {
    this.clearText();
    this.el.remove();
  }

  /** Shows `cov` (if it is of `doc`) in the overview and on the outline's items in `list`. */
  update(doc: Document | null, cov: Coverage | null, list: HTMLElement | null): void {
    this.cov = cov && doc && cov.doc_id === doc.id ? cov : null;
    const c = this.cov;
    this.el.hidden = !doc;
    if (!c) {
      this.pctEl.textContent = "";
      this.fill.style.width = "0";
      this.facts.textContent = t("progressNone");
      this.unmarkedEl.textContent = "";
    } else {
      const p = percent(c.read, c.paragraphs);
      this.pctEl.textContent = t("progressRead", { p });
      this.fill.style.width = `${p}%`;
      this.facts.textContent = [t("progressParas", { r: c.read, n: c.paragraphs }), t("progressMarked", { n: c.marked }), t("progressTime", { t: formatDuration(c.seconds, t) })].join(" · ");
      this.unmarkedEl.textContent = t("progressUnmarked", { n: unmarkedCount(c) });
    }
    if (list) this.paintSections(list);
    this.paintText();
  }

  /** A thin bar and the marks' number on each section's outline item. */
  private paintSections(list: HTMLElement): void {
    list.querySelectorAll(".ol-cov").forEach((x) => x.remove());
    list.querySelectorAll(".ol-furthest").forEach((x) => x.classList.remove("ol-furthest"));
    const c = this.cov;
    if (!c) return;
    const furthest = furthestSection(c);
    c.sections.forEach((s, i) => {
      const item = list.querySelector<HTMLElement>(`.ol-item[data-target="${s.heading ?? -1}"]`);
      if (!item) return;
      const p = percent(s.read, s.paragraphs);
      const fill = h("span", { class: "ol-cov-fill" });
      fill.style.width = `${p}%`;
      const mark = h(
        "span",
        {
          class: `ol-cov${s.paragraphs > 0 && s.read >= s.paragraphs ? " done" : ""}`,
          "data-testid": "section-coverage",
          "data-read": s.read,
          "data-paragraphs": s.paragraphs,
          "data-marked": s.marked,
          title: t("progressSection", { r: s.read, n: s.paragraphs, m: s.marked, t: formatDuration(s.seconds, t) }),
        },
        h("span", { class: "ol-cov-bar", "aria-hidden": "true" }, fill),
        s.marked > 0 ? h("span", { class: "ol-cov-marks", "aria-hidden": "true" }, String(s.marked)) : null,
      );
      item.appendChild(mark);
      if (i === furthest) {
        item.classList.add("ol-furthest");
        mark.setAttribute("aria-label", t("progressFurthest"));
      }
    });
  }

  /** With the overview open, a quiet mark beside each paragraph without a note. */
  private paintText(): void {
    this.clearText();
    const c = this.cov;
    if (!c || !this.el.open || this.reader.el.dataset.doc !== c.doc_id) return;
    for (const s of c.sections) for (const b of s.unmarked) this.marked.add(b);
    // the reader keeps the class on blocks a long book renders later
    this.reader.setBlockClass("unmarked", this.marked);
  }

  private clearText(): void {
    this.marked = new Set();
    this.reader.setBlockClass("unmarked", null);
  }
}
