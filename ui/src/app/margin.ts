// The margin column: note cards level with their passages (like Word
// comments), never overlapping; where notes are dense, cards collapse into
// stacks ("+N", expandable) so that every card shown stays beside its
// passage (layout/margin.ts). A connector ties each card to its passage,
// and hovering a card lights its passage up. Cost: passage positions are
// measured once per text layout (the reader's size) and for notes added or
// moved; card heights only for cards rendered near the viewport (others are
// estimated); a card is rebuilt only when what it shows changed (a card
// being edited keeps the reader's draft). A study-group member's note
// (`author` set) is read-only: its card names them and offers only
// 复制到我的批注 (groupcard.ts).
import type { Annotation } from "../bindings";
import type { Color } from "../bindings";
import { colorClass } from "../colors";
import { clear, h } from "../dom";
import { firstStackBelow, layoutMargin, type MarginItem, type MarginStack } from "../layout/margin";
import { markdownPreview, renderMarkdown } from "../markdown";
import { formatDate, t } from "../i18n";
import type { Actions } from "../state/actions";
import { colorLabel, sortedAnnotations, tagNames } from "../state/select";
import type { State, Store, Unsubscribe } from "../state/store";
import { draggableNote, quoteButton } from "./essayquote";
import { authorChip, copyButton, shareKey, shareToggle } from "./groupcard";
import { markStep } from "./perf";
import type { Reader } from "./reader";
import { cardBadge, cardSwitch } from "./reviewcard";
import { tagEditor } from "./tags";

const GAP = 8;
const ESTIMATE = 72;
/** Cards are rendered this far (px) above and below the viewport: ahead of a scroll, few enough to build fast. */
const OVERSCAN = 800;
/** At a refresh, the cards built at once (the rest follow in the next frame): opening 1,000 notes costs what the screen shows. */
const NEAR = 100;
/** Where a card's connector meets it: about the middle of its head line. */
const CARD_ANCHOR = 14;

type Mode = "plain" | "active" | "editing";

/** Estimated card heights, by annotation object (a changed note is a new object). */
const estimates = new WeakMap<Annotation, number>();

/** A rendered card and what it was built from. */
interface Card {
  el: HTMLElement;
  ann: Annotation;
  mode: Mode;
  colors: Color[];
  /** Whether its highlight was a review card (the badge, the switch). */
  isCard: boolean;
  /** How its note was shared with the study group (the 共享 toggle; groupcard.ts). */
  share: string;
  /** The "+N" button of a stack (hidden on a plain card). */
  more: HTMLButtonElement;
  connector: HTMLElement;
}

/** Where a passage is, in margin coordinates, for the annotation's current span. */
interface Passage {
  start: number;
  end: number;
  top: number;
  /** The middle of its first line (where the connector starts). */
  mid: number;
}

export class Margin {
  readonly el: HTMLElement;
  private cards = new Map<string, Card>();
  private heights = new Map<string, number>();
  private passages = new Map<string, Passage>();
  private stacks: MarginStack[] = [];
  private stackOf = new Map<string, MarginStack>();
  private expanded: string | null = null;
  private hovered: string | null = null;
  private listEl: HTMLElement | null = null;
  private hintEl: HTMLElement;
  private offs: Unsubscribe[] = [];
  private raf = 0;
  private textSize = "";

