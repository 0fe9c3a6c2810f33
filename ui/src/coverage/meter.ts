// Time on screen per block, for 学习进度: while the window is attentive
// (visible and focused) and the reader was active within IDLE_MS, every
// block in view gains the time that passes (each in full: a screen is read
// as a whole). No DOM and no clock of its own: the tracker (app/reading.ts)
// tells it what is in view and what time it is, so it is testable.
import type { ReadingSpan } from "../bindings";

/** No input for this long: the reader is away, time stops counting. */
export const IDLE_MS = 2 * 60 * 1000;

export class ReadingMeter {
  private seconds = new Map<number, number>();
  private visible: number[] = [];
  private attentive = true;
  private lastInput: number;
  private until: number;

  constructor(
    now: number,
    private readonly idleMs = IDLE_MS,
  ) {
    this.until = now;
    this.lastInput = now;
  }

  /** Counts the time since the last call for the blocks in view, up to the moment the reader went idle. */
  accrue(now: number): void {
    const from = this.until;
    this.until = Math.max(from, now);
    if (!this.attentive || this.visible.length === 0) return;
    const dt = Math.min(now, this.lastInput + this.idleMs) - from;
    if (dt <= 0) return;
    for (const b of this.visible) this.seconds.set(b, (this.seconds.get(b) ?? 0) + dt / 1000);
  }

  /** The blocks now in view. */
  setVisible(blocks: Iterable<number>, now: number): void {
    this.accrue(now);
    this.visible = [...new Set(blocks)];
  }

  /** The window became visible and focused (true) or not. */
  setAttentive(on: boolean, now: number): void {
    this.accrue(now);
    this.attentive = on;
  }

  /** The reader did something (scroll, key, pointer): not idle. */
  activity(now: number): void {
    this.accrue(now);
    this.lastInput = now;
  }

  /** Whether time counts now. */
  counting(now: number): boolean {
    return this.attentive && this.visible.length > 0 && now < this.lastInput + this.idleMs;
  }

  /** The seconds gathered since the last take, per block in order (tenths), and starts again. */
  take(now: number): ReadingSpan[] {
    this.accrue(now);
    const out: ReadingSpan[] = [];
    for (const [block, s] of [...this.seconds].sort((a, b) => a[0] - b[0])) {
      const seconds = Math.round(s * 10) / 10;
      if (seconds > 0) out.push({ block, seconds });
    }
    this.seconds.clear();
    return out;
  }

  /** Forgets everything gathered (another document). */
  reset(now: number): void {
    this.seconds.clear();
    this.visible = [];
    this.until = now;
  }
}
