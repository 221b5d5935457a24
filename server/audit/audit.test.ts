import { describe, expect, test } from "vitest";
import { createTestApp } from "../testing/test-app";
import { finishAudit, finishAuditForTask, listAudit, recordAudit } from ".";

describe("audit log", () => {
  test("records the actor and times; finishAudit completes an entry once it is done", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@admin:test");
    const start = app.clock.now();
    const id = await recordAudit(ctx, { action: "delete_room", roomId: "!r:test", params: { block: true }, status: "requested" });
    await app.clock.advance(2500);
    expect(await finishAudit(ctx, id, { status: "ok", result: { kicked_users: [] } })).toBe(true);
    expect(await finishAudit(ctx, id + 1000, { status: "ok" })).toBe(false);
    const { entries } = await listAudit(ctx, {});
    expect(entries).toEqual([
      {
        id,
        ts: start,
        actor: "@admin:test",
        action: "delete_room",
        roomId: "!r:test",
        target: null,
        params: { block: true },
        result: { kicked_users: [] },
        status: "ok",
        taskId: null,
        finishedTs: start + 2500,
      },
    ]);
  });

  test("finishAuditForTask touches only the task's still-open entries", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@admin:test");
    await recordAudit(ctx, { action: "purge_history", status: "requested", taskId: "T1" });
    await recordAudit(ctx, { action: "cancel_task", status: "ok", taskId: "T1", result: { cancelled: true } });
    await recordAudit(ctx, { action: "purge_history", status: "requested", taskId: "T2" });
    expect(await finishAuditForTask(ctx, "T1", { status: "failed", result: { error: "x" } })).toBe(1);
    const { entries } = await listAudit(ctx, {});
    expect(entries.map((e) => [e.taskId, e.action, e.status])).toEqual([
      ["T2", "purge_history", "requested"],
      ["T1", "cancel_task", "ok"],
      ["T1", "purge_history", "failed"],
    ]);
  });

  test("listAudit clamps the limit and pages newest first", async () => {
    const app = await createTestApp();
    const ctx = app.ctx("@admin:test");
    for (let i = 0; i < 5; i++) await recordAudit(ctx, { action: `a${i}`, status: "ok" });
    const first = await listAudit(ctx, { limit: 2 });
    expect(first.entries.map((e) => e.action)).toEqual(["a4", "a3"]);
    const second = await listAudit(ctx, { limit: 2, from: first.next ?? undefined });
    expect(second.entries.map((e) => e.action)).toEqual(["a2", "a1"]);
    const last = await listAudit(ctx, { limit: 2, from: second.next ?? undefined });
    expect(last).toMatchObject({ next: null });
    expect(last.entries.map((e) => e.action)).toEqual(["a0"]);
    expect((await listAudit(ctx, { limit: 0 })).entries).toHaveLength(1);
  });
});
