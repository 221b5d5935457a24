import { z } from "zod";

/**
 * A history purge's progress, stored in the task result after every batch (in the batch's own
 * transaction), so a restarted task resumes exactly where the last committed batch ended.
 */
export const purgeProgressSchema = z.object({
  phase: z.enum(["prepare", "delete", "finish", "done"]),
  deleted: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Kept candidates marked outlier so far. */
  demoted: z.number().int().min(0).default(0),
  /** Position (depth, stream_ordering) of the last event handled; null before the first batch. */
  cursor: z.tuple([z.number().int(), z.number().int()]).nullable().default(null),
  /** The room's newest stream ordering when the purge started: later events are checked at the end. */
  max_stream: z.number().int().nullable().default(null),
});

export type PurgeProgress = z.output<typeof purgeProgressSchema>;

export const initialProgress = (): PurgeProgress => ({ phase: "prepare", deleted: 0, total: 0, demoted: 0, cursor: null, max_stream: null });

/** Set in the task result while the task waits for the room's purge lock (cleared by the first saved batch). */
export const WAITING_FOR_ROOM_LOCK = "room_lock";

export function isWaitingForRoomLock(result: unknown): boolean {
  return typeof result === "object" && result !== null && (result as Record<string, unknown>).waiting === WAITING_FOR_ROOM_LOCK;
}

/** The stored result of an earlier run, or a fresh start when there is none (or it is not ours). */
export function progressFrom(result: unknown): PurgeProgress {
  const parsed = purgeProgressSchema.safeParse(result);
  return parsed.success ? parsed.data : initialProgress();
}
