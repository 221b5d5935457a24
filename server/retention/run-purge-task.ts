import { z } from "zod";
import { withActor, type Ctx } from "../context";
import { recordAudit } from "../audit";
import { updateTask } from "../tasks/update-task";
import type { Task, TaskFunction, TaskOutcome } from "../tasks/types";
import { purgeJobsOf, type PurgeJob } from "./jobs";
import { planRooms, type RoomPlan } from "./plan-rooms";
import { purgeRoomForRetention } from "./purge-room";
import { emptyCounts, ensureNextRun, getRun, RETENTION_PURGE_ACTION, saveRunCounts, startRun, type RetentionRun, type RunCounts } from "./runs";
import { selectRoomsForJob } from "./select-rooms";
import { getStoredPolicies } from "./stored-policies";

const PAGE = 500;
const MAX_ERRORS_KEPT = 100;

/** What a run keeps in its task result: counts so far and the last room handled, to resume after a crash. */
const stateSchema = z.object({
  run_id: z.string(),
  cursor: z.string().nullable(),
  rooms_examined: z.number(),
  rooms_purged: z.number(),
  rooms_skipped: z.number(),
  events_deleted: z.number(),
  errors: z.array(z.object({ roomId: z.string(), error: z.string() })),
});
type RunState = z.output<typeof stateSchema>;

function resumeState(runId: string, result: unknown): { cursor: string | null; counts: RunCounts } {
  const parsed = stateSchema.safeParse(result);
  if (!parsed.success || parsed.data.run_id !== runId) return { cursor: null, counts: emptyCounts() };
  const s = parsed.data;
  return {
    cursor: s.cursor,
    counts: { roomsExamined: s.rooms_examined, roomsPurged: s.rooms_purged, roomsSkipped: s.rooms_skipped, eventsDeleted: s.events_deleted, errors: s.errors },
  };
}

function stateOf(runId: string, cursor: string | null, c: RunCounts): RunState {
  return { run_id: runId, cursor, rooms_examined: c.roomsExamined, rooms_purged: c.roomsPurged, rooms_skipped: c.roomsSkipped, events_deleted: c.eventsDeleted, errors: c.errors };
}

/**
 * The retention_purge task: one run of a purge job over its rooms (params {run_id}), or a run-now
 * for one room. Rooms are handled in room_id order and progress is stored after every page, so a
 * crashed run resumes after the last room it finished. Cutoffs use the run's start time.
 */
export const runRetentionPurge: TaskFunction = async (taskCtx, task, signal) => {
  const ctx = withActor(taskCtx, "system:retention");
  const runId = task.params?.run_id;
  if (typeof runId !== "string") return { status: "failed", error: "Not enough parameters passed to retention_purge" };
  const run = await startRun(ctx, runId);
  if (!run) {
    const existing = await getRun(ctx, runId);
    if (!existing) return { status: "failed", error: `unknown retention run ${runId}` };
    return { status: "complete", result: { run_id: runId, note: `run already ${existing.status}` } };
  }
  const resumed = resumeState(run.id, task.result);
  if (task.result === null && run.roomId === null) {
    await recordAudit(ctx, { action: RETENTION_PURGE_ACTION, roomId: run.roomId, target: run.id, params: run.job ?? { room_id: run.roomId }, status: "requested", taskId: task.id });
  }
  return run.roomId === null ? runJob(ctx, task, run, resumed, signal) : runRoom(ctx, run, run.roomId, resumed.counts, signal);
};

