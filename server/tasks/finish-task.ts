import { and, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { finishAuditForTask } from "../audit/finish-audit";
import { LIVE_STATUSES, type TaskOutcome } from "./types";

/**
 * Stores a task function's outcome, if this instance still owns the task (a cancel or a take-over
 * after a lost lease wins). `active`/`scheduled` outcomes release the lease so any launcher can run
 * the next step; a scheduled outcome keeps a future timestamp staged by updateTask.
 */
export async function finishTask(ctx: Ctx, id: string, outcome: TaskOutcome): Promise<boolean> {
  const now = ctx.clock.now();
  const timestamp = outcome.status === "scheduled" ? sql`greatest(${scheduledTasks.timestamp}, ${now})` : now;
  const rows = await ctx.db
    .update(scheduledTasks)
    .set({
      status: outcome.status,
      timestamp,
      instanceName: null,
      leaseUntilTs: null,
      ...(outcome.result !== undefined && outcome.result !== null ? { result: outcome.result } : {}),
      ...(outcome.error !== undefined && outcome.error !== null ? { error: outcome.error } : {}),
    })
    .where(and(eq(scheduledTasks.id, id), eq(scheduledTasks.instanceName, ctx.instanceName), inArray(scheduledTasks.status, LIVE_STATUSES)))
    .returning({ status: scheduledTasks.status, result: scheduledTasks.result, error: scheduledTasks.error });
  const row = rows[0];
  if (!row) return false;
  if (row.status === "complete" || row.status === "failed") {
    await finishAuditForTask(ctx, id, { status: row.status === "complete" ? "ok" : "failed", result: row.error ? { error: row.error, result: row.result } : row.result });
  }
  return true;
}

/** Renews the leases of the tasks running here; returns the ids this instance no longer owns. */
export async function renewLeases(ctx: Ctx, ids: string[], leaseMs: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .update(scheduledTasks)
    .set({ leaseUntilTs: ctx.clock.now() + leaseMs })
    .where(and(inArray(scheduledTasks.id, ids), eq(scheduledTasks.instanceName, ctx.instanceName), inArray(scheduledTasks.status, LIVE_STATUSES)))
    .returning({ id: scheduledTasks.id });
  const kept = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !kept.has(id));
}

/** On shutdown: tasks this instance was running stay active but become claimable at once elsewhere. */
export async function releaseLeases(ctx: Ctx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db
    .update(scheduledTasks)
    .set({ instanceName: null, leaseUntilTs: null })
    .where(and(inArray(scheduledTasks.id, ids), eq(scheduledTasks.instanceName, ctx.instanceName), eq(scheduledTasks.status, "active")));
}
