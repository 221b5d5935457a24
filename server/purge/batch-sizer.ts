/**
 * Sizes the batches of a long purge (or shutdown) so that each one is a short transaction: every
 * batch commits its progress, so the time a batch takes is the gap a status poller sees between
 * updates. A fixed row count cannot promise that: the same 2,000 events take 0.3 s on an idle
 * machine and several seconds under load or with large side tables. So the size follows the
 * measured time: scaled by target/elapsed after each batch, growing at most 2x per batch (a
 * single fast batch is no proof) and shrinking at once after a slow one. `max` (the configured
 * purge.batch_size, or a caller's batchSize) stays a hard cap, so tests that ask for batches of
 * 1 or 7 still get exactly those.
 */
export const BATCH_TARGET_MS = 500;

/** First batch: small enough to be quick on a cold cache, grows to the target within a few batches. */
const INITIAL = 200;
const MAX_GROWTH = 2;

export interface BatchSizer {
  /** Rows for the next batch. */
  next(): number;
  /** Reports how long a batch of `size` rows took (ms, wall clock). */
  record(size: number, elapsedMs: number): void;
}

export function createBatchSizer(options: { max: number; targetMs?: number; initial?: number }): BatchSizer {
  const max = Math.max(1, Math.floor(options.max));
  const target = options.targetMs ?? BATCH_TARGET_MS;
  let size = Math.min(max, Math.max(1, Math.floor(options.initial ?? INITIAL)));
  return {
    next: () => size,
    record(used, elapsedMs) {
      const factor = Math.min(MAX_GROWTH, target / Math.max(elapsedMs, 1));
      size = Math.min(max, Math.max(1, Math.floor(used * factor)));
    },
  };
}

/** Runs one batch and feeds its duration (real time, not the context clock) to the sizer. */
export async function timedBatch<T>(sizer: BatchSizer, run: (size: number) => Promise<T>): Promise<T> {
  const size = sizer.next();
  const started = performance.now();
  const result = await run(size);
  sizer.record(size, performance.now() - started);
  return result;
}