async function runJob(ctx: Ctx, task: Task, run: RetentionRun, resumed: ReturnType<typeof resumeState>, signal: AbortSignal): Promise<TaskOutcome> {
  const job = ctx.config.retention.enabled ? purgeJobsOf(ctx.config.retention).find((j) => j.key === run.jobKey) : undefined;
  if (!job) {
    // Retention switched off or the job removed from the config since the run was planned: no successor.
    await saveRunCounts(ctx, run.id, resumed.counts, "cancelled");
    return { status: "complete", result: { ...stateOf(run.id, null, resumed.counts), note: "job no longer configured" } };
  }
  const now = run.startedTs ?? ctx.clock.now();
  const memo = new Map<number, number>();
  let { cursor } = resumed;
  const counts = resumed.counts;
  for (;;) {
    const page = await selectRoomsForJob(ctx, job, { after: cursor ?? undefined, limit: PAGE });
    if (page.length === 0) break;
    for (const plan of await planRooms(ctx, page, now, memo)) {
      if (signal.aborted) return saveAndStop(ctx, task, run, cursor, counts);
      await handleRoom(ctx, plan, counts, signal);
      cursor = plan.roomId;
    }
    await updateTask(ctx, task.id, { result: stateOf(run.id, cursor, counts) });
    await saveRunCounts(ctx, run.id, counts);
  }
  return finishRun(ctx, run, job, counts);
}

async function handleRoom(ctx: Ctx, plan: RoomPlan, counts: RunCounts, signal: AbortSignal): Promise<void> {
  counts.roomsExamined += 1;
  if (plan.maxLifetime === null || !plan.boundary) {
    // No max_lifetime anywhere (Synapse raises here and abandons the run, §8.5 edge), or no event to purge up to.
    counts.roomsSkipped += 1;
    return;
  }
  if (plan.candidates === 0) return; // examined, nothing expired since the last purge
  try {
    const outcome = await purgeRoomForRetention(ctx, { roomId: plan.roomId, boundary: plan.boundary, signal });
    if (outcome.outcome === "skipped") counts.roomsSkipped += 1;
    else {
      counts.eventsDeleted += outcome.deleted;
      if (outcome.deleted > 0) counts.roomsPurged += 1;
    }
  } catch (error) {
    if (signal.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    ctx.logger.warn("retention purge of a room failed", { roomId: plan.roomId, error: message });
    if (counts.errors.length < MAX_ERRORS_KEPT) counts.errors.push({ roomId: plan.roomId, error: message });
  }
}

/** Cancelled, or the instance is stopping: keep the progress; the task row says what happened. */
async function saveAndStop(ctx: Ctx, task: Task, run: RetentionRun, cursor: string | null, counts: RunCounts): Promise<TaskOutcome> {
  await updateTask(ctx, task.id, { result: stateOf(run.id, cursor, counts) });
  await saveRunCounts(ctx, run.id, counts);
  return { status: "cancelled", result: stateOf(run.id, cursor, counts) };
}

async function finishRun(ctx: Ctx, run: RetentionRun, job: PurgeJob, counts: RunCounts): Promise<TaskOutcome> {
  await saveRunCounts(ctx, run.id, counts, "complete");
  // The next run waits for this one, as Synapse's timer does: the first grid time after now.
  await ensureNextRun(ctx, job, ctx.clock.now());
  ctx.logger.info("retention purge run finished", { run: run.id, ...counts, errors: counts.errors.length });
  return { status: "complete", result: stateOf(run.id, null, counts) };
}

/** Run-now for one room: its own clamped policy, whichever job covers it (or none). */
async function runRoom(ctx: Ctx, run: RetentionRun, roomId: string, counts: RunCounts, signal: AbortSignal): Promise<TaskOutcome> {
  const now = run.startedTs ?? ctx.clock.now();
  if (ctx.config.retention.enabled) {
    const storedMax = (await getStoredPolicies(ctx, [roomId])).get(roomId)?.maxLifetime ?? null;
    const [plan] = await planRooms(ctx, [{ roomId, storedMax }], now, new Map());
    if (plan) await handleRoom(ctx, plan, counts, signal);
  } else {
    counts.roomsExamined += 1;
    counts.roomsSkipped += 1;
  }
  await saveRunCounts(ctx, run.id, counts, "complete");
  return { status: "complete", result: stateOf(run.id, null, counts) };
}
