import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerPurgeActions } from "@/server/purge";
import { getRoom } from "@/server/rooms";
import { onRoomForgotten, SHUTDOWN_ACTION, shutdownAndPurgeRoomTask, toShutdownParams, parseDeleteRoomBody } from "@/server/shutdown";
import { membershipsOf, roomRowsLeft } from "@/server/shutdown/testing/seed";
import { createTaskScheduler, getTasks, scheduleTask } from "@/server/tasks";
import { createTestApi } from "../testing";

// Acceptance cases §9 items 48–50: deletes that run later. Time is the fake clock; each step lets
// time pass and then runs one scheduler pass (tick), as the poll loop does every 60 s.
const api = await createTestApi({ forgotten_room_retention_period: "1d" });
const ctx = api.app.ctx("system:test");
const clock = api.app.clock;
const scheduler = createTaskScheduler(api.app, { listen: false });
scheduler.register(SHUTDOWN_ACTION, shutdownAndPurgeRoomTask);
registerPurgeActions(scheduler);

let admin: { userId: string; token: string };
let member: { userId: string; token: string };

beforeAll(async () => {
  admin = await api.user("admin", { admin: true });
  member = await api.user("member");
});
afterAll(() => scheduler.stop());

const V3 = "/_matrix/client/v3";
const enc = encodeURIComponent;

/** Lets time pass, then runs one scheduler pass and waits for what it started. */
async function advance(ms: number): Promise<void> {
  await clock.advance(ms);
  await scheduler.tick();
  await scheduler.settle();
  await scheduler.idle();
  await scheduler.settle();
}

async function roomExists(roomId: string): Promise<boolean> {
  return (await getRoom(ctx, roomId)) !== null;
}

async function createRoom(token: string): Promise<string> {
  const res = await api.post(`${V3}/createRoom`, { preset: "public_chat" }, { token });
  expect(res.status).toBe(200);
  return String(res.body.room_id);
}

async function purgeTasks(roomId: string) {
  return getTasks(ctx, { actions: ["purge_room"], resourceId: roomId });
}

describe("forgotten-room purge (forgotten_room_retention_period: 1d)", () => {
  it("48: a room its only local member left and forgot is not purged at once, and is purged after 24 h", async () => {
    const roomId = await createRoom(admin.token);
    expect((await api.post(`${V3}/rooms/${enc(roomId)}/leave`, {}, { token: admin.token })).status).toBe(200);
    expect((await api.post(`${V3}/rooms/${enc(roomId)}/forget`, {}, { token: admin.token })).status).toBe(200);
    // /forget itself scheduled the purge.
    const tasks = await purgeTasks(roomId);
    expect(tasks.map((task) => [task.status, task.timestamp - clock.now()])).toEqual([["scheduled", 86_400_000]]);
    await advance(60_000);
    expect(await roomExists(roomId)).toBe(true);
    await advance(86_400_000 - 120_000);
    expect(await roomExists(roomId)).toBe(true);
    await advance(120_000);
    expect(await roomExists(roomId)).toBe(false);
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
    expect((await purgeTasks(roomId)).map((task) => task.status)).toEqual(["complete"]);
  });

  it("48: nothing is scheduled while another local member has not forgotten; a rejoin before the purge makes it fail", async () => {
    const roomId = await createRoom(admin.token);
    expect((await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: member.token })).status).toBe(200);
    await api.post(`${V3}/rooms/${enc(roomId)}/leave`, {}, { token: admin.token });
    await api.post(`${V3}/rooms/${enc(roomId)}/forget`, {}, { token: admin.token });
    expect(await purgeTasks(roomId)).toEqual([]);
    await api.post(`${V3}/rooms/${enc(roomId)}/leave`, {}, { token: member.token });
    await api.post(`${V3}/rooms/${enc(roomId)}/forget`, {}, { token: member.token });
    const id = (await purgeTasks(roomId))[0]?.id ?? null;
    expect(id).not.toBeNull();
    // A second forget-triggered call does not queue a second purge.
    expect(await onRoomForgotten(ctx, roomId)).toBeNull();
    expect((await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: member.token })).status).toBe(200);
    await advance(86_400_000 + 60_000);
    const status = await api.get(`/_synapse/admin/v2/rooms/delete_status/${id ?? ""}`, { token: admin.token });
    expect(status.body).toMatchObject({ status: "failed", shutdown_room: null, error: "400: Users are still joined to this room" });
    expect(await roomExists(roomId)).toBe(true);
  });

  it("a forgotten-room purge dated a day ahead does not block an admin's delete now", async () => {
    const roomId = await createRoom(admin.token);
    await api.post(`${V3}/rooms/${enc(roomId)}/leave`, {}, { token: admin.token });
    await api.post(`${V3}/rooms/${enc(roomId)}/forget`, {}, { token: admin.token });
    expect(await purgeTasks(roomId)).toHaveLength(1);
    const res = await api.del(`/_synapse/admin/v2/rooms/${enc(roomId)}`, {}, { token: admin.token });
    expect(res.status).toBe(200);
    await advance(0);
    expect(await roomExists(roomId)).toBe(false);
    // The later purge then finds nothing left and completes.
    await advance(86_400_000);
    expect((await purgeTasks(roomId)).map((task) => task.status)).toEqual(["complete"]);
  });

  it("48: the shutdown's own forgets never schedule a purge", async () => {
    const roomId = await createRoom(member.token);
    const res = await api.del(`/_synapse/admin/v1/rooms/${enc(roomId)}`, { purge: false }, { token: admin.token });
    expect(res.body.kicked_users).toEqual([member.userId]);
    expect(await purgeTasks(roomId)).toEqual([]);
  });
});

describe("tasks scheduled ahead run on the next scheduler pass", () => {
  it("49: a purge_room task 10 s ahead → not purged before the next pass (≤ 60 s), then purged", async () => {
    const roomId = await createRoom(admin.token);
    await api.post(`${V3}/rooms/${enc(roomId)}/leave`, {}, { token: admin.token });
    await advance(1_000);
    await scheduleTask(ctx, { action: "purge_room", resourceId: roomId, timestamp: clock.now() + 10_000 });
    await advance(0);
    expect(await roomExists(roomId)).toBe(true);
    await advance(9_000);
    expect(await roomExists(roomId)).toBe(true);
    // The next pass, 60 s after the first one.
    await advance(51_000);
    expect(await roomExists(roomId)).toBe(false);
  });

  it("50: a shutdown_and_purge_room task 10 s ahead with new_room_user_id and force_purge", async () => {
    const roomId = await createRoom(admin.token);
    expect((await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: member.token })).status).toBe(200);
    const params = toShutdownParams(parseDeleteRoomBody({ new_room_user_id: admin.userId, force_purge: true }), admin.userId);
    const id = await scheduleTask(api.app.ctx(admin.userId), { action: SHUTDOWN_ACTION, resourceId: roomId, params: { ...params }, timestamp: clock.now() + 10_000 });
    await advance(0);
    expect((await membershipsOf(ctx, roomId)).get(member.userId)).toBe("join");
    await advance(60_000);
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
    const status = await api.get(`/_synapse/admin/v2/rooms/delete_status/${id}`, { token: admin.token });
    const shutdown = status.body.shutdown_room as { kicked_users: string[]; new_room_id: string };
    expect(status.body.status).toBe("complete");
    expect(shutdown.kicked_users).toContain(member.userId);
    const members = await api.get(`${V3}/rooms/${enc(shutdown.new_room_id)}/joined_members`, { token: member.token });
    expect(Object.keys(members.body.joined as Record<string, unknown>)).toContain(member.userId);
  });
});
