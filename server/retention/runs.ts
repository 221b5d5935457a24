import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { withDb, type Ctx } from "../context";
import { retentionRuns } from "../db/schema/tasks";
import { scheduleTask } from "../tasks/schedule-task";
import type { PurgeJob } from "./jobs";
import { nextPlannedRun, runIdOf } from "./schedule";
import { randomLetters } from "../events/ids";

export const RETENTION_PURGE_ACTION = "retention_purge";

export type RunStatus = "scheduled" | "running" | "complete" | "failed" | "cancelled";
export type RetentionRun = typeof retentionRuns.$inferSelect;

export interface RunCounts {
  roomsExamined: number;
  roomsPurged: number;
  roomsSkipped: number;
  eventsDeleted: number;
  errors: Array<{ roomId: string; error: string }>;
}

export const emptyCounts = (): RunCounts => ({ roomsExamined: 0, roomsPurged: 0, roomsSkipped: 0, eventsDeleted: 0, errors: [] });

const jobSnapshot = (job: PurgeJob) => ({
  shortest_max_lifetime: job.shortestMaxLifetime,
  longest_max_lifetime: job.longestMaxLifetime,
  interval: job.interval,
});

/**
 * Plans the job's next run after `after` (epoch-aligned, §schedule.ts) and its retention_purge task,
 * in one transaction. The run id is deterministic and at most one run per job may be scheduled
 * (unique partial index), so when several instances do this at once exactly one inserts; the
 * others see the conflict and schedule nothing. Returns the run, new or already planned.
 */
export async function ensureNextRun(ctx: Ctx, job: PurgeJob, after: number): Promise<RetentionRun | null> {
  let plannedTs = nextPlannedRun(job.interval, after);
  // A slot whose run already ended (cancelled, failed) stays ended: the next slot is planned instead.
  while (await finishedRunAt(ctx, runIdOf(job.key, plannedTs))) plannedTs += job.interval;
  const id = runIdOf(job.key, plannedTs);
  await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(retentionRuns)
      .values({ id, jobKey: job.key, plannedTs, status: "scheduled", job: jobSnapshot(job) })
      .onConflictDoNothing()
      .returning({ id: retentionRuns.id });
    if (inserted.length === 0) return;
    const taskId = await scheduleTask(withDb(ctx, tx), { action: RETENTION_PURGE_ACTION, params: { run_id: id }, timestamp: plannedTs });
    await tx.update(retentionRuns).set({ taskId }).where(eq(retentionRuns.id, id));
  });
  return pendingRun(ctx, job.key);
}

async function finishedRunAt(ctx: Ctx, id: string): Promise<boolean> {
  const [row] = await ctx.db.select({ status: retentionRuns.status }).from(retentionRuns).where(eq(retentionRuns.id, id)).limit(1);
  return row !== undefined && row.status !== "scheduled" && row.status !== "running";
}

/** The job's scheduled or running run, if any. */
export async function pendingRun(ctx: Ctx, jobKey: string): Promise<RetentionRun | null> {
  const [row] = await ctx.db
    .select()
    .from(retentionRuns)
    .where(and(eq(retentionRuns.jobKey, jobKey), isNull(retentionRuns.roomId), inArray(retentionRuns.status, ["scheduled", "running"])))
    .orderBy(desc(retentionRuns.plannedTs))
    .limit(1);
  return row ?? null;
}

/** A run-now for one room: its run row and task, scheduled for now, in one transaction. */
export async function createRoomRun(ctx: Ctx, roomId: string): Promise<{ runId: string; taskId: string }> {
  const now = ctx.clock.now();
  const runId = `room:${roomId}@${now}:${randomLetters(6)}`;
  return ctx.db.transaction(async (tx) => {
    await tx.insert(retentionRuns).values({ id: runId, jobKey: `room:${roomId}`, roomId, plannedTs: now, status: "scheduled" });
    const taskId = await scheduleTask(withDb(ctx, tx), { action: RETENTION_PURGE_ACTION, resourceId: roomId, params: { run_id: runId } });
    await tx.update(retentionRuns).set({ taskId }).where(eq(retentionRuns.id, runId));
    return { runId, taskId };
  });
}

export async function getRun(ctx: Ctx, id: string): Promise<RetentionRun | null> {
  const [row] = await ctx.db.select().from(retentionRuns).where(eq(retentionRuns.id, id)).limit(1);
  return row ?? null;
}

/** Marks the run started (keeping the first start time when a crashed run is resumed). */
export async function startRun(ctx: Ctx, id: string): Promise<RetentionRun | null> {
  const [row] = await ctx.db
    .update(retentionRuns)
    .set({ status: "running", startedTs: sql`coalesce(${retentionRuns.startedTs}, ${ctx.clock.now()})` })
    .where(and(eq(retentionRuns.id, id), inArray(retentionRuns.status, ["scheduled", "running"])))
    .returning();
  return row ?? null;
}

export async function saveRunCounts(ctx: Ctx, id: string, counts: RunCounts, finish?: "complete" | "failed" | "cancelled"): Promise<void> {
  await ctx.db
    .update(retentionRuns)
    .set({
      roomsExamined: counts.roomsExamined,
      roomsPurged: counts.roomsPurged,
      roomsSkipped: counts.roomsSkipped,
      eventsDeleted: counts.eventsDeleted,
      errors: counts.errors,
      ...(finish ? { status: finish, finishedTs: ctx.clock.now() } : {}),
    })
    .where(eq(retentionRuns.id, id));
}

/** The last finished runs of a job, newest first. */
export async function lastRuns(ctx: Ctx, jobKey: string, limit: number): Promise<RetentionRun[]> {
  return ctx.db
    .select()
    .from(retentionRuns)
    .where(and(eq(retentionRuns.jobKey, jobKey), inArray(retentionRuns.status, ["complete", "failed", "cancelled"])))
    .orderBy(desc(retentionRuns.plannedTs))
    .limit(limit);
}

/**
 * Runs whose task ended without finishing them (cancelled while scheduled, deleted, or failed
 * outside the run loop) are closed, so the job gets a new pending run on the next service tick.
 */
export async function reconcileRuns(ctx: Ctx): Promise<number> {
  const rows = await ctx.db.execute<{ id: string }>(sql`
    update retention_runs r
    set status = case when t.status = 'cancelled' then 'cancelled' else 'failed' end,
        finished_ts = ${ctx.clock.now()},
        errors = r.errors || jsonb_build_array(jsonb_build_object('roomId', null, 'error',
          case when t.id is null then 'its task no longer exists' else 'its task ended as ' || t.status end))
    from retention_runs r2 left join scheduled_tasks t on t.id = r2.task_id
    where r.id = r2.id and r.status in ('scheduled', 'running') and r.task_id is not null
      and (t.id is null or t.status in ('complete', 'failed', 'cancelled'))
    returning r.id`);
  return rows.length;
}
