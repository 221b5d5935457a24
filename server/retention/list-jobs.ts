import type { Ctx } from "../context";
import { findUncoveredLifetimes, type LifetimeGap } from "./coverage";
import { includesNull, purgeJobsOf, type PurgeJob } from "./jobs";
import { lastRuns, pendingRun, type RetentionRun } from "./runs";
import { nextPlannedRun } from "./schedule";

export interface RunView {
  id: string;
  planned_ts: number;
  started_ts: number | null;
  finished_ts: number | null;
  duration_ms: number | null;
  status: string;
  task_id: string | null;
  rooms_examined: number;
  rooms_purged: number;
  rooms_skipped: number;
  events_deleted: number;
  errors: unknown[];
}

export interface JobView {
  key: string;
  shortest_max_lifetime: number | null;
  longest_max_lifetime: number | null;
  interval: number;
  /** Rooms without a stored max_lifetime are handled by this job (the default lies in its range). */
  include_null: boolean;
  /** The planned (or running) run; `planned: false` when none is in the database yet (computed). */
  next_run: { run_id: string | null; planned_ts: number; status: string; task_id: string | null; planned: boolean };
  last_runs: RunView[];
}

export interface RetentionSchedule {
  enabled: boolean;
  default_policy: { min_lifetime: number | null; max_lifetime: number | null };
  allowed_lifetime: { min: number | null; max: number | null };
  /** max_lifetime ranges no job purges. */
  uncovered: LifetimeGap[];
  jobs: JobView[];
}

export function runView(run: RetentionRun): RunView {
  return {
    id: run.id,
    planned_ts: run.plannedTs,
    started_ts: run.startedTs,
    finished_ts: run.finishedTs,
    duration_ms: run.startedTs !== null && run.finishedTs !== null ? run.finishedTs - run.startedTs : null,
    status: run.status,
    task_id: run.taskId,
    rooms_examined: run.roomsExamined,
    rooms_purged: run.roomsPurged,
    rooms_skipped: run.roomsSkipped,
    events_deleted: run.eventsDeleted,
    errors: run.errors,
  };
}

async function jobView(ctx: Ctx, job: PurgeJob, lastRunCount: number): Promise<JobView> {
  const [pending, last] = await Promise.all([pendingRun(ctx, job.key), lastRuns(ctx, job.key, lastRunCount)]);
  const now = ctx.clock.now();
  const next = pending
    ? { run_id: pending.id, planned_ts: pending.plannedTs, status: pending.status, task_id: pending.taskId, planned: true }
    : { run_id: null, planned_ts: nextPlannedRun(job.interval, now), status: "unplanned", task_id: null, planned: false };
  return {
    key: job.key,
    shortest_max_lifetime: job.shortestMaxLifetime,
    longest_max_lifetime: job.longestMaxLifetime,
    interval: job.interval,
    include_null: includesNull(job, ctx.config.retention.default_policy.max_lifetime),
    next_run: next,
    last_runs: last.map(runView),
  };
}

/** The purge jobs with their ranges, next run and last runs (GET /_scrollback/v1/retention/jobs). */
export async function listRetentionJobs(ctx: Ctx, input: { lastRuns?: number } = {}): Promise<RetentionSchedule> {
  const retention = ctx.config.retention;
  const jobs = purgeJobsOf(retention);
  return {
    enabled: retention.enabled,
    default_policy: retention.default_policy,
    allowed_lifetime: { min: retention.allowed_lifetime_min, max: retention.allowed_lifetime_max },
    uncovered: findUncoveredLifetimes(jobs),
    jobs: retention.enabled ? await Promise.all(jobs.map((job) => jobView(ctx, job, input.lastRuns ?? 5))) : [],
  };
}