  constructor(
    private readonly text: Reader,
    private readonly desk: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    this.el = h("aside", { class: "margin", "data-testid": "margin", "aria-label": t("marginLabel") });
    this.hintEl = h("p", { class: "margin-hint", "data-testid": "first-run-hint", hidden: true }, t("firstRunHint"));
    this.el.appendChild(this.hintEl);
    this.offs.push(
      store.watch(["doc", "annotations", "activeId", "editingId", "colors", "notesOpen", "fontSize", "hinted", "docCards"], (s, changed) => {
        // back from behind the notes panel: every card is drawn afresh
        if (changed.has("doc") || (changed.has("notesOpen") && !s.notesOpen)) this.clearAll();
        if (changed.has("doc") || changed.has("fontSize") || changed.has("notesOpen")) this.passages.clear();
        this.refresh();
      }),
      // what is shared changed: only the open card shows it (its 共享 toggle)
      store.watch(["syncStatus"], (s) => {
        const id = s.activeId;
        const card = id ? this.cards.get(id) : undefined;
        if (card && card.mode === "active" && card.share !== shareKey(s, card.ann)) this.refresh();
      }),
      store.onEffect((e) => {
        if (e.kind === "focusCard") this.cards.get(e.id)?.el.focus({ preventScroll: true });
        else if (e.kind === "focusEditor") this.focusEditor(e.id);
      }),
    );
    const onScroll = () => this.renderSoon();
    const onResize = () => {
      this.heights.clear(); // the column may have changed width
      this.refresh();
    };
    // The text reflowed (window, fonts, the outline drawer): passages moved.
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => this.textResized());
    ro?.observe(text.el);
    // a long book moved its window: passages were measured or estimated anew
    this.offs.push(text.onWindow(() => {
      this.passages.clear();
      this.refresh();
    }));
    desk.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onResize);
    this.offs.push(() => {
      desk.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onResize);
      ro?.disconnect();
      cancelAnimationFrame(this.raf);
      this.text.paintHover(null);
    });
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.el.remove();
  }

  private get s(): Readonly<State> {
    return this.store.state;
  }

  private modeOf(id: string): Mode {
    return id === this.s.editingId ? "editing" : id === this.s.activeId ? "active" : "plain";
  }

  private wantsCard(a: Annotation): boolean {
    return a.note.trim() !== "" || a.tags.length > 0 || a.id === this.s.activeId || a.id === this.s.editingId;
  }

  /** The text's width changed (its height follows its content, and the margin's own height must not loop back here). */
  private textResized(): void {
    const size = String(this.text.el.offsetWidth);
    if (size === this.textSize) return;
    const first = this.textSize === "";
    this.textSize = size;
    if (first) return; // the first observation: nothing moved yet
    this.passages.clear();
    this.refresh();
  }

  /** Lays out again after any change; measures only passages not yet known. */
  refresh(): void {
    const s = this.s;
    this.hintEl.hidden = s.hinted || s.annotations.size > 0 || !s.doc;
    if (!this.el.isConnected || this.el.offsetParent === null) return; // hidden
    let origin: number | null = null;
    const ids: string[] = [];
    for (const a of sortedAnnotations(s)) {
      if (!this.wantsCard(a)) continue;
      const known = this.passages.get(a.id);
      if (!known || known.start !== a.start || known.end !== a.end) {
        const first = this.text.passageBox(a.id, a.start);
        if (!first) continue;
        origin ??= this.el.getBoundingClientRect().top;
        this.passages.set(a.id, { start: a.start, end: a.end, top: first.top - origin, mid: (first.top + first.bottom) / 2 - origin });
      }
      ids.push(a.id);
    }
    const wanted = new Set(ids);
    for (const id of this.passages.keys()) if (!s.annotations.has(id)) this.passages.delete(id);
    for (const [id, card] of this.cards) if (!wanted.has(id) || this.isStale(id, card)) this.drop(id, true);
    this.layout(ids);
    // the cards on screen now, the ones just beyond it in the next frame
    this.renderVisible(NEAR);
    this.renderSoon();
    markStep("laidOut");
  }

  /** Renders the cards near the viewport in the next frame (one pending at a time). */
  private renderSoon(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.renderVisible();
    });
  }

  /** Whether a card no longer shows its note as it is (the draft of one being edited stays). */
  private isStale(id: string, card: Card): boolean {
    const mode = this.modeOf(id);
    if (card.mode === "editing" && mode === "editing") return false;
    if (card.ann !== this.s.annotations.get(id) || card.mode !== mode || card.colors !== this.s.colors || card.isCard !== this.s.docCards.has(id)) return true;
    return mode === "active" && card.share !== shareKey(this.s, card.ann);
  }

  /** Removes a card; `changed`: what it shows changed, so its height is measured again. */
  private drop(id: string, changed = false): void {
    if (changed) this.heights.delete(id);
    const card = this.cards.get(id);
    if (!card) return;
    if (this.hovered === id) {
      // removed under the pointer: no mouseleave will come
      this.hovered = null;
      this.text.paintHover(null);
    }
    card.el.remove();
    card.connector.remove();
    this.cards.delete(id);
  }

  /** A card's height before it is rendered: head, up to two lines of preview, tags (close to the real one, so that measuring it rarely re-stacks). */
  private estimate(id: string): number {
    const a = this.s.annotations.get(id);
    if (!a) return ESTIMATE;
    if (a.id === this.s.activeId || a.id === this.s.editingId) return 2 * ESTIMATE;
    let est = estimates.get(a); // every layout asks for every card not yet measured
    if (est === undefined) {
      // measured at 13 px in the 250–290 px column: 60 px for one line of preview, 85 with tags
      const lines = a.note.trim() && markdownPreview(a.note, 160).length > 30 ? 2 : 1;
      est = 39 + 21 * lines + (a.tags.length ? 25 : 0);
      estimates.set(a, est);
    }
    return est;
  }

  private layout(ids: string[] = this.stacks.flatMap((st) => [st.id, ...st.members])): void {
    const items: MarginItem[] = [];
    for (const id of ids) {
      const p = this.passages.get(id);
      if (p) items.push({ id, top: p.top - 4, height: this.heights.get(id) ?? this.estimate(id) });
    }
    this.stacks = layoutMargin(items, GAP, this.s.editingId ?? this.s.activeId);
    this.stackOf.clear();
    for (const st of this.stacks) this.stackOf.set(st.id, st);
    if (this.expanded && !this.stackOf.get(this.expanded)?.members.length) this.expanded = null;
    // No min-height: the last card sits within a card height of the last
    // passage (the desk's bottom padding covers it), and a margin whose size
    // never changes spares WebKit a relayout of the whole text per card measured.
  }

  /**
   * Renders the cards near the viewport (and the open one) and removes the
   * others; new cards are built only within `reach` px of the viewport
   * (those already built stay up to OVERSCAN).
   */
  renderVisible(reach = OVERSCAN): void {
    // Measuring new cards can re-stack the cards below them: repeat until
    // stable (each card is measured once, so this ends); past a bound, place
    // what is laid out without measuring more.
    for (let round = 0; round < 24; round++) if (!this.renderOnce(true, reach)) return;
    this.renderOnce(false, reach);
  }

  /** One pass of renderVisible; true when measuring new cards (`measure`) changed the layout. */
  private renderOnce(measure: boolean, reach: number): boolean {
    if (!this.el.isConnected || this.el.offsetParent === null) return false; // hidden
    const scroller = this.desk;
    const origin = this.el.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    const lo = -origin - OVERSCAN;
    const hi = -origin + scroller.clientHeight + OVERSCAN;
    const top = -origin;
    const bottom = top + scroller.clientHeight;
    const show: MarginStack[] = [];
    for (let i = firstStackBelow(this.stacks, lo); i < this.stacks.length && this.stacks[i]!.top <= hi; i++) {
      const st = this.stacks[i]!;
      const near = st.top + st.height >= top - reach && st.top <= bottom + reach;
      if (near || this.cards.has(st.id)) show.push(st);
    }
    for (const id of [this.s.activeId, this.s.editingId, this.expanded]) {
      const st = id ? this.stackOf.get(id) : undefined;
      if (st && !show.includes(st)) show.push(st);
    }
    const keep = new Set<string>();
    const fresh: string[] = [];
    for (const st of show) {
      let card = this.cards.get(st.id);
      if (!card) {
        const a = this.s.annotations.get(st.id);
        if (!a) continue;
        card = this.card(a, this.modeOf(st.id));
        this.cards.set(st.id, card);
        this.el.append(card.connector, card.el);
        fresh.push(st.id);
      }
      keep.add(st.id);
      this.place(card, st);
    }
    for (const id of [...this.cards.keys()]) if (!keep.has(id)) this.drop(id);
    this.renderList();
    return measure && this.measure(fresh);
  }

  /** Puts a card at its stack's top, with its "+N" and its connector. */
  private place(card: Card, st: MarginStack): void {
    card.el.style.top = `${st.top}px`;
    const n = st.members.length;
    card.more.hidden = n === 0;
    card.el.classList.toggle("stacked", n > 0);
    if (n) {
      card.more.textContent = `+${n}`;
      card.more.setAttribute("aria-label", t("stackMore", { n }));
      card.more.setAttribute("aria-expanded", String(this.expanded === st.id));
      card.el.dataset.members = st.members.join(" ");
    } else delete card.el.dataset.members;
    const p = this.passages.get(st.id);
    if (!p) return;
    const from = p.mid;
    const to = st.top + CARD_ANCHOR;
    const c = card.connector.style;
    c.top = `${Math.min(from, to)}px`;
    c.height = `${Math.max(1, Math.abs(to - from))}px`;
    card.connector.classList.toggle("up", to < from);
  }

  /** The expanded stack's list of its other notes, under its card. */
  private renderList(): void {
    const st = this.expanded ? this.stackOf.get(this.expanded) : undefined;
    if (!st || !this.cards.has(st.id)) {
      this.listEl?.remove();
      this.listEl = null;
      return;
    }
    const key = `${st.id}:${st.members.join(",")}`;
    if (this.listEl?.dataset.key !== key) {
      this.listEl?.remove();
      this.listEl = this.stackList(st);
      this.listEl.dataset.key = key;
      this.el.appendChild(this.listEl);
    }
    this.listEl.style.top = `${st.top + st.height + 4}px`;
  }

  private stackList(st: MarginStack): HTMLElement {
    const list = h("div", { class: "stack-list", role: "group", "aria-label": t("stackMore", { n: st.members.length }), "data-testid": "stack-list" });
    for (const id of st.members) {
      const a = this.s.annotations.get(id);
      if (!a) continue;
      const text = a.note.trim() ? markdownPreview(a.note, 60) : `“${markdownPreview(a.exact, 30)}”`;
      const label = a.author ? `${a.author.name}：${text}` : text;
      const b = h("button", { class: `stack-item ${colorClass(a.color)}`, type: "button", "data-note-id": id, "data-testid": "stack-item" }, h("span", { class: `swatch ${colorClass(a.color)}` }), h("span", { class: "stack-text" }, label));
      b.addEventListener("click", (e) => {
        e.stopPropagation();
        this.expanded = null;
        this.actions.activate(id, { scroll: true, flash: true, focusCard: true });
      });
      list.appendChild(b);
    }
    list.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      this.toggleStack(st.id);
    });
    return list;
  }

  private toggleStack(id: string): void {
    const opening = this.expanded !== id;
    this.expanded = opening ? id : null;
    this.renderVisible();
    if (opening) this.listEl?.querySelector<HTMLElement>("button")?.focus({ preventScroll: true });
    else this.cards.get(id)?.more.focus({ preventScroll: true });
  }

  /** Re-measures the card being edited (it grew). */
  private remeasure(id: string): void {
    if (this.measure([id])) this.renderVisible();
  }

  /** Records the real heights of `ids`' cards; lays out again if any changed (true then). */
  private measure(ids: Iterable<string>): boolean {
    let changed = false;
    for (const id of ids) {
      const el = this.cards.get(id)?.el;
      if (!el) continue;
      const hgt = el.offsetHeight;
      if (this.heights.get(id) !== hgt) {
        this.heights.set(id, hgt);
        changed = true;
      }
    }
    if (changed) this.layout();
    return changed;
  }

  cardEl(id: string): HTMLElement | undefined {
    return this.cards.get(id)?.el;
  }

  private focusEditor(id: string): void {
    const ta = this.cardEl(id)?.querySelector<HTMLTextAreaElement>("textarea");
    if (ta) {
      ta.focus({ preventScroll: true });
      ta.setSelectionRange(ta.value.length, ta.value.length);
    }
  }

  /** A card with its "+N" button, its connector and the hover link to its passage. */
  private card(a: Annotation, mode: Mode): Card {
    const el = this.buildCard(a, mode);
    const more = h("button", { class: "stack-more", type: "button", "data-testid": "stack-more", hidden: true });
    more.addEventListener("click", (e) => {
      e.stopPropagation();
      this.toggleStack(a.id);
    });
    // a member's note is not quoted into my essay: it can be copied first
    el.querySelector(".card-head")?.append(a.author ? "" : quoteButton(a.id, this.actions), more);
    if (mode !== "editing" && !a.author) draggableNote(el, a);
    const connector = h("div", { class: `connector ${colorClass(a.color)}${mode !== "plain" ? " on" : ""}`, "aria-hidden": "true" });
    el.addEventListener("mouseenter", () => {
      connector.classList.add("hover");
      this.hovered = a.id;
      this.text.paintHover(a.id);
    });
    el.addEventListener("mouseleave", () => {
      connector.classList.remove("hover");
      this.hovered = null;
      this.text.paintHover(null);
    });
    return { el, ann: a, mode, colors: this.s.colors, isCard: this.s.docCards.has(a.id), share: mode === "active" ? shareKey(this.s, a) : "", more, connector };
  }

  private buildCard(a: Annotation, mode: Mode): HTMLElement {
    const s = this.s;
    const actions = this.actions;
    const theirs = !!a.author;
    const active = mode === "active" || (theirs && mode === "editing");
    const editing = mode === "editing" && !theirs;
    const el = h("div", {
      class: `card ${colorClass(a.color)}${theirs ? " theirs" : ""}${active ? " active" : ""}${editing ? " editing" : ""}`,
      "data-note-id": a.id,
      "data-testid": "note-card",
      tabindex: 0,
    });
    const head = h(
      "div",
      { class: "card-head" },
      h("span", { class: `swatch ${colorClass(a.color)}` }),
      authorChip(a),
      h("span", { class: "card-color" }, colorLabel(s, a.color)),
      cardBadge(s, a),
      h("span", { class: "card-date" }, formatDate(a.updated)),
    );
    el.appendChild(head);
    if (editing) {
      const ta = h("textarea", { class: "note-input", "data-testid": "note-input", rows: 4, placeholder: t("notePlaceholder") });
      ta.value = a.note;
      const tags = tagEditor(a.tags, tagNames(s), () => this.remeasure(a.id));
      const save = h("button", { class: "btn primary", "data-testid": "note-save", type: "button" }, t("save"));
      const cancel = h("button", { class: "btn", "data-testid": "note-cancel", type: "button" }, t("cancel"));
      const doSave = () => void actions.saveNote(a.id, ta.value, tags.value());
      save.addEventListener("click", doSave);
      cancel.addEventListener("click", () => actions.cancelEdit());
      ta.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          doSave();
        } else if (e.key === "Escape") {
          e.preventDefault();
          actions.cancelEdit();
        }
      });
      ta.addEventListener("input", () => {
        ta.style.height = "auto";
        ta.style.height = `${Math.min(400, ta.scrollHeight + 2)}px`;
        this.remeasure(a.id);
      });
      el.append(ta, tags.el, h("div", { class: "card-actions" }, cancel, save));
      return el;
    }
    const body = h("div", { class: "card-body", "data-testid": "note-body" });
    if (a.note.trim()) {
      if (active) body.appendChild(renderMarkdown(a.note));
      else body.appendChild(h("p", { class: "preview" }, markdownPreview(a.note, 160)));
    } else {
      body.appendChild(h("p", { class: "placeholder" }, active ? t("emptyNote") : `“${markdownPreview(a.exact, 40)}”`));
    }
    el.appendChild(body);
    if (a.tags.length) el.appendChild(h("div", { class: "card-tags" }, a.tags.map((tg) => h("span", { class: "tag" }, tg))));
    if (active && theirs) {
      // a member's note: read-only here (no colours, edit, delete, review card)
      el.appendChild(h("div", { class: "card-actions" }, copyButton(a, actions)));
    } else if (active) {
      const colors = h(
        "div",
        { class: "card-colors", role: "group", "aria-label": t("color") },
        s.colors.map((c) => {
          const label = colorLabel(s, c.key);
          const b = h("button", { class: `dot ${colorClass(c.key)}${c.key === a.color ? " on" : ""}`, type: "button", title: label, "aria-label": label, "data-color": c.key });
          b.addEventListener("click", (e) => {
            e.stopPropagation();
            void actions.setColor(a.id, c.key);
          });
          return b;
        }),
      );
      const edit = h("button", { class: "btn", type: "button", "data-testid": "note-edit" }, t("edit"));
      const del = h("button", { class: "btn danger", type: "button", "data-testid": "note-delete" }, t("delete"));
      edit.addEventListener("click", (e) => {
        e.stopPropagation();
        actions.startEdit(a.id);
      });
      del.addEventListener("click", (e) => {
        e.stopPropagation();
        void this.deleteNote(a.id);
      });
      el.appendChild(h("div", { class: "card-actions" }, colors, h("span", { class: "grow" }), shareToggle(s, a, actions), cardSwitch(s, a, actions), edit, del));
      body.addEventListener("dblclick", () => actions.startEdit(a.id));
    }
    el.addEventListener("click", () => {
      if (this.s.editingId === a.id) return;
      actions.activate(a.id, { scroll: true, flash: true });
    });
    el.addEventListener("keydown", (e) => {
      if (e.target !== el) return;
      if (e.key === "Enter") actions.activate(a.id, { scroll: true, flash: true });
      if (e.key === "Delete" && !theirs) void this.deleteNote(a.id);
    });
    return el;
  }

  /** Deletes a note; focus moves to the next card (or the previous), not to <body>. */
  private async deleteNote(id: string): Promise<void> {
    const i = this.stacks.findIndex((st) => st.id === id);
    const next = this.stacks[i + 1]?.id ?? this.stacks[i - 1]?.id ?? null;
    const hadFocus = this.cards.get(id)?.el.contains(document.activeElement) ?? false;
    await this.actions.deleteNote(id);
    if (!hadFocus || this.s.annotations.has(id)) return;
    if (next && this.s.annotations.has(next)) {
      this.renderVisible();
      this.cards.get(next)?.el.focus({ preventScroll: true });
    } else this.text.el.focus({ preventScroll: true });
  }

  private clearAll(): void {
    clear(this.el);
    this.el.appendChild(this.hintEl);
    this.cards.clear();
    this.heights.clear();
    this.stacks = [];
    this.stackOf.clear();
    this.expanded = null;
    this.listEl = null;
  }
}
