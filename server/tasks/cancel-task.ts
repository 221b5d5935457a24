import { and, eq, inArray, ne } from "drizzle-orm";
import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { notifyTasks } from "./notify";
import { LIVE_STATUSES } from "./types";

/**
 * Cancels a scheduled or active task; anything else is left alone (returns false). A task running
 * here is aborted at once; one running on another instance hears the NOTIFY, and its heartbeat
 * notices the status change even if the notification is lost.
 */
export async function cancelTask(ctx: Ctx, id: string): Promise<boolean> {
  const rows = await ctx.db
    .update(scheduledTasks)
    .set({ status: "cancelled", timestamp: ctx.clock.now(), leaseUntilTs: null })
    .where(and(eq(scheduledTasks.id, id), inArray(scheduledTasks.status, LIVE_STATUSES)))
    .returning({ id: scheduledTasks.id });
  if (rows.length === 0) return false;
  await notifyTasks(ctx, { kind: "cancel", id });
  return true;
}

/** Deletes a task record; not allowed while it is active (as Synapse). Returns whether a row went. */
export async function deleteTask(ctx: Ctx, id: string): Promise<boolean> {
  const [row] = await ctx.db.select({ status: scheduledTasks.status }).from(scheduledTasks).where(eq(scheduledTasks.id, id));
  if (!row) return false;
  if (row.status === "active") throw new Error(`Task ${id} is currently active and cannot be deleted`);
  const deleted = await ctx.db
    .delete(scheduledTasks)
    .where(and(eq(scheduledTasks.id, id), ne(scheduledTasks.status, "active")))
    .returning({ id: scheduledTasks.id });
  return deleted.length > 0;
}
