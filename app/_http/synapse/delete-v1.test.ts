import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit";
import { markDeactivated } from "@/server/auth";
import { getBlockStatus } from "@/server/rooms";
import { membershipsOf, roomRowsLeft, seedRoom } from "@/server/shutdown/testing/seed";
import { createTestApi } from "../testing";

// Acceptance cases §9 items 27–41: DELETE /_synapse/admin/v1/rooms/{roomId} (synchronous).
const api = await createTestApi();
const ctx = api.app.ctx("system:test");
let admin: { userId: string; token: string };
let member: { userId: string; token: string };
let other: { userId: string; token: string };

beforeAll(async () => {
  admin = await api.user("admin", { admin: true });
  member = await api.user("member");
  other = await api.user("other");
});

const url = (roomId: string) => `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}`;
const del = (roomId: string, body: unknown, token = admin.token) => api.del(url(roomId), body, { token });

async function isBlocked(roomId: string): Promise<boolean> {
  return (await getBlockStatus(ctx, roomId)).block;
}

async function joinedCount(roomId: string): Promise<number> {
  return [...(await membershipsOf(ctx, roomId)).values()].filter((m) => m === "join").length;
}

describe("v1 delete: negative cases", () => {
  it("27: no token → 401, non-admin → 403 M_FORBIDDEN", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    expect((await api.del(url(roomId), {})).body.errcode).toBe("M_MISSING_TOKEN");
    const res = await del(roomId, {}, member.token);
    expect(res.status).toBe(403);
    expect(res.body.errcode).toBe("M_FORBIDDEN");
    expect(await joinedCount(roomId)).toBe(1);
  });

  it("29: an illegal room id → 400 'invalidroom is not a legal room ID'", async () => {
    const res = await del("invalidroom", {});
    expect(res.status).toBe(400);
    expect(res.body.errcode).toBe("M_UNKNOWN");
    expect(res.body.error).toBe("invalidroom is not a legal room ID");
  });

  it("31: a remote new_room_user_id → 400 'User must be our own' and nothing happens", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    const res = await del(roomId, { new_room_user_id: "@not:exist.bla", block: true });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("User must be our own: @not:exist.bla");
    expect(await isBlocked(roomId)).toBe(false);
    expect(await joinedCount(roomId)).toBe(1);
  });

  it("32: non-boolean block / purge / force_purge → 400 M_BAD_JSON", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    for (const field of ["block", "purge", "force_purge"]) {
      const res = await del(roomId, { [field]: "NotBool" });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errcode: "M_BAD_JSON", error: `Param '${field}' must be a boolean, if given` });
    }
    expect((await del(roomId, { room_name: 5 })).body.errcode).toBe("M_BAD_JSON");
    expect(await joinedCount(roomId)).toBe(1);
  });

  it("malformed bodies: empty → M_NOT_JSON, not JSON → M_NOT_JSON, an array → M_BAD_JSON", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    expect((await api.call("DELETE", url(roomId), { token: admin.token })).body.errcode).toBe("M_NOT_JSON");
    expect((await del(roomId, "{nope")).body.errcode).toBe("M_NOT_JSON");
    const arr = await del(roomId, [1]);
    expect([arr.status, arr.body.errcode]).toEqual([400, "M_BAD_JSON"]);
    expect(await joinedCount(roomId)).toBe(1);
  });
});

