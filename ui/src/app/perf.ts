// Open-document timings for tests and benchmarks (window.__pizhuPerf):
// fetch + render, paint, margin layout and the total, of the last document
// opened. The reader and the margin mark their steps; the "opened" effect,
// which comes after both, publishes them and marks the body ready.
import type { Store } from "../state/store";

type Step = "rendered" | "painted" | "laidOut";

const marks: Partial<Record<Step, number>> = {};

export function markStep(step: Step): void {
  marks[step] = performance.now();
}

export interface OpenTimings {
  doc: string;
  highlights: number;
  renderMs: number;
  paintMs: number;
  marginMs: number;
  totalMs: number;
}

/** Publishes the timings of each document opened; `highlights` counts what the reader painted. */
export function watchOpenTimings(store: Store, highlights: () => number): () => void {
  return store.onEffect((e) => {
    if (e.kind !== "opened") return;
    const at = (step: Step, fallback: number) => {
      const v = marks[step];
      return v !== undefined && v >= e.startedAt ? v : fallback;
    };
    const rendered = at("rendered", e.startedAt);
    const painted = at("painted", rendered);
    const laidOut = at("laidOut", painted); // the margin does not lay out while the notes panel hides it
    const ms = (x: number) => +x.toFixed(1);
    const timings: OpenTimings = {
      doc: e.docId,
      highlights: highlights(),
      renderMs: ms(rendered - e.startedAt),
      paintMs: ms(painted - rendered),
      marginMs: ms(laidOut - painted),
      totalMs: ms(laidOut - e.startedAt),
    };
    (window as unknown as { __pizhuPerf?: OpenTimings }).__pizhuPerf = timings;
    document.body.dataset.ready = "1";
  });
}
