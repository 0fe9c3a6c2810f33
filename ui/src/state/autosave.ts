// Autosave of essays (心得体会): an edit waits `delay` ms after the last
// key, then goes to the backend; saves run one at a time, so an older text
// never lands after a newer one. A failed save is kept and tried again (on
// the next edit, a flush, or after RETRY_MS). Typing costs a Map write and a
// timer: no DOM, no store update beyond the status changing.
import type { Essay } from "../bindings";
import type { SaveStatus } from "./store";

/** What changed in an essay; absent fields stay as they are. */
export interface EssayEdit {
  title?: string;
  body?: string;
  target?: number;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const AUTOSAVE_MS = 600;
const RETRY_MS = 5000;

export interface AutosaverHooks {
  /** Writes an edit; resolves to the essay as saved. */
  save(id: string, edit: EssayEdit): Promise<Essay>;
  /** A save landed (the list shows the saved essay). */
  saved(essay: Essay): void;
  status(s: SaveStatus): void;
  /** A save failed (the first of a run of failures). */
  failed(e: unknown): void;
}

export class Autosaver {
  /** Edits not sent yet, by essay id. */
  private pending = new Map<string, EssayEdit>();
  /** Edits being saved now, by essay id, and how many saves of it are on their way. */
  private inflight = new Map<string, { edit: EssayEdit; n: number }>();
  private timer: unknown = undefined;
  private chain: Promise<void> = Promise.resolve();
  private running = 0;
  private failing = false;

  constructor(
    private readonly hooks: AutosaverHooks,
    private readonly delay = AUTOSAVE_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Records an edit and saves it `delay` ms after the last one. */
  edit(id: string, edit: EssayEdit): void {
    this.pending.set(id, { ...this.pending.get(id), ...edit });
    this.schedule(this.delay);
    this.report();
  }

  /** Saves every pending edit now; resolves when they (and earlier saves) are done. */
  flush(): Promise<void> {
    this.cancel();
    if (this.pending.size === 0) return this.chain;
    const batch = this.pending;
    this.pending = new Map();
    this.running++;
    for (const [id, e] of batch) {
      const f = this.inflight.get(id);
      this.inflight.set(id, { edit: { ...f?.edit, ...e }, n: (f?.n ?? 0) + 1 });
    }
    this.report();
    this.chain = this.chain.then(() => this.run(batch));
    return this.chain;
  }

  /** Whether essay `id` has text not saved yet (pending or on its way). */
  unsaved(id: string): boolean {
    return this.pending.has(id) || this.inflight.has(id);
  }

  /** The essay with the edits not saved yet laid over it (what the reader last typed). */
  overlay(essay: Essay): Essay {
    const e = { ...this.inflight.get(essay.id)?.edit, ...this.pending.get(essay.id) };
    return Object.keys(e).length ? { ...essay, ...e } : essay;
  }

  /** Drops the unsaved edits of an essay (it was deleted). */
  forget(id: string): void {
    this.pending.delete(id);
    this.report();
  }

  private async run(batch: Map<string, EssayEdit>): Promise<void> {
    let failed = false;
    for (const [id, e] of batch) {
      try {
        const saved = await this.hooks.save(id, e);
        this.hooks.saved(this.overlay(saved));
      } catch (err) {
        failed = true;
        // kept for the next try, under anything typed since
        this.pending.set(id, { ...e, ...this.pending.get(id) });
        if (!this.failing) this.hooks.failed(err);
      } finally {
        const f = this.inflight.get(id);
        if (f && --f.n === 0) this.inflight.delete(id);
      }
    }
    this.failing = failed;
    this.running--;
    if (failed) this.schedule(RETRY_MS);
    this.report();
  }

  private schedule(ms: number): void {
    this.cancel();
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private cancel(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  private report(): void {
    const s: SaveStatus = this.running > 0 ? "saving" : this.pending.size === 0 ? "saved" : this.failing ? "error" : "dirty";
    this.hooks.status(s);
  }
}
