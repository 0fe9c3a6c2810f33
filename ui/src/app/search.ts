// The search box: search-as-you-type (the actions drop stale answers), the
// results grouped (原文 / 我的批注 / 我的心得) in a popover, arrow keys and Enter to go.
import type { SearchHit } from "../bindings";
import { clear, h } from "../dom";
import { t } from "../i18n";
import { groupHits, snippetParts } from "../search/group";
import type { Actions } from "../state/actions";
import { docTitle, noteAuthor } from "../state/select";
import type { Store, Unsubscribe } from "../state/store";

export class SearchBox {
  readonly el: HTMLElement;
  private input: HTMLInputElement;
  private results: HTMLElement;
  private hits: SearchHit[] = [];
  private selected = -1;
  /** When the keystroke being answered happened (for the latency measure). */
  private typedAt = 0;
  private offs: Unsubscribe[] = [];

  constructor(
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
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
      if (q.trim()) this.typedAt = performance.now();
      // The backend answers in about a millisecond; querying on every
      // keystroke and dropping stale answers feels instant, a debounce would not.
      void this.actions.search(q);
    };
    this.input.addEventListener("input", (e) => {
      // Pinyin being composed is not yet what the reader means to search.
      if (!(e as InputEvent).isComposing) onInput();
    });
    this.input.addEventListener("compositionend", onInput);
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    // A click (or ↓) reopens the last results; a Tab into the field does not
    // spread them over the text.
    this.input.addEventListener("mousedown", () => {
      if (this.input.value.trim()) this.actions.setSearchOpen(true);
    });
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!this.results.contains(target) && target !== this.input && this.store.state.searchOpen) this.actions.setSearchOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    this.offs.push(
      () => document.removeEventListener("mousedown", onDown),
      store.watch(["search"], () => this.render()),
      store.watch(["searchOpen"], (s) => (this.results.hidden = !s.searchOpen)),
      store.onEffect((e) => {
        if (e.kind === "focusSearch") this.focus();
      }),
    );
    this.el = h("div", { class: "search" }, h("span", { class: "search-icon", "aria-hidden": "true" }, "⌕"), this.input, this.results);
    // rebuilt (a language switch): the last query and its results, closed
    this.input.value = store.state.search?.query ?? "";
    this.render();
  }

  destroy(): void {
    for (const off of this.offs) off();
  }

  private focus(): void {
    this.input.focus();
    this.input.select();
    if (this.input.value.trim()) this.actions.setSearchOpen(true);
  }

  /** Closes the results and leaves the field (Esc, a hit chosen). */
  private close(): void {
    this.actions.setSearchOpen(false);
    if (document.activeElement === this.input) this.input.blur();
  }

  private render(): void {
    clear(this.results);
    const res = this.store.state.search;
    if (!res) {
      this.hits = [];
      return;
    }
    const { query: q, hits, total } = res;
    const current = this.store.state.doc?.id;
    const groups = groupHits(hits);
    this.hits = groups.flatMap((g) => g.hits.map((x) => x.hit));
    this.selected = this.hits.length ? 0 : -1;
    if (this.hits.length === 0) {
      this.results.appendChild(h("div", { class: "sr-empty" }, t("searchNone", { q: q.trim() })));
    }
    const s = this.store.state;
    // a study-group member's note (known when its document is open or the panel lists it) says whose it is
    const authorOf = (hit: SearchHit) => (hit.kind === "note" && hit.note_id ? noteAuthor(s, hit.note_id) : undefined);
    for (const g of groups) {
      const theirs = g.kind === "note" && g.hits.some(({ hit }) => !!authorOf(hit));
      const head = g.kind === "passage" ? t("searchPassages") : g.kind === "note" ? t(theirs ? "searchNotesAll" : "searchNotes") : t("searchEssays");
      this.results.appendChild(h("div", { class: "sr-group-head", "data-group": g.kind }, head, h("span", { class: "sr-count" }, String(g.hits.length))));
      for (const { hit, flat } of g.hits) {
        const author = authorOf(hit);
        const snippet = h("div", { class: "sr-snippet" }, snippetParts(hit.snippet, hit.highlights).map((p) => (p.mark ? h("mark", null, p.text) : p.text)));
        const meta = h(
          "div",
          { class: "sr-meta" },
          author ? h("span", { class: "sr-author", "data-testid": "search-hit-author" }, t("noteBy", { n: author.name })) : null,
          hit.section ? h("span", { class: "sr-section" }, hit.section) : null,
          hit.doc && hit.doc !== current ? h("span", { class: "sr-doc" }, docTitle(this.store.state, hit.doc)) : null,
        );
        const item = h("div", { class: `sr-item sr-${hit.kind}`, role: "option", "data-flat": flat, "data-testid": "search-hit", "data-kind": hit.kind }, snippet, meta);
        item.addEventListener("mousedown", (e) => e.preventDefault());
        item.addEventListener("click", () => this.choose(flat));
        item.addEventListener("mousemove", () => this.select(flat, false));
        this.results.appendChild(item);
      }
    }
    if (total > hits.length) this.results.appendChild(h("div", { class: "sr-more" }, t("searchMore", { n: total, m: hits.length })));
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
    this.close();
    if (hit.kind === "essay" && hit.essay_id) void this.actions.openEssay(hit.essay_id);
    else void this.actions.goTo(hit.doc, hit.start, hit.end, hit.note_id, true);
  }

  private onKey(e: KeyboardEvent): void {
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && !this.store.state.searchOpen && this.input.value.trim()) {
      e.preventDefault();
      this.actions.setSearchOpen(true);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
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
