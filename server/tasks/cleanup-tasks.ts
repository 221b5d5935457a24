import { and, inArray, lte } from "drizzle-orm";
import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { TERMINAL_STATUSES } from "./types";

/**
 * Deletes finished tasks (complete, failed and, unlike Synapse's snapshot, cancelled) whose last
 * change is older than config.tasks.keep_for. Returns how many went.
 */
export async function cleanupTasks(ctx: Ctx): Promise<number> {
  const cutoff = ctx.clock.now() - ctx.config.tasks.keep_for;
  const rows = await ctx.db
    .delete(scheduledTasks)
    .where(and(inArray(scheduledTasks.status, TERMINAL_STATUSES), lte(scheduledTasks.timestamp, cutoff)))
    .returning({ id: scheduledTasks.id });
  return rows.length;
}
