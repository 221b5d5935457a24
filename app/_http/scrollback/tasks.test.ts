import { beforeAll, describe, expect, test } from "vitest";
import { listAudit } from "@/server/audit";
import { createTaskScheduler, getTask, scheduleTask, type TaskScheduler } from "@/server/tasks";
import { sleepOrAbort } from "@/server/tasks/testing";
import { createTestApi, type TestApi } from "../testing";

describe("/_scrollback/v1/tasks", () => {
  let api: TestApi;
  let admin: { token: string; userId: string };
  let operator: { token: string };
  let moderator: { token: string };
  let user: { token: string };
  let s: TaskScheduler;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await createTestApi();
    admin = await api.user("admin", { admin: true });
    operator = await api.user("op", { consoleRole: "operator" });
    moderator = await api.user("mod", { consoleRole: "moderator" });
    user = await api.user("user");
    s = createTaskScheduler(api.app);
    s.register("long", async (ctx, _task, signal) => {
      while (await sleepOrAbort(ctx.clock, 1000, signal));
      return { status: "complete" };
    });
    s.register("quick", async () => ({ status: "complete", result: { ok: true } }));
    await s.start();
    const ctx = api.app.ctx(admin.userId);
    ids.running = await scheduleTask(ctx, { action: "long", resourceId: "!room:test", params: { p: 1 } });
    await s.settle();
    await api.app.clock.advance(1000);
    ids.done = await scheduleTask(ctx, { action: "quick" });
    await s.settle();
    await api.app.clock.advance(1000);
    ids.later = await scheduleTask(ctx, { action: "quick", timestamp: api.app.clock.now() + 3_600_000 });
  });

  test("auth: no token 401, plain user and moderator 403, operator and admin 200", async () => {
    expect(await api.get("/_scrollback/v1/tasks")).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get("/_scrollback/v1/tasks", { token: user.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get("/_scrollback/v1/tasks", { token: moderator.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect((await api.get("/_scrollback/v1/tasks", { token: operator.token })).status).toBe(200);
    expect((await api.get(`/_scrollback/v1/tasks/${ids.done}`, { token: user.token })).status).toBe(403);
  });

  test("list: newest first, with params and actor; filters and limit", async () => {
    const list = async (query: Record<string, string>) => {
      const res = await api.get("/_scrollback/v1/tasks", { token: operator.token, query });
      expect(res.status).toBe(200);
      return (res.body.tasks as Array<{ id: string }>).map((t) => t.id);
    };
    const all = await api.get("/_scrollback/v1/tasks", { token: operator.token });
    expect(all.body.tasks).toEqual([
      expect.objectContaining({ id: ids.later, status: "scheduled", action: "quick" }),
      expect.objectContaining({ id: ids.done, status: "complete", result: { ok: true } }),
      expect.objectContaining({ id: ids.running, status: "active", resource_id: "!room:test", params: { p: 1 }, actor: admin.userId }),
    ]);
    expect(await list({ action: "long" })).toEqual([ids.running]);
    expect(await list({ status: "complete,scheduled" })).toEqual([ids.later, ids.done]);
    expect(await list({ resource_id: "!room:test" })).toEqual([ids.running]);
    const t0 = api.app.clock.now() - 2000;
    expect(await list({ since: String(t0 + 1000), until: String(t0 + 1000) })).toEqual([ids.done]);
    expect(await list({ limit: "1" })).toEqual([ids.later]);
  });

  test("list: malformed filters → 400 M_INVALID_PARAM", async () => {
    for (const query of [{ status: "bogus" }, { since: "yesterday" }, { until: "-5" }, { limit: "0" }, { limit: "1001" }, { limit: "x" }]) {
      expect(await api.get("/_scrollback/v1/tasks", { token: admin.token, query })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    }
  });

  test("get one: 200 with the task, 404 M_NOT_FOUND for an unknown id", async () => {
    const res = await api.get(`/_scrollback/v1/tasks/${ids.done}`, { token: operator.token });
    expect(res).toMatchObject({ status: 200, body: { id: ids.done, action: "quick", status: "complete", error: null } });
    expect(await api.get("/_scrollback/v1/tasks/nosuchtask", { token: admin.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
  });

  test("cancel: admins only; unknown 404; finished 400 M_BAD_STATE; scheduled and active tasks stop; audited", async () => {
    const cancel = (id: string, token: string) => api.post(`/_scrollback/v1/tasks/${id}/cancel`, undefined, { token });
    expect(await cancel(ids.later ?? "", operator.token)).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.post(`/_scrollback/v1/tasks/${ids.later}/cancel`)).toMatchObject({ status: 401 });
    expect(await cancel("nosuchtask", admin.token)).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await cancel(ids.done ?? "", admin.token)).toMatchObject({ status: 400, body: { errcode: "M_BAD_STATE" } });
    expect(await cancel(ids.later ?? "", admin.token)).toMatchObject({ status: 200, body: { id: ids.later, status: "cancelled" } });
    expect(s.running()).toEqual([ids.running]);
    expect(await cancel(ids.running ?? "", admin.token)).toMatchObject({ status: 200, body: { id: ids.running, status: "cancelled" } });
    await s.idle();
    expect(s.running()).toEqual([]);
    // Cancelling again answers the (cancelled) task.
    expect(await cancel(ids.running ?? "", admin.token)).toMatchObject({ status: 200, body: { status: "cancelled" } });
    await api.app.clock.advance(5000);
    await s.settle();
    expect(await getTask(api.app.ctx("x"), ids.running ?? "")).toMatchObject({ status: "cancelled" });
    const { entries } = await listAudit(api.app.ctx("x"), { action: "cancel_task" });
    expect(entries.map((e) => [e.actor, e.target, e.roomId, e.status, e.result])).toEqual([
      [admin.userId, ids.running, "!room:test", "ok", { cancelled: false, previous_status: "cancelled" }],
      [admin.userId, ids.running, "!room:test", "ok", { cancelled: true, previous_status: "active" }],
      [admin.userId, ids.later, null, "ok", { cancelled: true, previous_status: "scheduled" }],
    ]);
  });
});
