import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit";
import { registerPurgeActions } from "@/server/purge";
import { SHUTDOWN_ACTION, shutdownAndPurgeRoomTask } from "@/server/shutdown";
import { membershipsOf, roomRowsLeft, seedRoom } from "@/server/shutdown/testing/seed";
import { cancelTask, createTaskScheduler, getTasks, scheduleTask, type TaskFunction } from "@/server/tasks";
import { createTestApi } from "../testing";

// Acceptance cases §9 items 42–47: DELETE /_synapse/admin/v2/rooms/{roomId} and the status endpoints.
const api = await createTestApi();
const ctx = api.app.ctx("system:test");
const scheduler = createTaskScheduler(api.app, { listen: false });

// The real task function behind a gate, so a test can hold a delete in the "active" state.
let gate: Promise<void> = Promise.resolve();
const gated: TaskFunction = async (c, task, signal) => {
  await gate;
  return shutdownAndPurgeRoomTask(c, task, signal);
};
scheduler.register(SHUTDOWN_ACTION, gated);
registerPurgeActions(scheduler);

let admin: { userId: string; token: string };
let member: { userId: string; token: string };

beforeAll(async () => {
  admin = await api.user("admin", { admin: true });
  member = await api.user("member");
});

const room = (roomId: string) => encodeURIComponent(roomId);
const del = (roomId: string, body: unknown, token = admin.token) => api.del(`/_synapse/admin/v2/rooms/${room(roomId)}`, body, { token });
const byRoom = (roomId: string, token = admin.token) => api.get(`/_synapse/admin/v2/rooms/${room(roomId)}/delete_status`, { token });
const byId = (id: string, token = admin.token) => api.get(`/_synapse/admin/v2/rooms/delete_status/${encodeURIComponent(id)}`, { token });

async function runTasks(): Promise<void> {
  await scheduler.tick();
  await scheduler.idle();
  await scheduler.settle();
}

describe("v2 delete: negative cases", () => {
  it("42: non-admin on DELETE, status by room and status by id → 403 M_FORBIDDEN; no token → 401", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    for (const res of [await del(roomId, {}, member.token), await byRoom(roomId, member.token), await byId("abc", member.token)]) {
      expect([res.status, res.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
    }
    const anonymous = await api.get(`/_synapse/admin/v2/rooms/${room(roomId)}/delete_status`);
    expect([anonymous.status, anonymous.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
    expect(await scheduler.running()).toEqual([]);
    expect((await byRoom(roomId)).status).toBe(404);
  });

  it("44: invalidroom on DELETE and on status by room → 400 'invalidroom is not a legal room ID'", async () => {
    for (const res of [await del("invalidroom", {}), await byRoom("invalidroom")]) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errcode: "M_UNKNOWN", error: "invalidroom is not a legal room ID" });
    }
  });

  it("malformed bodies and parameters are refused before anything is scheduled, in Synapse's order", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    expect((await api.call("DELETE", `/_synapse/admin/v2/rooms/${room(roomId)}`, { token: admin.token })).body.errcode).toBe("M_NOT_JSON");
    expect((await del(roomId, "[]")).body.errcode).toBe("M_BAD_JSON");
    expect((await del(roomId, { purge: "NotBool" })).body).toEqual({ errcode: "M_BAD_JSON", error: "Param 'purge' must be a boolean, if given" });
    // Body types are checked before the room id.
    expect((await del("invalidroom", { block: 1 })).body.errcode).toBe("M_BAD_JSON");
    const remote = await del(roomId, { new_room_user_id: "@not:exist.bla" });
    expect([remote.status, remote.body.error]).toEqual([400, "User must be our own: @not:exist.bla"]);
    const tasks = await getTasks(ctx, { resourceId: roomId });
    expect(tasks).toEqual([]);
  });

  it("unknown ids: status of a room without deletes → 404, of an unknown delete id → 404", async () => {
    const none = await byRoom("!nothing:test");
    expect(none.body).toEqual({ errcode: "M_NOT_FOUND", error: "No delete task for room_id '!nothing:test' found" });
    const missing = await byId("nosuchid");
    expect([missing.status, missing.body.errcode, missing.body.error]).toEqual([404, "M_NOT_FOUND", "delete id 'nosuchid' not found"]);
    // A task of another action is not a delete.
    const other = await scheduleTask(ctx, { action: "purge_history", resourceId: "!x:test", params: {} });
    expect((await byId(other)).status).toBe(404);
  });
});

