import { beforeAll, describe, expect, test } from "vitest";
import { createTaskScheduler, scheduleTask, updateTask } from "@/server/tasks";
import { createTestApi, type TestApi } from "../testing";

// §9 item 57 (tests/rest/admin/test_scheduled_tasks.py) and §6.6.
describe("GET /_synapse/admin/v1/scheduled_tasks", () => {
  let api: TestApi;
  let admin: { token: string };
  let user: { token: string };
  const path = "/_synapse/admin/v1/scheduled_tasks";

  beforeAll(async () => {
    api = await createTestApi();
    admin = await api.user("admin", { admin: true });
    user = await api.user("user");
    const s = createTaskScheduler(api.app);
    s.register("test_task", async (ctx, task) => {
      if (task.resourceId === "failed_task") return { status: "failed", error: "Everything failed" };
      if (task.resourceId === "active_task") return new Promise(() => {});
      return { status: "complete", result: { result: "This task finished!" } };
    });
    await s.start();
    const ctx = api.app.ctx("@admin:test");
    await scheduleTask(ctx, { action: "test_task", resourceId: "active_task" });
    await scheduleTask(ctx, { action: "test_task", resourceId: "complete_task" });
    const failed = await scheduleTask(ctx, { action: "test_task", resourceId: "failed_task" });
    await s.settle();
    await updateTask(ctx, failed, { result: 1 }); // no effect: already finished
  });

  test("non-admin → 403, no token → 401", async () => {
    expect(await api.get(path, { token: user.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(path)).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(path, { token: "nonsense" })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
  });

  test("lists all three with Synapse's fields", async () => {
    const res = await api.get(path, { token: admin.token });
    expect(res.status).toBe(200);
    const tasks = res.body.scheduled_tasks as Array<Record<string, unknown>>;
    expect(tasks).toHaveLength(3);
    const byResource = Object.fromEntries(tasks.map((t) => [t.resource_id, t]));
    expect(byResource.active_task).toMatchObject({ action: "test_task", status: "active", result: null, error: null });
    expect(byResource.complete_task).toMatchObject({ status: "complete", result: { result: "This task finished!" }, error: null });
    expect(byResource.failed_task).toMatchObject({ status: "failed", error: "Everything failed" });
    for (const t of tasks) {
      expect(Object.keys(t).sort()).toEqual(["action", "error", "id", "resource_id", "result", "status", "timestamp_ms"]);
      expect(t.timestamp_ms).toBe(api.app.clock.now());
    }
  });

  test("filters: status (and job_status), action_name, max_timestamp, resource_id", async () => {
    const count = async (query: Record<string, string>) => {
      const res = await api.get(path, { token: admin.token, query });
      expect(res.status).toBe(200);
      return (res.body.scheduled_tasks as unknown[]).length;
    };
    expect(await count({ status: "active" })).toBe(1);
    expect(await count({ job_status: "failed" })).toBe(1);
    expect(await count({ action_name: "test_task" })).toBe(3);
    expect(await count({ action_name: "other" })).toBe(0);
    expect(await count({ max_timestamp: "0" })).toBe(0);
    expect(await count({ max_timestamp: String(api.app.clock.now()) })).toBe(3);
    expect(await count({ resource_id: "failed_task" })).toBe(1);
    expect(await count({ resource_id: "failed_task", status: "complete" })).toBe(0);
  });

  test("malformed filters → 400 M_INVALID_PARAM, never a 500", async () => {
    for (const query of [{ status: "running" }, { job_status: "COMPLETE" }, { max_timestamp: "soon" }, { max_timestamp: "-1" }, { max_timestamp: "1e3" }]) {
      const res = await api.get(path, { token: admin.token, query });
      expect(res).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    }
  });
});
