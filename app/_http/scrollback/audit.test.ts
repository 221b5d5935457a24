import { beforeAll, describe, expect, test } from "vitest";
import { recordAudit } from "@/server/audit";
import { withActor } from "@/server/context";
import { createTestApi, type TestApi } from "../testing";

describe("GET /_scrollback/v1/audit", () => {
  let api: TestApi;
  let admin: { token: string; userId: string };
  let operator: { token: string };
  const path = "/_scrollback/v1/audit";

  beforeAll(async () => {
    api = await createTestApi();
    admin = await api.user("admin", { admin: true });
    operator = await api.user("op", { consoleRole: "operator" });
    const ctx = api.app.ctx(admin.userId);
    await recordAudit(ctx, { action: "purge_history", roomId: "!a:test", params: { purge_up_to_ts: 5 }, status: "requested", taskId: "TASKTASKTASKTASK" });
    await api.app.clock.advance(1000);
    await recordAudit(withActor(ctx, "system:retention"), { action: "retention_purge", roomId: "!b:test", status: "ok", result: { deleted: 2 } });
    await api.app.clock.advance(1000);
    await recordAudit(ctx, { action: "delete_room", roomId: "!b:test", target: "!b:test", params: { purge: true }, status: "failed", result: { errcode: "M_UNKNOWN" } });
  });

  test("admins only: 401 without a token, 403 for operators", async () => {
    expect(await api.get(path)).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(path, { token: operator.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
  });

  test("newest first with actor, action, target, params, result and times", async () => {
    const res = await api.get(path, { token: admin.token });
    expect(res.status).toBe(200);
    const now = api.app.clock.now();
    expect(res.body.entries).toEqual([
      expect.objectContaining({ actor: admin.userId, action: "delete_room", room_id: "!b:test", target: "!b:test", params: { purge: true }, status: "failed", result: { errcode: "M_UNKNOWN" }, ts: now, finished_ts: now }),
      expect.objectContaining({ actor: "system:retention", action: "retention_purge", status: "ok", result: { deleted: 2 }, ts: now - 1000 }),
      expect.objectContaining({ actor: admin.userId, action: "purge_history", params: { purge_up_to_ts: 5 }, status: "requested", task_id: "TASKTASKTASKTASK", finished_ts: null, ts: now - 2000 }),
    ]);
    expect(res.body.next_from).toBeUndefined();
  });

  test("filters: actor, room_id, action; pages with from/limit", async () => {
    const actions = async (query: Record<string, string>) => {
      const res = await api.get(path, { token: admin.token, query });
      expect(res.status).toBe(200);
      return { actions: (res.body.entries as Array<{ action: string }>).map((e) => e.action), next: res.body.next_from as string | undefined };
    };
    expect((await actions({ actor: "system:retention" })).actions).toEqual(["retention_purge"]);
    expect((await actions({ room_id: "!b:test" })).actions).toEqual(["delete_room", "retention_purge"]);
    expect((await actions({ action: "purge_history" })).actions).toEqual(["purge_history"]);
    const first = await actions({ limit: "2" });
    expect(first.actions).toEqual(["delete_room", "retention_purge"]);
    expect(first.next).toMatch(/^\d+$/);
    const second = await actions({ limit: "2", from: first.next ?? "" });
    expect(second).toEqual({ actions: ["purge_history"], next: undefined });
  });

  test("malformed paging → 400 M_INVALID_PARAM", async () => {
    for (const query of [{ limit: "0" }, { limit: "abc" }, { from: "x" }, { from: "-1" }]) {
      expect(await api.get(path, { token: admin.token, query })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    }
  });
});