describe("v2 delete: behaviour", () => {
  it("43: an unknown room → 200 {delete_id}; status by room lists one complete result with that id", async () => {
    const res = await del("!unknown:test", {});
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(["delete_id"]);
    await runTasks();
    const status = await byRoom("!unknown:test");
    expect(status.status).toBe(200);
    const results = status.body.results as Array<Record<string, unknown>>;
    expect(results).toHaveLength(1);
    expect(results[0]?.delete_id).toBe(res.body.delete_id);
    expect(results[0]?.status).toBe("complete");
  });

  it("45: a second DELETE while the first is scheduled or running → 400 'Purge already in progress'; the first completes", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    const first = await del(roomId, {});
    // Scheduled but not started (Synapse would accept this one; Scrollback does not).
    const whileScheduled = await del(roomId, { new_room_user_id: "@not:exist.bla" });
    expect(whileScheduled.body).toEqual({ errcode: "M_UNKNOWN", error: `Purge already in progress for ${roomId}` });
    let open = () => {};
    gate = new Promise<void>((resolve) => (open = resolve));
    await scheduler.tick();
    expect(scheduler.running()).toEqual([first.body.delete_id]);
    const whileActive = await del(roomId, {});
    expect([whileActive.status, whileActive.body.errcode, whileActive.body.error]).toEqual([400, "M_UNKNOWN", `Purge already in progress for ${roomId}`]);
    open();
    gate = Promise.resolve();
    await scheduler.idle();
    await scheduler.settle();
    expect(((await byId(String(first.body.delete_id))).body.status)).toBe("complete");
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
    // Once finished, a new delete is accepted again.
    expect((await del(roomId, {})).status).toBe(200);
    await runTasks();
  });

  it("47: both status endpoints: complete, the member kicked, the four keys, new_room_id null, no error key", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    const { body } = await del(roomId, {});
    await runTasks();
    const one = (await byId(String(body.delete_id))).body;
    const fromRoom = ((await byRoom(roomId)).body.results as Array<Record<string, unknown>>)[0];
    for (const status of [one, fromRoom]) {
      expect(status).toEqual({
        delete_id: body.delete_id,
        room_id: roomId,
        status: "complete",
        shutdown_room: { kicked_users: [member.userId], failed_to_kick_users: [], local_aliases: [], new_room_id: null },
      });
      expect(status && "error" in status).toBe(false);
    }
  });

  it("47 with a notice room: new_room_id set, the member moved, aliases moved", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, aliases: ["#v2alias:test"] });
    const { body } = await del(roomId, { new_room_user_id: admin.userId, block: true });
    await runTasks();
    const status = (await byId(String(body.delete_id))).body;
    const shutdown = status.shutdown_room as Record<string, unknown>;
    expect(shutdown.kicked_users).toEqual([member.userId]);
    expect(shutdown.local_aliases).toEqual(["#v2alias:test"]);
    expect((await membershipsOf(ctx, String(shutdown.new_room_id))).get(member.userId)).toBe("join");
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
  });

  it("a failed delete task reports its error in both status endpoints (Scrollback addition)", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    // A plain purge_room task (as a forgotten-room purge) while a local user is joined fails.
    const id = await scheduleTask(ctx, { action: "purge_room", resourceId: roomId, params: {} });
    await runTasks();
    const expected = { delete_id: id, room_id: roomId, status: "failed", shutdown_room: null, error: "400: Users are still joined to this room" };
    expect((await byId(id)).body).toEqual(expected);
    expect((await byRoom(roomId)).body).toEqual({ results: [expected] });
  });

  it("a delete cancelled while running stops at its next progress record: nobody is removed", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    const { body } = await del(roomId, { new_room_user_id: admin.userId });
    let open = () => {};
    gate = new Promise<void>((resolve) => (open = resolve));
    await scheduler.tick();
    expect(await cancelTask(ctx, String(body.delete_id))).toBe(true);
    open();
    gate = Promise.resolve();
    await scheduler.idle();
    await scheduler.settle();
    expect((await byId(String(body.delete_id))).body).toMatchObject({ status: "cancelled", shutdown_room: null });
    expect((await membershipsOf(ctx, roomId)).get(member.userId)).toBe("join");
    // Cancelled deletes are not listed by room (Synapse lists active, complete and failed only).
    expect((await byRoom(roomId)).status).toBe(404);
  });

  it("46: statuses are kept 7 days after finishing, across 3.5-day steps", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    const first = await del(roomId, { purge: false });
    await runTasks();
    await api.app.clock.advance(3.5 * 86_400_000);
    const second = await del(roomId, { purge: true });
    await runTasks();
    const ids = (r: Awaited<ReturnType<typeof byRoom>>) => (r.body.results as Array<{ delete_id: string; status: string }>).map((x) => [x.delete_id, x.status]);
    expect(ids(await byRoom(roomId))).toEqual([
      [first.body.delete_id, "complete"],
      [second.body.delete_id, "complete"],
    ]);
    await api.app.clock.advance(3.5 * 86_400_000);
    await scheduler.cleanup();
    expect(ids(await byRoom(roomId))).toEqual([[second.body.delete_id, "complete"]]);
    await api.app.clock.advance(3.5 * 86_400_000);
    await scheduler.cleanup();
    const gone = await byRoom(roomId);
    expect([gone.status, gone.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
  });

  it("every v2 request and its outcome is in the audit log (refusals too)", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    const { body } = await del(roomId, { purge: false });
    await del(roomId, { purge: false });
    await runTasks();
    // Oldest first (listAudit pages newest first).
    const rows = (await listAudit(ctx, { roomId })).entries.reverse();
    expect(rows.map((r) => [r.action, r.status, r.taskId])).toEqual([
      ["room.delete.request", "ok", body.delete_id],
      ["room.delete.request", "failed", null],
    ]);
    expect(rows[0]?.actor).toBe(admin.userId);
    expect(rows[1]?.result).toEqual({ errcode: "M_UNKNOWN", error: `Purge already in progress for ${roomId}` });
  });
});
