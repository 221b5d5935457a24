import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { rowToTask, TERMINAL_STATUSES, type Task } from "./types";

/**
 * The tasks `actor` asked for that finished (complete, failed, cancelled) at or after `since`, oldest
 * first: what the console's toasts announce. A finished task's timestamp is when it finished.
 */
export async function finishedTasksOf(ctx: Ctx, input: { actor: string; since: number; limit?: number }): Promise<Task[]> {
  const rows = await ctx.db
    .select()
    .from(scheduledTasks)
    .where(and(eq(scheduledTasks.actor, input.actor), inArray(scheduledTasks.status, TERMINAL_STATUSES), gte(scheduledTasks.timestamp, input.since)))
    .orderBy(asc(scheduledTasks.timestamp), asc(scheduledTasks.id))
    .limit(input.limit ?? 20);
  return rows.map(rowToTask);
}
