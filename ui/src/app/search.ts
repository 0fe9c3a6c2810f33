// Search-as-you-type with grouped results (原文 / 我的批注).
import type { SearchHit } from "../bindings";
import { clear, h } from "../dom";
import { t } from "../i18n";
import { groupHits, snippetParts } from "../search/group";
import type { App } from "./app";

// Enough to fill the popover twice; "more" says how many there are in all.
const LIMIT = 20;

export class SearchBox {
  private input!: HTMLInputElement;
  private results!: HTMLElement;
  private seq = 0;
  private hits: SearchHit[] = [];
  private selected = -1;
  /** When the keystroke being answered happened (for the latency measure). */
  private typedAt = 0;

  constructor(private app: App) {}

  build(): HTMLElement {
    this.input = h("input", {
      class: "search-input",
      type: "search",
      placeholder: t("searchPlaceholder"),
      "aria-label": t("search"),
      "data-testid": "search-input",
      autocomplete: "off",
      spellcheck: "false",
    });
    this.results = h("div", { class: "search-results popover", "data-testid": "search-results", role: "listbox", hidden: true });
    const onInput = () => {
      const q = this.input.value;
      if (!q.trim()) {
        this.seq++;
        this.close(false);
        return;
      }
      this.typedAt = performance.now();
      // The backend answers in about a millisecond; querying on every
      // keystroke and dropping stale answers feels instant, a debounce would not.
      void this.query(q);
    };
    this.input.addEventListener("input", (e) => {
      // Pinyin being composed is not yet what the reader means to search.
      if (!(e as InputEvent).isComposing) onInput();
    });
    this.input.addEventListener("compositionend", onInput);
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.input.addEventListener("focus", () => {
      if (this.hits.length && this.input.value.trim()) this.results.hidden = false;
    });
    document.addEventListener("mousedown", (e) => {
      const target = e.target as Node;
      if (!this.results.contains(target) && target !== this.input) this.results.hidden = true;
    });
    return h("div", { class: "search" }, h("span", { class: "search-icon", "aria-hidden": "true" }, "⌕"), this.input, this.results);
  }

  focus(): void {
    this.input.focus();
    this.input.select();
    if (this.hits.length && this.input.value.trim()) this.results.hidden = false;
  }

  isOpen(): boolean {
    return !this.results.hidden || document.activeElement === this.input;
  }

  close(blur = true): void {
    this.results.hidden = true;
    if (blur && document.activeElement === this.input) this.input.blur();
  }

  private async query(q: string): Promise<void> {
    const seq = ++this.seq;
    try {
      const res = await this.app.backend.search(q, LIMIT);
      if (seq !== this.seq) return; // a newer query was sent: drop this one
      this.render(res.query, res.hits, res.total);
    } catch (e) {
      if (seq === this.seq) this.app.error(e);
    }
  }

  private render(q: string, hits: SearchHit[], total: number): void {
    clear(this.results);
    const groups = groupHits(hits);
    this.hits = groups.flatMap((g) => g.hits.map((x) => x.hit));
    this.selected = this.hits.length ? 0 : -1;
    if (this.hits.length === 0) {
      this.results.appendChild(h("div", { class: "sr-empty" }, t("searchNone", { q: q.trim() })));
    }
    for (const g of groups) {
      this.results.appendChild(
        h("div", { class: "sr-group-head", "data-group": g.kind }, g.kind === "passage" ? t("searchPassages") : t("searchNotes"), h("span", { class: "sr-count" }, String(g.hits.length))),
      );
      for (const { hit, flat } of g.hits) {
        const snippet = h("div", { class: "sr-snippet" }, snippetParts(hit.snippet, hit.highlights).map((p) => (p.mark ? h("mark", null, p.text) : p.text)));
        const meta = h(
          "div",
          { class: "sr-meta" },
          hit.section ? h("span", { class: "sr-section" }, hit.section) : null,
          hit.doc !== this.app.doc?.id ? h("span", { class: "sr-doc" }, this.app.docTitle(hit.doc)) : null,
        );
        const item = h("div", { class: `sr-item sr-${hit.kind}`, role: "option", "data-flat": flat, "data-testid": "search-hit", "data-kind": hit.kind }, snippet, meta);
        item.addEventListener("mousedown", (e) => e.preventDefault());
        item.addEventListener("click", () => this.choose(flat));
        item.addEventListener("mousemove", () => this.select(flat, false));
        this.results.appendChild(item);
      }
    }
    if (total > hits.length) this.results.appendChild(h("div", { class: "sr-more" }, t("searchMore", { n: total, m: hits.length })));
    this.results.hidden = false;
    this.select(this.selected, false);
    const typedAt = this.typedAt;
    // Keystroke → results painted, as a standard performance measure that
    // benchmarks read (performance.getEntriesByName("pizhu-search")).
    requestAnimationFrame(() => {
      if (typedAt) performance.measure("pizhu-search", { start: typedAt, end: performance.now() });
    });
  }

  private select(i: number, scroll = true): void {
    this.selected = i;
    this.results.querySelectorAll(".sr-item").forEach((el) => {
      const on = Number((el as HTMLElement).dataset.flat) === i;
      el.classList.toggle("on", on);
      el.setAttribute("aria-selected", String(on));
      if (on && scroll) el.scrollIntoView({ block: "nearest" });
    });
  }

  private choose(i: number): void {
    const hit = this.hits[i];
    if (!hit) return;
    this.results.hidden = true;
    this.input.blur();
    void this.app.goTo(hit.doc, hit.start, hit.end, hit.note_id).catch((e) => this.app.error(e));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!this.hits.length) return;
      const n = this.hits.length;
      this.select((this.selected + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (e.isComposing) return; // Enter confirms the IME's candidate
      if (this.selected >= 0) this.choose(this.selected);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    }
  }
}
