import { describe, expect, test } from "vitest";
import { createTestApp } from "../testing/test-app";
import { cancelTask, createTaskScheduler, getTask, getTasks, scheduleTask } from ".";
import { secondInstance, sleepOrAbort, until } from "./testing";

// Several instances on one database: claims are atomic, cancels and dead runners are noticed.

describe("task scheduler across instances", () => {
  test("56: a task scheduled by one instance completes at once on another (LISTEN/NOTIFY)", async () => {
    const main = await createTestApp();
    const worker = secondInstance(main, "worker");
    const s = createTaskScheduler(worker);
    s.register("test_task", async (ctx, task) => ({ status: "complete", result: { ran_on: ctx.instanceName, val: task.params?.val } }));
    await s.start();
    await s.settle();
    const ctx = main.ctx("@admin:test");
    const id = await scheduleTask(ctx, { action: "test_task", params: { val: 1 } });
    // No clock advance and no tick(): only the notification can wake the worker.
    await until(async () => (await getTask(ctx, id))?.status === "complete");
    expect(await getTask(ctx, id)).toMatchObject({ result: { ran_on: "worker", val: 1 } });
  });

  test("20 tasks queued on two instances: each runs exactly once", async () => {
    const a = await createTestApp();
    const b = secondInstance(a, "instance-b");
    const runs = new Map<string, string[]>();
    const schedulers = [a, b].map((app) => {
      const s = createTaskScheduler(app);
      s.register("count", async (ctx, task) => {
        runs.set(task.id, [...(runs.get(task.id) ?? []), ctx.instanceName]);
        await ctx.clock.sleep(1000);
        return { status: "complete" };
      });
      return s;
    });
    await Promise.all(schedulers.map((s) => s.start()));
    const ctx = a.ctx("@admin:test");
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await scheduleTask(ctx, { action: "count" }));
    const settle = () => Promise.all(schedulers.map((s) => s.settle()));
    const done = async () => (await getTasks(ctx, { statuses: ["complete"] })).length === 20;
    for (let round = 0; round < 40 && !(await done()); round++) {
      await Promise.all(schedulers.map((s) => s.tick()));
      await settle();
      // Each instance runs at most 5 at a time.
      for (const s of schedulers) expect(s.running().length).toBeLessThanOrEqual(5);
      await a.clock.advance(1100);
      await settle();
    }
    expect(await done()).toBe(true);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    for (const instances of runs.values()) expect(instances).toHaveLength(1);
    const used = new Set([...runs.values()].flat());
    expect(used).toEqual(new Set(["test-instance", "instance-b"]));
  });

  test("a per-action cap holds across instances; the global cap per instance is configurable", async () => {
    const a = await createTestApp({ tasks: { max_concurrent: 3, per_action: { purge_room: 2 } } });
    const b = secondInstance(a, "instance-b");
    const schedulers = [a, b].map((app) => {
      const s = createTaskScheduler(app);
      const slow = async (ctx: { clock: { sleep(ms: number): Promise<void> } }) => {
        await ctx.clock.sleep(1000);
        return { status: "complete" as const };
      };
      s.register("purge_room", slow);
      s.register("other", slow, { maxConcurrent: 10 });
      return s;
    });
    await Promise.all(schedulers.map((s) => s.start()));
    const ctx = a.ctx("@admin:test");
    for (let i = 0; i < 6; i++) await scheduleTask(ctx, { action: "purge_room" });
    for (let i = 0; i < 6; i++) await scheduleTask(ctx, { action: "other" });
    await Promise.all(schedulers.map((s) => s.tick()));
    await Promise.all(schedulers.map((s) => s.settle()));
    const active = await getTasks(ctx, { statuses: ["active"] });
    expect(active.filter((t) => t.action === "purge_room")).toHaveLength(2);
    expect(active).toHaveLength(6);
    for (const s of schedulers) expect(s.running()).toHaveLength(3);
  });

  test("cancel from another instance: the runner's heartbeat notices and aborts", async () => {
    const a = await createTestApp();
    const b = secondInstance(a, "instance-b");
    // No LISTEN on the runner: only its heartbeat can notice the cancel.
    const runner = createTaskScheduler(b, { listen: false, leaseMs: 120_000 });
    let steps = 0;
    let aborted = false;
    runner.register("long", async (ctx, _task, signal) => {
      while (await sleepOrAbort(ctx.clock, 1000, signal)) steps++;
      aborted = signal.aborted;
      return { status: "complete" };
    });
    await runner.start();
    const id = await scheduleTask(a.ctx("@admin:test"), { action: "long" });
    await runner.tick();
    await runner.settle();
    expect(runner.running()).toEqual([id]);
    expect(await cancelTask(a.ctx("@admin:test"), id)).toBe(true);
    for (let i = 0; i < 30; i++) {
      await a.clock.advance(1000);
      await runner.settle();
    }
    expect(aborted).toBe(true);
    expect(runner.running()).toEqual([]);
    const frozen = steps;
    await a.clock.advance(10_000);
    await runner.settle();
    expect(steps).toBe(frozen);
    expect(await getTask(a.ctx("@admin:test"), id)).toMatchObject({ status: "cancelled" });
  });

  test("a dead runner's task is taken over by another instance once its lease expires", async () => {
    const a = await createTestApp();
    const b = secondInstance(a, "instance-b");
    const runs: Array<{ on: string; result: unknown }> = [];
    const make = (app: typeof a | typeof b) => {
      const s = createTaskScheduler(app);
      s.register("resumable", async (ctx, task) => {
        runs.push({ on: ctx.instanceName, result: task.result });
        if (task.result) return { status: "complete", result: { done_by: ctx.instanceName } };
        const { updateTask } = await import(".");
        await updateTask(ctx, task.id, { result: { step: 1 } });
        await new Promise(() => {});
        return { status: "complete" };
      });
      return s;
    };
    const dying = make(a);
    const survivor = make(b);
    await dying.start();
    const ctx = a.ctx("@admin:test");
    const id = await scheduleTask(ctx, { action: "resumable" });
    await dying.settle();
    // The task function's own progress write is not scheduler work: wait for it to land.
    await until(async () => JSON.stringify((await getTask(ctx, id))?.result) === '{"step":1}');
    expect(await getTask(ctx, id)).toMatchObject({ status: "active", result: { step: 1 } });
    await dying.crash();
    await survivor.start();
    await survivor.settle();
    // The lease (2 min) is still valid: nobody else may run it yet. Steps of 30 s, settled, so
    // every poll pass runs at its time.
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 30_000) {
        await a.clock.advance(30_000);
        await survivor.settle();
      }
    };
    await step(90_000);
    expect(runs).toHaveLength(1);
    await step(90_000);
    expect(await getTask(ctx, id)).toMatchObject({ status: "complete", result: { done_by: "instance-b" } });
    expect(runs).toEqual([
      { on: "test-instance", result: null },
      { on: "instance-b", result: { step: 1 } },
    ]);
  });

  test("stop() hands running tasks back: another instance resumes them at once", async () => {
    const a = await createTestApp();
    const b = secondInstance(a, "instance-b");
    const make = (app: typeof a | typeof b) => {
      const s = createTaskScheduler(app, { shutdownGraceMs: 1000 });
      s.register("polite", async (ctx, task, signal) => {
        if (ctx.instanceName === "instance-b") return { status: "complete", result: { resumed: true } };
        await sleepOrAbort(ctx.clock, 3_600_000, signal);
        return { status: "complete", result: { should_not: "be stored" } };
      });
      return s;
    };
    const first = make(a);
    await first.start();
    const ctx = a.ctx("@admin:test");
    const id = await scheduleTask(ctx, { action: "polite" });
    await first.settle();
    expect(first.running()).toEqual([id]);
    await first.stop();
    expect(await getTask(ctx, id)).toMatchObject({ status: "active", result: null });
    const second = make(b);
    await second.start();
    await second.settle();
    expect(await getTask(ctx, id)).toMatchObject({ status: "complete", result: { resumed: true } });
  });
});