describe("v1 delete: behaviour", () => {
  it("28: unknown room with {} → 200 and an empty response", async () => {
    const res = await del("!unknown:test", {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kicked_users: [], failed_to_kick_users: [], local_aliases: [], new_room_id: null });
  });

  it("30: a local unregistered new_room_user_id → 200 with the four keys and a new room", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    const res = await del(roomId, { new_room_user_id: "@unknown:test" });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["failed_to_kick_users", "kicked_users", "local_aliases", "new_room_id"]);
    expect(res.body.new_room_id).toMatch(/^!.+:test$/);
  });

  it("33: block + purge → new_room_id null, member kicked, no rows left but the block, no members", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, messages: 5, aliases: ["#gone:test"] });
    const res = await del(roomId, { block: true, purge: true });
    expect(res.status).toBe(200);
    expect(res.body.new_room_id).toBeNull();
    expect(res.body.kicked_users).toEqual([member.userId]);
    expect(res.body.local_aliases).toEqual([]);
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
    expect(await isBlocked(roomId)).toBe(true);
    expect(await joinedCount(roomId)).toBe(0);
  });

  it("34: purge without block → purged, not blocked, no members", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, messages: 3 });
    const res = await del(roomId, { block: false, purge: true });
    expect(res.body.kicked_users).toEqual([member.userId]);
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
    expect(await isBlocked(roomId)).toBe(false);
  });

  it("35: joined, invited and knocking local users are all removed", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, joinRule: "knock", invited: [other.userId], knocking: ["@knocker:test"] });
    const res = await del(roomId, { purge: false });
    expect(new Set(res.body.kicked_users as string[])).toEqual(new Set([member.userId, other.userId, "@knocker:test"]));
    const after = await membershipsOf(ctx, roomId);
    for (const u of [member.userId, other.userId, "@knocker:test"]) expect(after.get(u)).toBe("leave");
  });

  it("36: block without purge → not purged, blocked, no joined members", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, messages: 2 });
    const res = await del(roomId, { block: true, purge: false });
    expect(res.body.kicked_users).toEqual([member.userId]);
    expect(Object.keys(await roomRowsLeft(ctx, roomId))).toContain("events");
    expect(await isBlocked(roomId)).toBe(true);
    expect(await joinedCount(roomId)).toBe(0);
  });

  it("37: an unknown room with block (purge true or false) → 200 and blocked", async () => {
    for (const purge of [true, false]) {
      const roomId = `!never${String(purge)}:test`;
      const res = await del(roomId, { block: true, purge });
      expect(res.status).toBe(200);
      expect(await isBlocked(roomId)).toBe(true);
    }
    // A repeated block keeps the first blocker.
    await api.del(url("!nevertrue:test"), { block: true }, { token: (await api.user("admin2", { admin: true })).token });
    expect(await getBlockStatus(ctx, "!nevertrue:test")).toEqual({ block: true, userId: admin.userId });
  });

  it("38: new room as the admin, with a joined member and an invitee: only the joined one moves, aliases move, old room purged", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, invited: [other.userId], aliases: ["#moved:test"] });
    const res = await del(roomId, { new_room_user_id: admin.userId, room_name: "Gone", message: "Moved on" });
    expect(res.status).toBe(200);
    expect(res.body.kicked_users).toHaveLength(2);
    expect(res.body.local_aliases).toEqual(["#moved:test"]);
    const newRoomId = String(res.body.new_room_id);
    const members = await membershipsOf(ctx, newRoomId);
    expect(members.get(member.userId)).toBe("join");
    expect(members.has(other.userId)).toBe(false);
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
    const resolved = await api.get(`/_matrix/client/v3/directory/room/${encodeURIComponent("#moved:test")}`);
    expect(resolved.body.room_id).toBe(newRoomId);
    const state = await api.get(`/_matrix/client/v3/rooms/${encodeURIComponent(newRoomId)}/state`, { token: member.token });
    const name = (state.body as unknown as Array<{ type: string; content: Record<string, unknown> }>).find((e) => e.type === "m.room.name");
    expect(name?.content.name).toBe("Gone");
    const pl = (state.body as unknown as Array<{ type: string; content: Record<string, unknown> }>).find((e) => e.type === "m.room.power_levels");
    expect(pl?.content.users_default).toBe(-10);
    const timeline = await api.get(`/_matrix/client/v3/rooms/${encodeURIComponent(newRoomId)}/messages`, { token: admin.token, query: { dir: "f", limit: 1000 } });
    const events = timeline.body.chunk as Array<{ type: string; content: Record<string, unknown> }>;
    expect(events.filter((e) => e.type === "m.room.message").map((e) => e.content.body)).toEqual(["Moved on"]);
  });

  it("39 (equivalent; Scrollback has no consent): a deactivated member, whom the membership endpoints refuse, is still removed and moved", async () => {
    const gone = await api.user("deactivated");
    await markDeactivated(ctx, gone.userId, { erase: false, via: "deactivate" });
    const roomId = await seedRoom(ctx, { creator: member.userId, joined: [gone.userId] });
    const res = await del(roomId, { new_room_user_id: admin.userId, purge: false });
    expect(res.body.kicked_users).toEqual([member.userId, gone.userId]);
    expect((await membershipsOf(ctx, String(res.body.new_room_id))).get(gone.userId)).toBe("join");
  });

  it("40 (equivalent; no initialSync or /events here): a world-readable room shut down → its state and events are no longer readable (403)", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, historyVisibility: "world_readable", messages: 1 });
    // The seeded message, read while the room is still world-readable.
    const timeline = await api.get(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, { token: other.token, query: { dir: "b", limit: 1000 } });
    const message = (timeline.body.chunk as Array<{ event_id: string; type: string }>).find((e) => e.type === "m.room.message");
    expect(message?.event_id).toMatch(/^\$/);
    const before = await api.get(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`, { token: other.token });
    expect(before.status).toBe(200);
    await del(roomId, { new_room_user_id: admin.userId });
    for (const path of [`/rooms/${encodeURIComponent(roomId)}/state`, `/rooms/${encodeURIComponent(roomId)}/messages`]) {
      const res = await api.get(`/_matrix/client/v3${path}`, { token: admin.token });
      expect([path, res.status, res.body.errcode]).toEqual([path, 403, "M_FORBIDDEN"]);
    }
    // The purged event itself is gone: Synapse's /event answers 404 before any visibility check.
    const event = await api.get(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(message?.event_id ?? "$x")}`, { token: admin.token });
    expect([event.status, event.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
  });

  it("41 and after deletion: sending → 403, joining a blocked room → 403, /messages → 403", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId, joined: [other.userId] });
    expect((await del(roomId, { block: true })).status).toBe(200);
    const room = encodeURIComponent(roomId);
    const send = await api.put(`/_matrix/client/v3/rooms/${room}/send/m.room.message/t1`, { msgtype: "m.text", body: "hi" }, { token: member.token });
    expect([send.status, send.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
    const join = await api.post(`/_matrix/client/v3/join/${room}`, {}, { token: other.token });
    expect([join.status, join.body.errcode, join.body.error]).toEqual([403, "M_FORBIDDEN", "This room has been blocked on this server"]);
    const messages = await api.get(`/_matrix/client/v3/rooms/${room}/messages`, { token: member.token });
    expect([messages.status, messages.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
    expect(await roomRowsLeft(ctx, roomId)).toEqual({});
  });

  it("41: after DELETE with {} (not blocked) the former member sending → 403", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    await del(roomId, {});
    const send = await api.put(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t2`, { msgtype: "m.text", body: "hi" }, { token: member.token });
    expect([send.status, send.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
  });

  it("every request and its outcome is in the audit log", async () => {
    const roomId = await seedRoom(ctx, { creator: member.userId });
    await del(roomId, { purge: false });
    await del("bad", {});
    const rows = (await listAudit(ctx, { action: "room.delete" })).entries;
    const ok = rows.find((r) => r.roomId === roomId);
    expect(ok?.status).toBe("ok");
    expect(ok?.actor).toBe(admin.userId);
    expect((ok?.result as { kicked_users: string[] }).kicked_users).toEqual([member.userId]);
    const refused = rows.find((r) => r.roomId === "bad");
    expect(refused?.status).toBe("failed");
    expect(refused?.result).toEqual({ errcode: "M_UNKNOWN", error: "bad is not a legal room ID" });
  });
});
