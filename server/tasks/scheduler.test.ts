import { describe, expect, test } from "vitest";
import { createTestApp, type TestApp } from "../testing/test-app";
import { cancelTask, createTaskScheduler, getTask, getTasks, scheduleTask, updateTask, type TaskScheduler } from ".";
import { sleepOrAbort } from "./testing";

// §9 items 51–55 (tests/util/test_task_scheduler.py), on the fake clock.

async function setup(config = {}): Promise<{ app: TestApp; s: TaskScheduler }> {
  const app = await createTestApp(config);
  const s = createTaskScheduler(app);
  return { app, s };
}

/**
 * Advances the clock in steps, settling the scheduler's database work after each, so every loop
 * pass that falls due runs at its time (one big jump can outrun a pass still waiting on the database).
 */
async function advance(app: TestApp, s: TaskScheduler, ms: number, step = 30_000): Promise<void> {
  for (let left = ms; left > 0; left -= step) {
    await app.clock.advance(Math.min(step, left));
    await s.settle();
  }
}

describe("task scheduler", () => {
  test("51: a task scheduled 30 s ahead completes on the next pass and is cleaned up after 7 days", async () => {
    const { app, s } = await setup();
    s.register("test_task", async (_ctx, task) => ({ status: "complete", result: task.params }));
    await s.start();
    const ctx = app.ctx("@admin:test");
    const id = await scheduleTask(ctx, { action: "test_task", timestamp: app.clock.now() + 30_000, params: { val: 1 } });
    await s.settle();
    expect(await getTask(ctx, id)).toMatchObject({ status: "scheduled", result: null, actor: "@admin:test" });
    await advance(app, s, 60_000);
    expect(await getTask(ctx, id)).toMatchObject({ status: "complete", result: { val: 1 }, error: null });
    await app.clock.advance(7 * 86_400_000 - 180_000);
    await s.settle();
    await advance(app, s, 120_000);
    expect(await getTask(ctx, id)).not.toBeNull();
    await advance(app, s, 60_000 + 1000);
    expect(await getTask(ctx, id)).toBeNull();
  });

  test("52: six 1-second tasks: five run at once, the sixth 100 ms after one finishes", async () => {
    const { app, s } = await setup();
    s.register("sleep", async (ctx) => {
      await ctx.clock.sleep(1000);
      return { status: "complete" };
    });
    await s.start();
    const ctx = app.ctx("@admin:test");
    for (let i = 0; i < 6; i++) await scheduleTask(ctx, { action: "sleep" });
    await s.settle();
    const counts = async () => {
      const tasks = await getTasks(ctx, {});
      const by: Record<string, number> = {};
      for (const t of tasks) by[t.status] = (by[t.status] ?? 0) + 1;
      return by;
    };
    expect(await counts()).toEqual({ active: 5, scheduled: 1 });
    expect(s.running()).toHaveLength(5);
    await advance(app, s, 1000);
    expect(await counts()).toEqual({ complete: 5, scheduled: 1 });
    await advance(app, s, 100);
    expect(await counts()).toEqual({ complete: 5, active: 1 });
    await advance(app, s, 1000);
    expect(await counts()).toEqual({ complete: 6 });
    expect(s.running()).toEqual([]);
  });

  test("53: a task that throws fails at once with the message as error", async () => {
    const { app, s } = await setup();
    s.register("raise", async () => {
      throw new Error("raising");
    });
    await s.start();
    const ctx = app.ctx("@admin:test");
    const id = await scheduleTask(ctx, { action: "raise" });
    await s.settle();
    expect(await getTask(ctx, id)).toMatchObject({ status: "failed", error: "raising" });
  });

  test("54: a task left active by a dead process is re-run with its stored result after a restart", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@admin:test");
    const runs: unknown[] = [];
    const resumable = (s: TaskScheduler) =>
      s.register("resumable", async (c, task) => {
        runs.push(task.result);
        const stored = task.result as { in_progress?: boolean } | null;
        if (stored?.in_progress) return { status: "complete", result: { success: true } };
        await updateTask(c, task.id, { result: { in_progress: true } });
        await new Promise(() => {}); // hangs until the process "dies"
        return { status: "complete" };
      });
    const first = createTaskScheduler(app);
    resumable(first);
    await first.start();
    const id = await scheduleTask(ctx, { action: "resumable" });
    await first.settle();
    expect(await getTask(ctx, id)).toMatchObject({ status: "active", result: { in_progress: true } });
    // The process dies: its loops stop and nothing is released or written.
    await first.crash();
    const second = createTaskScheduler(app);
    resumable(second);
    await second.start();
    await advance(app, second, 60_000);
    expect(await getTask(ctx, id)).toMatchObject({ status: "complete", result: { success: true } });
    expect(runs).toEqual([null, { in_progress: true }]);
  });

  test("55a: cancelling a running task stops it: cancelled, not running, counter frozen", async () => {
    const { app, s } = await setup();
    let counter = 0;
    s.register("counter", async (ctx, _task, signal) => {
      while (await sleepOrAbort(ctx.clock, 1000, signal)) counter++;
      return { status: "complete" };
    });
    await s.start();
    const ctx = app.ctx("@admin:test");
    const id = await scheduleTask(ctx, { action: "counter" });
    await s.settle();
    for (let i = 0; i < 5; i++) await advance(app, s, 1000);
    expect(counter).toBe(5);
    expect(await cancelTask(ctx, id)).toBe(true);
    await s.settle();
    expect(await getTask(ctx, id)).toMatchObject({ status: "cancelled" });
    expect(s.running()).toEqual([]);
    await advance(app, s, 100_000);
    expect(counter).toBe(5);
    expect(await getTask(ctx, id)).toMatchObject({ status: "cancelled" });
    expect(await cancelTask(ctx, id)).toBe(false);
  });

  test("55b: cancelling a step-wise task (returns active) stops further steps", async () => {
    const { app, s } = await setup();
    s.register("steps", async (_ctx, task) => {
      const n = ((task.result as { n?: number } | null)?.n ?? 0) + 1;
      return { status: "active", result: { n } };
    });
    await s.start();
    const ctx = app.ctx("@admin:test");
    const id = await scheduleTask(ctx, { action: "steps" });
    await s.settle();
    for (let i = 0; i < 3; i++) await advance(app, s, 100);
    // A step every 100 ms (a NOTIFY echo may add one more pass).
    const before = (await getTask(ctx, id))?.result as { n: number };
    expect(before.n).toBeGreaterThanOrEqual(4);
    expect(await cancelTask(ctx, id)).toBe(true);
    await s.idle();
    const at = (await getTask(ctx, id))?.result;
    await advance(app, s, 100_000, 1000);
    expect(await getTask(ctx, id)).toMatchObject({ status: "cancelled", result: at });
    expect(s.running()).toEqual([]);
  });
});
