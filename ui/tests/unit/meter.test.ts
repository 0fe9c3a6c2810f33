// Time on screen per block (学习进度): counted only while the window is
// attentive and the reader active, each block in view in full.
import { describe, expect, it } from "vitest";
import { IDLE_MS, ReadingMeter } from "../../src/coverage/meter";

describe("ReadingMeter", () => {
  it("gives every block in view the time that passes", () => {
    const m = new ReadingMeter(0);
    m.setVisible([3, 4], 0);
    m.activity(1000);
    m.setVisible([4, 5], 6000); // scrolled on
    expect(m.take(10_000)).toEqual([
      { block: 3, seconds: 6 },
      { block: 4, seconds: 10 },
      { block: 5, seconds: 4 },
    ]);
    expect(m.take(10_000)).toEqual([]); // taken: starts again
  });

  it("stops counting two minutes after the last input, and counts again after the next", () => {
    const m = new ReadingMeter(0);
    m.setVisible([1], 0);
    expect(m.counting(IDLE_MS - 1)).toBe(true);
    expect(m.counting(IDLE_MS)).toBe(false);
    expect(m.take(IDLE_MS + 60_000)).toEqual([{ block: 1, seconds: IDLE_MS / 1000 }]);
    m.activity(IDLE_MS + 60_000); // back: the idle minute does not count
    expect(m.take(IDLE_MS + 70_000)).toEqual([{ block: 1, seconds: 10 }]);
  });

  it("counts nothing while the window is hidden or unfocused, or with nothing in view", () => {
    const m = new ReadingMeter(0);
    m.setVisible([2], 0);
    m.setAttentive(false, 2000);
    m.activity(5000);
    m.setAttentive(true, 9000);
    expect(m.take(10_000)).toEqual([{ block: 2, seconds: 3 }]);
    m.setVisible([], 10_000);
    expect(m.take(20_000)).toEqual([]);
  });

  it("forgets what it gathered on another document", () => {
    const m = new ReadingMeter(0);
    m.setVisible([0], 0);
    m.reset(5000);
    m.setVisible([7], 5000);
    expect(m.take(8000)).toEqual([{ block: 7, seconds: 3 }]);
  });

  it("reports tenths of a second, and no block with none", () => {
    const m = new ReadingMeter(0);
    m.setVisible([1], 0);
    m.setVisible([1, 2], 1234);
    expect(m.take(1260)).toEqual([{ block: 1, seconds: 1.3 }]);
  });
});
