import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withDb, type Ctx } from "../context";
import * as t from "../db/schema";
import { cancelTask, createTaskScheduler } from "../tasks";
import { createTestApp } from "../testing/test-app";
import { ensureNextRun, pendingRun } from "./runs";
import { purgeJobsOf } from "./jobs";
import { planRetentionRuns, registerRetentionTasks, startRetentionService } from "./service";
import { DAY, HOUR, roomWithPolicy, sendText, withConfig } from "./test-helpers";

const app = await createTestApp({
  retention: {
    enabled: true,
    default_policy: { max_lifetime: "1d" },
    purge_jobs: [
      { longest_max_lifetime: "1d", interval: "6h" },
      { shortest_max_lifetime: "2d", longest_max_lifetime: "7d", interval: "1d" },
    ],
  },
});
const system = app.ctx("system:retention");
const [jobA, jobB] = purgeJobsOf(app.config.retention);
if (!jobA || !jobB) throw new Error("jobs missing");
const scheduler = createTaskScheduler(app, { listen: false });
registerRetentionTasks(scheduler);

const instance = (name: string): Ctx => ({ ...system, instanceName: name });
const runsOf = (jobKey: string) => app.conn.db.select().from(t.retentionRuns).where(eq(t.retentionRuns.jobKey, jobKey));

async function runDue(): Promise<void> {
  await scheduler.tick();
  await scheduler.idle();
  await scheduler.settle();
}

describe("the retention schedule across instances", () => {
  it("plans one run per job, at the next epoch-aligned time, however many instances plan at once", async () => {
    await Promise.all(["a", "b", "c", "d"].map((name) => planRetentionRuns(instance(name))));
    const now = app.clock.now();
    for (const job of [jobA, jobB]) {
      const runs = await runsOf(job.key);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ id: `${job.key}@${(Math.floor(now / job.interval) + 1) * job.interval}`, status: "scheduled" });
      const tasks = await app.conn.db.select().from(t.scheduledTasks).where(and(eq(t.scheduledTasks.action, "retention_purge"), eq(t.scheduledTasks.id, runs[0]?.taskId ?? "")));
      expect(tasks).toHaveLength(1);
      expect(tasks[0]?.timestamp).toBe(runs[0]?.plannedTs);
    }
  });

  it("keeps one pending run even when instances plan across a boundary (different planned times)", async () => {
    const before = await pendingRun(system, jobA.key);
    await Promise.all([ensureNextRun(instance("x"), jobA, app.clock.now()), ensureNextRun(instance("y"), jobA, app.clock.now() + jobA.interval)]);
    expect((await runsOf(jobA.key)).filter((r) => r.status === "scheduled").map((r) => r.id)).toEqual([before?.id]);
  });

  it("replaces a run whose task was cancelled, and a cancelled run does not stop the schedule", async () => {
    const pending = await pendingRun(system, jobB.key);
    expect(await cancelTask(system, pending?.taskId ?? "")).toBe(true);
    await planRetentionRuns(system);
    const runs = await runsOf(jobB.key);
    expect(runs.find((r) => r.id === pending?.id)).toMatchObject({ status: "cancelled", errors: [{ roomId: null, error: "its task ended as cancelled" }] });
    expect(runs.filter((r) => r.status === "scheduled")).toHaveLength(1);
  });

  it("skips a room whose delete is running, and purges it on a later run", async () => {
    const roomId = await roomWithPolicy(app.ctx("@alice:test"), "@alice:test", { max_lifetime: 12 * HOUR });
    const old = await sendText(app.ctx("@alice:test"), roomId, "@alice:test", "old");
    await app.clock.advance(DAY);
    await sendText(app.ctx("@alice:test"), roomId, "@alice:test", "new");
    await app.conn.db.insert(t.scheduledTasks).values({ id: "deleteinprogress", action: "shutdown_and_purge_room", status: "active", timestamp: app.clock.now(), resourceId: roomId, createdTs: app.clock.now(), instanceName: "elsewhere", leaseUntilTs: app.clock.now() + DAY });
    await app.clock.advance(jobA.interval);
    await runDue();
    const [first] = (await runsOf(jobA.key)).filter((r) => r.status === "complete");
    expect(first).toMatchObject({ roomsSkipped: 1, eventsDeleted: 0 });
    expect(await app.conn.db.select().from(t.events).where(eq(t.events.eventId, old))).toHaveLength(1);
    await app.conn.db.update(t.scheduledTasks).set({ status: "complete" }).where(eq(t.scheduledTasks.id, "deleteinprogress"));
    await app.clock.advance(jobA.interval);
    await runDue();
    expect(await app.conn.db.select().from(t.events).where(eq(t.events.eventId, old))).toHaveLength(0);
  });

  it("ends a run whose job left the configuration without planning another", async () => {
    const pending = await pendingRun(system, jobB.key);
    await app.conn.db.update(t.scheduledTasks).set({ timestamp: app.clock.now() }).where(eq(t.scheduledTasks.id, pending?.taskId ?? ""));
    const other = createTaskScheduler({ ...app, ctx: (actor) => withConfig(withDb(app.ctx(actor), app.conn.db), { retention: { enabled: true } }) }, { listen: false });
    registerRetentionTasks(other);
    await other.tick();
    await other.idle();
    await other.settle();
    const runs = await runsOf(jobB.key);
    expect(runs.find((r) => r.id === pending?.id)?.status).toBe("cancelled");
    expect(runs.filter((r) => r.status === "scheduled")).toHaveLength(0);
  });
});

describe("startRetentionService", () => {
  it("warns at start about max_lifetime ranges no job covers, and plans runs", async () => {
    const warnings: string[] = [];
    const other = await createTestApp({ retention: { enabled: true, purge_jobs: [{ shortest_max_lifetime: "1d", longest_max_lifetime: "7d", interval: "1d" }] } });
    other.logger = { ...other.logger, warn: (message: string) => warnings.push(message) };
    const service = startRetentionService(other);
    await other.clock.advance(0);
    await service.stop();
    expect(warnings).toEqual([
      "retention: no purge job covers rooms with 0 < max_lifetime <= 1d; their expired events are hidden but never deleted",
      "retention: no purge job covers rooms with max_lifetime > 1w; their expired events are hidden but never deleted",
    ]);
    expect(await other.conn.db.select().from(t.retentionRuns)).toHaveLength(1);
  });

  it("does nothing when retention is disabled", async () => {
    const other = await createTestApp({ retention: { enabled: false } });
    const service = startRetentionService(other);
    await other.clock.advance(2 * DAY);
    await service.stop();
    expect(await other.conn.db.select().from(t.retentionRuns)).toHaveLength(0);
  });
});
