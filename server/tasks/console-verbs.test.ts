import { describe, expect, test } from "vitest";
import { listAudit } from "../audit";
import { createTestApp } from "../testing/test-app";
import { cancelTask, scheduleTask, updateTask } from ".";
import { cancelTaskAndRecord } from "./cancel-and-record";
import { finishedTasksOf } from "./finished-tasks-of";

describe("finishedTasksOf (toasts)", () => {
  test("only the actor's tasks that finished since the time, oldest first", async () => {
    const app = await createTestApp();
    const alice = app.ctx("@alice:test");
    const bob = app.ctx("@bob:test");
    const before = await scheduleTask(alice, { action: "a" });
    await cancelTask(alice, before);
    await app.clock.advance(1000);
    const since = app.clock.now();
    const mine = await scheduleTask(alice, { action: "a" });
    const theirs = await scheduleTask(bob, { action: "a" });
    const live = await scheduleTask(alice, { action: "a" });
    await updateTask(alice, live, { status: "active" });
    await app.clock.advance(1000);
    await cancelTask(alice, mine);
    await cancelTask(bob, theirs);
    expect((await finishedTasksOf(alice, { actor: "@alice:test", since })).map((t) => t.id)).toEqual([mine]);
    expect((await finishedTasksOf(alice, { actor: "@alice:test", since: 0 })).map((t) => t.id)).toEqual([before, mine]);
    expect(await finishedTasksOf(alice, { actor: "@carol:test", since: 0 })).toEqual([]);
  });
});

describe("cancelTaskAndRecord", () => {
  test("cancels a scheduled task and records who did it", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@admin:test");
    const id = await scheduleTask(app.ctx("system:test"), { action: "purge_history", resourceId: "!room:test", timestamp: app.clock.now() + 86_400_000 });
    expect(await cancelTaskAndRecord(ctx, id)).toMatchObject({ id, status: "cancelled" });
    const { entries } = await listAudit(ctx, { action: "cancel_task" });
    expect(entries).toMatchObject([{ actor: "@admin:test", roomId: "!room:test", target: id, status: "ok", params: { action: "purge_history" }, result: { cancelled: true, previous_status: "scheduled" } }]);
  });

  test("refuses unknown and finished tasks without an audit entry", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@admin:test");
    await expect(cancelTaskAndRecord(ctx, "nosuchtaskatall0")).rejects.toMatchObject({ errcode: "M_NOT_FOUND" });
    const id = await scheduleTask(ctx, { action: "a" });
    await cancelTask(ctx, id);
    await expect(cancelTaskAndRecord(ctx, id)).rejects.toMatchObject({ errcode: "M_BAD_STATE" });
    expect((await listAudit(ctx, {})).entries).toEqual([]);
  });
});
