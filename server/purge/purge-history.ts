import { withDb, type Ctx } from "../context";
import { createBatchSizer, timedBatch } from "./batch-sizer";
import { finishPurge, prepareChunk, purgeBatch, type HistoryPurgeJob } from "./history-steps";
import { initialProgress, type PurgeProgress } from "./progress";

export interface PurgeHooks {
  /** Where an earlier run stopped (the task's stored result); absent: from the start. */
  progress?: PurgeProgress;
  /** Persists progress inside each step's transaction, so progress and data never disagree. */
  save?: (txCtx: Ctx, progress: PurgeProgress) => Promise<void>;
  /** Checked between batches: a cancelled task stops after the batch in flight. */
  signal?: AbortSignal;
  /** Most events per batch (default purge.batch_size); batches are sized to take about `targetMs`. */
  batchSize?: number;
  targetMs?: number;
}

export class PurgeAborted extends Error {
  constructor() {
    super("purge cancelled");
    this.name = "PurgeAborted";
  }
}

/**
 * The storage purge of §4.4, batched: a prepare step (safety check, totals, backward extremities),
 * batches oldest first (each sized to take about half a second, see batch-sizer.ts), then a finish step (min_depth). Each step is its own short
 * transaction; the end state equals Synapse's single transaction. The caller holds the room's
 * purge_pagination_lock (write) when it matters (the task does).
 */
export async function purgeHistory(ctx: Ctx, job: HistoryPurgeJob, hooks: PurgeHooks = {}): Promise<PurgeProgress> {
  const sizer = createBatchSizer({ max: hooks.batchSize ?? ctx.config.purge.batch_size, targetMs: hooks.targetMs });
  let progress = hooks.progress ?? initialProgress();
  const step = (run: (tx: Ctx["db"]) => Promise<PurgeProgress>) =>
    ctx.db.transaction(async (tx) => {
      const next = await run(tx);
      await hooks.save?.(withDb(ctx, tx), next);
      return next;
    });
  if (hooks.signal?.aborted) throw new PurgeAborted();
  // The prepare walk reads and marks, it deletes nothing: chunks of up to ten batches' worth.
  const walker = createBatchSizer({ max: 10 * (hooks.batchSize ?? ctx.config.purge.batch_size), targetMs: hooks.targetMs, initial: 1000 });
  while (progress.phase === "prepare") {
    if (hooks.signal?.aborted) throw new PurgeAborted();
    const current = progress;
    progress = await timedBatch(walker, (size) => step((tx) => prepareChunk(tx, job, current, size)));
  }
  while (progress.phase === "delete") {
    if (hooks.signal?.aborted) throw new PurgeAborted();
    const current = progress;
    progress = await timedBatch(sizer, (size) => step((tx) => purgeBatch(tx, job, current, size)));
  }
  if (progress.phase === "finish") {
    const current = progress;
    progress = await step((tx) => finishPurge(tx, job, current));
  }
  return progress;
}
