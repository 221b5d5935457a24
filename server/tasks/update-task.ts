import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { LIVE_STATUSES } from "./types";

export interface UpdateTaskInput {
  result?: unknown;
  /** Only these: finishing is the scheduler's job (Synapse raises for the others). */
  status?: "active" | "scheduled";
  /** Defaults to now, so progress updates refresh the timestamp. */
  timestamp?: number;
  error?: string | null;
}

/**
 * Progress of a running task (or staging a later step with status scheduled and a future timestamp).
 * Returns false when the task does not exist or has already finished or been cancelled: a cancelled
 * task's late progress must not bring it back.
 */
export async function updateTask(ctx: Ctx, id: string, input: UpdateTaskInput): Promise<boolean> {
  const status: unknown = input.status;
  if (status !== undefined && status !== "active" && status !== "scheduled") {
    throw new Error(`updateTask cannot set status ${String(status)}`);
  }
  const rows = await ctx.db
    .update(scheduledTasks)
    .set({
      timestamp: input.timestamp ?? ctx.clock.now(),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.result !== undefined ? { result: input.result } : {}),
      ...(input.error !== undefined ? { error: input.error } : {}),
    })
    .where(and(eq(scheduledTasks.id, id), inArray(scheduledTasks.status, LIVE_STATUSES)))
    .returning({ id: scheduledTasks.id });
  return rows.length > 0;
}
