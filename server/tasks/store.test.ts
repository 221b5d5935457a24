import { describe, expect, test } from "vitest";
import { listAudit, recordAudit } from "../audit";
import { createTestApp } from "../testing/test-app";
import { until } from "./testing";
import { cancelTask, cleanupTasks, createTaskScheduler, deleteTask, getTask, getTasks, scheduleTask, updateTask } from ".";

describe("task records", () => {
  test("scheduling: a past timestamp becomes now, ids are 16 letters, the actor is kept", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@alice:test");
    const now = app.clock.now();
    const id = await scheduleTask(ctx, { action: "a", timestamp: now - 5000, resourceId: "!r:test", params: { x: [1, 2] } });
    expect(id).toMatch(/^[A-Za-z]{16}$/);
    expect(await getTask(ctx, id)).toEqual({
      id,
      action: "a",
      status: "scheduled",
      timestamp: now,
      resourceId: "!r:test",
      params: { x: [1, 2] },
      result: null,
      error: null,
      actor: "@alice:test",
    });
    expect(await getTask(ctx, "nosuchtaskatall0")).toBeNull();
  });

  test("updateTask refreshes the timestamp, refuses finishing statuses and finished tasks", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@alice:test");
    const id = await scheduleTask(ctx, { action: "a" });
    await app.clock.advance(5000);
    expect(await updateTask(ctx, id, { result: { step: 1 } })).toBe(true);
    expect(await getTask(ctx, id)).toMatchObject({ timestamp: app.clock.now(), result: { step: 1 }, status: "scheduled" });
    expect(await updateTask(ctx, id, { status: "active", timestamp: 42, error: "partial" })).toBe(true);
    expect(await getTask(ctx, id)).toMatchObject({ timestamp: 42, status: "active", error: "partial" });
    await expect(updateTask(ctx, id, { status: "complete" as "active" })).rejects.toThrow(/cannot set status complete/);
    expect(await updateTask(ctx, "unknownunknownxx", { result: 1 })).toBe(false);
    expect(await cancelTask(ctx, id)).toBe(true);
    expect(await updateTask(ctx, id, { result: { step: 2 } })).toBe(false);
    expect(await getTask(ctx, id)).toMatchObject({ status: "cancelled", result: { step: 1 } });
  });

  test("getTasks: filters are ANDed, empty resource id is ignored, ordered by timestamp", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@alice:test");
    const t0 = app.clock.now();
    const a1 = await scheduleTask(ctx, { action: "a", resourceId: "!one:test", timestamp: t0 + 3000 });
    const a2 = await scheduleTask(ctx, { action: "a", resourceId: "!two:test", timestamp: t0 + 1000 });
    const b1 = await scheduleTask(ctx, { action: "b", resourceId: "!one:test", timestamp: t0 + 2000 });
    await cancelTask(ctx, b1);
    const ids = async (input: Parameters<typeof getTasks>[1]) => (await getTasks(ctx, input)).map((t) => t.id);
    expect(await ids({})).toEqual([b1, a2, a1]);
    expect(await ids({ actions: ["a"] })).toEqual([a2, a1]);
    expect(await ids({ resourceId: "!one:test" })).toEqual([b1, a1]);
    expect(await ids({ resourceId: "" })).toEqual([b1, a2, a1]);
    expect(await ids({ statuses: ["scheduled"], actions: ["a", "b"] })).toEqual([a2, a1]);
    expect(await ids({ maxTimestamp: t0 + 1000 })).toEqual([b1, a2]);
    expect(await ids({ minTimestamp: t0 + 1000, order: "desc", limit: 1 })).toEqual([a1]);
    expect(await ids({ statuses: ["failed"] })).toEqual([]);
  });

  test("deleteTask refuses active tasks; cancel ignores finished ones", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@alice:test");
    const id = await scheduleTask(ctx, { action: "a" });
    await updateTask(ctx, id, { status: "active" });
    await expect(deleteTask(ctx, id)).rejects.toThrow(/active/);
    expect(await cancelTask(ctx, id)).toBe(true);
    expect(await cancelTask(ctx, id)).toBe(false);
    expect(await deleteTask(ctx, id)).toBe(true);
    expect(await deleteTask(ctx, id)).toBe(false);
    expect(await cancelTask(ctx, id)).toBe(false);
  });

  test("cleanup removes complete, failed and cancelled tasks after keep_for, never live ones", async () => {
    const app = await createTestApp({ tasks: { keep_for: "1d" } });
    const ctx = app.ctx("@alice:test");
    const s = createTaskScheduler(app);
    s.register("ok", async () => ({ status: "complete" }));
    s.register("ko", async () => ({ status: "failed", error: "no" }));
    await s.start();
    const done = await scheduleTask(ctx, { action: "ok" });
    const failed = await scheduleTask(ctx, { action: "ko" });
    const cancelled = await scheduleTask(ctx, { action: "none", timestamp: app.clock.now() + 1000 });
    await cancelTask(ctx, cancelled);
    const waiting = await scheduleTask(ctx, { action: "none" });
    await s.settle();
    // The scheduler cleans up on its own passes too; stop it so only these calls count.
    await s.stop();
    await app.clock.advance(86_400_000 - 1);
    expect(await cleanupTasks(ctx)).toBe(0);
    await app.clock.advance(1);
    expect(await cleanupTasks(ctx)).toBe(3);
    for (const id of [done, failed, cancelled]) expect(await getTask(ctx, id)).toBeNull();
    expect(await getTask(ctx, waiting)).toMatchObject({ status: "scheduled" });
  });

  test("a task can stage its next step later: updateTask(scheduled, future) then return scheduled", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@alice:test");
    const s = createTaskScheduler(app);
    const seen: number[] = [];
    s.register("later", async (c, task) => {
      seen.push(c.clock.now());
      if (task.result) return { status: "complete" };
      await updateTask(c, task.id, { status: "scheduled", timestamp: c.clock.now() + 120_000, result: { first: true } });
      return { status: "scheduled" };
    });
    await s.start();
    const id = await scheduleTask(ctx, { action: "later" });
    // The scheduler hears of the task by NOTIFY, which can arrive after a first settle() under load;
    // then the run itself is awaited (settle() covers the scheduler's own work, not running tasks).
    await until(() => seen.length === 1);
    await s.idle();
    await s.settle();
    const start = seen[0] ?? 0;
    expect(await getTask(ctx, id)).toMatchObject({ status: "scheduled", timestamp: start + 120_000 });
    await app.clock.advance(60_000);
    await s.settle();
    expect(seen).toHaveLength(1);
    await app.clock.advance(60_000);
    await until(() => seen.length === 2);
    await s.idle();
    await s.settle();
    expect(await getTask(ctx, id)).toMatchObject({ status: "complete" });
    expect(seen).toHaveLength(2);
  });

  test("a task's outcome finishes the audit entries that requested it", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@admin:test");
    const s = createTaskScheduler(app);
    s.register("good", async () => ({ status: "complete", result: { deleted: 3 } }));
    s.register("bad", async () => {
      throw new Error("boom");
    });
    const good = await scheduleTask(ctx, { action: "good" });
    const bad = await scheduleTask(ctx, { action: "bad" });
    await recordAudit(ctx, { action: "purge_history", roomId: "!r:test", params: { a: 1 }, status: "requested", taskId: good });
    await recordAudit(ctx, { action: "purge_room", roomId: "!r:test", status: "requested", taskId: bad });
    await app.clock.advance(2000);
    await s.start();
    await s.settle();
    const { entries } = await listAudit(ctx, {});
    expect(entries.map((e) => [e.action, e.status, e.result, e.finishedTs])).toEqual([
      ["purge_room", "failed", { error: "boom", result: null }, app.clock.now()],
      ["purge_history", "ok", { deleted: 3 }, app.clock.now()],
    ]);
  });
});
