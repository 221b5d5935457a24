import type { App, BackgroundService } from "../app";
import type { Ctx } from "../context";
import type { TaskScheduler } from "../tasks/scheduler";
import { warnUncoveredLifetimes } from "./coverage";
import { purgeJobsOf } from "./jobs";
import { runRetentionPurge } from "./run-purge-task";
import { ensureNextRun, pendingRun, reconcileRuns, RETENTION_PURGE_ACTION } from "./runs";

export function registerRetentionTasks(scheduler: Pick<TaskScheduler, "register">): void {
  scheduler.register(RETENTION_PURGE_ACTION, runRetentionPurge);
}

/**
 * One pass: close runs whose task ended without them, then make sure every configured job has its
 * next run planned. Safe on every instance at once (see ensureNextRun).
 */
export async function planRetentionRuns(ctx: Ctx): Promise<void> {
  if (!ctx.config.retention.enabled) return;
  await reconcileRuns(ctx);
  for (const job of purgeJobsOf(ctx.config.retention)) {
    if (await pendingRun(ctx, job.key)) continue;
    await ensureNextRun(ctx, job, ctx.clock.now());
  }
}

/**
 * The retention schedule of an instance: warns at start about lifetimes no job covers, then plans
 * runs now and every tasks.poll_interval. The runs themselves are retention_purge tasks, launched
 * by whichever instance's task scheduler claims them.
 */
export function startRetentionService(app: App): BackgroundService {
  const ctx = app.ctx("system:retention");
  let stopped = false;
  if (!app.config.retention.enabled) {
    return { name: "retention", stop: async () => {} };
  }
  const jobs = purgeJobsOf(app.config.retention);
  warnUncoveredLifetimes(jobs, app.logger);
  app.logger.info("retention purge jobs", { jobs: jobs.map((j) => j.key) });
  const pass = () =>
    planRetentionRuns(ctx).catch((error: unknown) => {
      if (!stopped) app.logger.error("planning retention runs failed", { error: error instanceof Error ? error.message : String(error) });
    });
  let current = pass();
  void (async () => {
    while (!stopped) {
      await app.clock.sleep(app.config.tasks.poll_interval);
      if (stopped) return;
      current = pass();
      await current;
    }
  })();
  const service: BackgroundService = {
    name: "retention",
    async stop() {
      stopped = true;
      await current;
    },
  };
  app.services.push(service);
  return service;
}
