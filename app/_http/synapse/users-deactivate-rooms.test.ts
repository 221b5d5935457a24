import { afterAll, describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit";
import { DEACTIVATE_USER_ACTION, PART_DEACTIVATED_USER_ACTION, partDeactivatedUserTask } from "@/server/auth";
import { createTaskScheduler, getTasks } from "@/server/tasks";
import { createTestApi } from "../testing";

// Deactivation parts the user from every room (Synapse's user parter), through the task scheduler.
const api = await createTestApi();
const ctx = api.app.ctx("system:test");
const scheduler = createTaskScheduler(api.app, { listen: false });
scheduler.register(PART_DEACTIVATED_USER_ACTION, partDeactivatedUserTask);
afterAll(() => scheduler.stop());

const admin = await api.user("root", { admin: true });
const owner = await api.user("owner");
const V3 = "/_matrix/client/v3";
const USERS = "/_synapse/admin/v2/users";
const enc = encodeURIComponent;
const deactivate = (userId: string) => `/_synapse/admin/v1/deactivate/${enc(userId)}`;

/** One scheduler pass and whatever it started, to the end. */
async function runTasks(): Promise<void> {
  await scheduler.tick();
  await scheduler.settle();
  await scheduler.idle();
  await scheduler.settle();
}

async function room(preset: "public_chat" | "private_chat"): Promise<string> {
  const res = await api.post(`${V3}/createRoom`, { preset }, { token: owner.token });
  expect(res.status).toBe(200);
  return String(res.body.room_id);
}

/** 3 joined rooms and 1 pending invite. */
async function memberOfFour(user: { userId: string; token: string }): Promise<{ joined: string[]; invited: string }> {
  const joined: string[] = [];
  for (let i = 0; i < 3; i++) {
    const roomId = await room("public_chat");
    expect((await api.post(`${V3}/rooms/${enc(roomId)}/join`, {}, { token: user.token })).status).toBe(200);
    joined.push(roomId);
  }
  const invited = await room("private_chat");
  expect((await api.post(`${V3}/rooms/${enc(invited)}/invite`, { user_id: user.userId }, { token: owner.token })).status).toBe(200);
  return { joined, invited };
}

async function memberEvent(roomId: string, userId: string) {
  return api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.member/${enc(userId)}`, { token: owner.token });
}

/** The room's timeline as the owner sees it, newest first. */
async function timeline(roomId: string): Promise<Record<string, unknown>[]> {
  const res = await api.get(`${V3}/rooms/${enc(roomId)}/messages`, { token: owner.token, query: { dir: "b", limit: 100 } });
  expect(res.status).toBe(200);
  return res.body.chunk as Record<string, unknown>[];
}

async function expectPartedEverywhere(userId: string, rooms: string[]): Promise<void> {
  for (const roomId of rooms) {
    expect(await memberEvent(roomId, userId)).toMatchObject({ status: 200, body: { membership: "leave" } });
    const [latest] = await timeline(roomId);
    expect(latest).toMatchObject({ type: "m.room.member", state_key: userId, sender: userId, content: { membership: "leave" } });
  }
}

describe("deactivation parts the user from their rooms", () => {
  it("POST /v1/deactivate with erase: 3 rooms left, 1 invite rejected, the leaves in each timeline, the display name cleared", async () => {
    const gone = await api.user("gone");
    expect((await api.put(`${USERS}/${gone.userId}`, { displayname: "Gone Person" }, { token: admin.token })).status).toBe(200);
    const { joined, invited } = await memberOfFour(gone);
    expect((await api.post(deactivate(gone.userId), { erase: true }, { token: admin.token })).status).toBe(200);
    // The response comes first (as Synapse, parting runs in the background); the task does the rest.
    expect(await memberEvent(joined[0] ?? "", gone.userId)).toMatchObject({ body: { membership: "join" } });
    await runTasks();
    await expectPartedEverywhere(gone.userId, [...joined, invited]);
    const [task] = await getTasks(ctx, { actions: [PART_DEACTIVATED_USER_ACTION], resourceId: gone.userId });
    expect(task).toMatchObject({ status: "complete", result: { left: 3, rejected: 1, failed: [] } });
    expect((await api.get(`${USERS}/${gone.userId}`, { token: admin.token })).body).toMatchObject({ deactivated: true, erased: true, displayname: null, avatar_url: null });
    const { entries } = await listAudit(ctx, { action: DEACTIVATE_USER_ACTION });
    expect(entries.find((e) => e.target === gone.userId)).toMatchObject({ actor: admin.userId, params: { erase: true, via: "deactivate" }, status: "ok", taskId: task?.id });
    // The owner stays joined everywhere.
    for (const roomId of joined) expect(await memberEvent(roomId, owner.userId)).toMatchObject({ body: { membership: "join" } });
  });

  it("PUT /v2/users deactivated: true parts the same way, keeps the display name, and is audited with the admin as actor", async () => {
    const other = await api.user("other");
    expect((await api.put(`${USERS}/${other.userId}`, { displayname: "Other Person" }, { token: admin.token })).status).toBe(200);
    const { joined, invited } = await memberOfFour(other);
    expect(await api.put(`${USERS}/${other.userId}`, { deactivated: true }, { token: admin.token })).toMatchObject({ status: 200, body: { deactivated: true, erased: false, displayname: "Other Person" } });
    await runTasks();
    await expectPartedEverywhere(other.userId, [...joined, invited]);
    const { entries } = await listAudit(ctx, { action: DEACTIVATE_USER_ACTION });
    expect(entries.find((e) => e.target === other.userId)).toMatchObject({ actor: admin.userId, params: { erase: false, via: "users_v2" }, status: "ok" });
    // Already deactivated: no second deactivation, no second audit entry.
    expect((await api.put(`${USERS}/${other.userId}`, { deactivated: true }, { token: admin.token })).status).toBe(200);
    const again = await listAudit(ctx, { action: DEACTIVATE_USER_ACTION });
    expect(again.entries.filter((e) => e.target === other.userId)).toHaveLength(1);
  });

  it("refused deactivations change nothing and audit nothing (PUT /v2/users negative cases)", async () => {
    const plain = await api.user("plain");
    const kept = await api.user("kept");
    const path = `${USERS}/${kept.userId}`;
    expect(await api.put(path, { deactivated: true })).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.put(path, { deactivated: true }, { token: plain.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN", error: "You are not a server admin" } });
    expect(await api.put(`${USERS}/@kept:elsewhere`, { deactivated: true }, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "This endpoint can only be used with local users" } });
    expect(await api.put(`${USERS}/garbage`, { deactivated: true }, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.put(path, { deactivated: "yes" }, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "'deactivated' parameter is not of type boolean" } });
    expect(await api.post(deactivate(kept.userId), { erase: true }, { token: plain.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.post(deactivate("@unknown:test"), {}, { token: admin.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND", error: "User not found" } });
    expect((await api.get(path, { token: admin.token })).body).toMatchObject({ deactivated: false });
    const { entries } = await listAudit(ctx, { action: DEACTIVATE_USER_ACTION });
    expect(entries.filter((e) => e.target === kept.userId || e.target === "@unknown:test")).toEqual([]);
    expect(await getTasks(ctx, { actions: [PART_DEACTIVATED_USER_ACTION], resourceId: kept.userId })).toEqual([]);
  });
});
