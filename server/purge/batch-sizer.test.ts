import { describe, expect, it } from "vitest";
import { createBatchSizer } from "./batch-sizer";

// Durations are given, not measured: the sizer's rule is what is tested.
describe("createBatchSizer", () => {
  it("starts small, grows at most 2x per batch while batches are fast, and stops at the cap", () => {
    const sizer = createBatchSizer({ max: 2000, targetMs: 500 });
    const sizes: number[] = [];
    for (let i = 0; i < 6; i++) {
      sizes.push(sizer.next());
      sizer.record(sizer.next(), 10);
    }
    expect(sizes).toEqual([200, 400, 800, 1600, 2000, 2000]);
  });

  it("shrinks at once after a slow batch, in proportion to how far it overshot the target", () => {
    const sizer = createBatchSizer({ max: 5000, targetMs: 500, initial: 4000 });
    sizer.record(4000, 4000);
    expect(sizer.next()).toBe(500);
    sizer.record(500, 250);
    expect(sizer.next()).toBe(1000);
  });

  it("never goes below one row, and a cap below the first size is the size", () => {
    const tiny = createBatchSizer({ max: 7 });
    expect(tiny.next()).toBe(7);
    const slow = createBatchSizer({ max: 100, targetMs: 500, initial: 10 });
    slow.record(10, 1_000_000);
    expect(slow.next()).toBe(1);
  });
});
