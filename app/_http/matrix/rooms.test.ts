import { describe, expect, it } from "vitest";
import { createTestApi } from "../testing";
import { membershipHistory } from "@/server/rooms/testing/inspect";


const api = await createTestApi();
const V3 = "/_matrix/client/v3";
const alice = await api.user("alice");
const bob = await api.user("bob");
const carol = await api.user("carol");
const admin = await api.user("admin", { admin: true });

async function createRoom(token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post(`${V3}/createRoom`, body, { token });
  expect(res.status).toBe(200);
  return String(res.body.room_id);
}

const enc = encodeURIComponent;

describe("createRoom", () => {
  it("creates a room with name, topic, alias and initial state; the alias resolves", async () => {
    const res = await api.post(`${V3}/createRoom`, { name: "Lobby", topic: "hello", room_alias_name: "lobby", preset: "public_chat", initial_state: [{ type: "m.room.guest_access", content: { guest_access: "forbidden" } }] }, { token: alice.token });
    expect(res).toMatchObject({ status: 200, body: { room_alias: "#lobby:test" } });
    const roomId = String(res.body.room_id);
    expect((await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.name/`, { token: alice.token })).body).toEqual({ name: "Lobby" });
    expect((await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.topic`, { token: alice.token })).body).toEqual({ topic: "hello" });
    expect((await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.join_rules`, { token: alice.token })).body).toEqual({ join_rule: "public" });
    expect((await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.guest_access`, { token: alice.token })).body).toEqual({ guest_access: "forbidden" });
    expect(await api.get(`${V3}/directory/room/${enc("#lobby:test")}`)).toEqual({ status: 200, body: { room_id: roomId, servers: ["test"] } });
    const pl = await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.power_levels/`, { token: alice.token });
    expect((pl.body.users as Record<string, number>)[alice.userId]).toBe(100);
  });

  it("rejects a taken alias with M_ROOM_IN_USE, bad types with M_BAD_JSON, unknown versions and bad invitees", async () => {
    await createRoom(alice.token, { room_alias_name: "taken" });
    expect(await api.post(`${V3}/createRoom`, { room_alias_name: "taken" }, { token: bob.token })).toMatchObject({ status: 400, body: { errcode: "M_ROOM_IN_USE" } });
    expect(await api.post(`${V3}/createRoom`, { name: 5 }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.post(`${V3}/createRoom`, { invite: "bob" }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.post(`${V3}/createRoom`, { preset: "nope" }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.post(`${V3}/createRoom`, { initial_state: [{ type: "x" }] }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.post(`${V3}/createRoom`, { room_version: "999" }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_UNSUPPORTED_ROOM_VERSION" } });
    expect(await api.post(`${V3}/createRoom`, { invite: ["not-a-user"] }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.post(`${V3}/createRoom`, "{oops", { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await api.post(`${V3}/createRoom`, {})).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.post(`${V3}/createRoom`, {}, { token: "bogus" })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
  });

  it("keeps creation_content and refuses a second m.room.create", async () => {
    const roomId = await createRoom(alice.token, { creation_content: { type: "m.space", "m.federate": false } });
    const create = await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.create/`, { token: alice.token });
    expect(create.body).toMatchObject({ type: "m.space", "m.federate": false, room_version: "10", creator: alice.userId });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/state/m.room.create/`, { room_version: "1" }, { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.post(`${V3}/createRoom`, { creation_content: "x" }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
  });

  it("applies power_level_content_override and invites", async () => {
    const roomId = await createRoom(alice.token, { invite: [bob.userId], power_level_content_override: { events_default: 10 } });
    const pl = await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.power_levels`, { token: alice.token });
    expect(pl.body.events_default).toBe(10);
    const members = await api.get(`${V3}/rooms/${enc(roomId)}/members`, { token: alice.token, query: { membership: "invite" } });
    expect((members.body.chunk as Array<{ state_key: string }>).map((e) => e.state_key)).toEqual([bob.userId]);
  });
});

describe("send and state", () => {
  it("is idempotent per device and txnId", async () => {
    const roomId = await createRoom(alice.token);
    const path = `${V3}/rooms/${enc(roomId)}/send/m.room.message/txn1`;
    const first = await api.put(path, { msgtype: "m.text", body: "hi" }, { token: alice.token });
    const again = await api.put(path, { msgtype: "m.text", body: "hi" }, { token: alice.token });
    expect(first.status).toBe(200);
    expect(again.body.event_id).toBe(first.body.event_id);
    const other = await api.put(`${V3}/rooms/${enc(roomId)}/send/m.room.message/txn2`, { msgtype: "m.text", body: "hi" }, { token: alice.token });
    expect(other.body.event_id).not.toBe(first.body.event_id);
  });

  it("answers send errors without a 500", async () => {
    const roomId = await createRoom(alice.token);
    const send = (room: string, token: string, body: unknown = { msgtype: "m.text", body: "x" }) => api.put(`${V3}/rooms/${enc(room)}/send/m.room.message/t${Math.random()}`, body, { token });
    expect(await send(roomId, bob.token)).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await send("!unknown:test", alice.token)).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await send("not-a-room", alice.token)).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await send(roomId, alice.token, "{bad")).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await send(roomId, alice.token, [1])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await send(roomId, alice.token, { msgtype: "m.text", body: 3 })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "'body' not a string type" } });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/send/m.room.message/t`, { body: "x", msgtype: "m.text" })).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
  });

  it("validates m.room.retention as Synapse", async () => {
    const roomId = await createRoom(alice.token);
    const state = (content: unknown) => api.put(`${V3}/rooms/${enc(roomId)}/state/m.room.retention/`, content, { token: alice.token });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/send/m.room.retention/r1`, { max_lifetime: 5 }, { token: alice.token })).toMatchObject({ status: 400, body: { error: "must be a state event" } });
    expect(await state({ min_lifetime: "1d" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "'min_lifetime' must be an integer" } });
    expect(await state({ max_lifetime: true })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "'max_lifetime' must be an integer" } });
    expect(await state({ min_lifetime: 10, max_lifetime: 5 })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "'min_lifetime' can't be greater than 'max_lifetime" } });
    expect((await state({ min_lifetime: 5, max_lifetime: 10 })).status).toBe(200);
  });

  it("enforces state power levels and reads state back", async () => {
    const roomId = await createRoom(alice.token, { preset: "public_chat" });
    expect((await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: bob.token })).status).toBe(200);
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/state/m.room.topic`, { topic: "bob's" }, { token: bob.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect((await api.put(`${V3}/rooms/${enc(roomId)}/state/m.room.topic/`, { topic: "alice's" }, { token: alice.token })).status).toBe(200);
    const state = await api.get(`${V3}/rooms/${enc(roomId)}/state`, { token: bob.token });
    const topic = (state.body as unknown as Array<{ type: string; content: { topic?: string } }>).find((e) => e.type === "m.room.topic");
    expect(topic?.content.topic).toBe("alice's");
    expect(await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.avatar/`, { token: bob.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.get(`${V3}/rooms/${enc(roomId)}/state`, { token: carol.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    const event = await api.get(`${V3}/rooms/${enc(roomId)}/state/m.room.topic`, { token: bob.token, query: { format: "event" } });
    expect(event.body).toMatchObject({ type: "m.room.topic", state_key: "", sender: alice.userId });
    // Power levels: bob (0) cannot raise himself.
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/state/m.room.power_levels`, { users: { [bob.userId]: 100 } }, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/state/m.room.power_levels`, { users_default: "x" }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
  });
});

describe("membership", () => {
  it("joins public rooms, needs invites for private ones, and handles aliases", async () => {
    const priv = await createRoom(alice.token);
    expect(await api.post(`${V3}/rooms/${enc(priv)}/join`, {}, { token: bob.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.post(`${V3}/rooms/${enc(priv)}/invite`, { user_id: bob.userId }, { token: alice.token })).toEqual({ status: 200, body: {} });
    expect(await api.post(`${V3}/rooms/${enc(priv)}/invite`, { user_id: bob.userId }, { token: carol.token })).toMatchObject({ status: 403 });
    expect(await api.post(`${V3}/rooms/${enc(priv)}/join`, {}, { token: bob.token })).toEqual({ status: 200, body: { room_id: priv } });
    const pub = await createRoom(alice.token, { preset: "public_chat", room_alias_name: "pub" });
    expect(await api.post(`${V3}/join/${enc("#pub:test")}`, {}, { token: carol.token })).toEqual({ status: 200, body: { room_id: pub } });
    expect(await api.post(`${V3}/join/${enc("#nope:test")}`, {}, { token: carol.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.post(`${V3}/join/${enc("!nope:test")}`, {}, { token: carol.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.post(`${V3}/join/garbage`, {}, { token: carol.token })).toMatchObject({ status: 400 });
    expect(await api.post(`${V3}/rooms/${enc(pub)}/invite`, { user_id: "bob" }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.post(`${V3}/rooms/${enc(pub)}/invite`, {}, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
  });

  it("kicks, bans and unbans by power; a banned user cannot join", async () => {
    const roomId = await createRoom(alice.token, { preset: "public_chat" });
    await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: bob.token });
    await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: carol.token });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/kick`, { user_id: carol.userId }, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/kick`, { user_id: alice.userId }, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/kick`, { user_id: carol.userId, reason: "bye" }, { token: alice.token })).toEqual({ status: 200, body: {} });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/ban`, { user_id: bob.userId }, { token: alice.token })).toEqual({ status: 200, body: {} });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/join`, {}, { token: bob.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN", error: "You are banned from this room" } });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/send/m.room.message/b1`, { msgtype: "m.text", body: "x" }, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/unban`, { user_id: carol.userId }, { token: alice.token })).toMatchObject({ status: 403 });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/unban`, { user_id: bob.userId }, { token: alice.token })).toEqual({ status: 200, body: {} });
    expect((await api.post(`${V3}/rooms/${enc(roomId)}/join`, {}, { token: bob.token })).status).toBe(200);
    const joined = await api.get(`${V3}/rooms/${enc(roomId)}/joined_members`, { token: bob.token });
    expect(Object.keys(joined.body.joined as object).sort()).toEqual([alice.userId, bob.userId].sort());
    expect(await api.get(`${V3}/rooms/${enc(roomId)}/joined_members`, { token: carol.token })).toMatchObject({ status: 403 });
  });

  it("leaves and forgets; forget needs the user to be out", async () => {
    const roomId = await createRoom(alice.token, { preset: "public_chat" });
    await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: bob.token });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/forget`, {}, { token: bob.token })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN" } });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/leave`, {}, { token: bob.token })).toEqual({ status: 200, body: {} });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/leave`, {}, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/forget`, {}, { token: bob.token })).toEqual({ status: 200, body: {} });
    // Every membership row of bob's (the join and the leave) is forgotten, not only the current one.
    const history = await membershipHistory(api.app.ctx("system:test"), roomId, bob.userId);
    expect(history).toEqual([{ membership: "join", forgotten: true }, { membership: "leave", forgotten: true }]);
    // A former member sees the members as they were when they left.
    const members = await api.get(`${V3}/rooms/${enc(roomId)}/members`, { token: bob.token });
    expect(members.status).toBe(200);
  });

  it("knocks only on knock rooms", async () => {
    const roomId = await createRoom(alice.token, { initial_state: [{ type: "m.room.join_rules", content: { join_rule: "knock" } }] });
    const other = await createRoom(alice.token);
    expect(await api.post(`${V3}/knock/${enc(other)}`, {}, { token: carol.token })).toMatchObject({ status: 403 });
    expect(await api.post(`${V3}/knock/${enc(roomId)}`, { reason: "let me in" }, { token: carol.token })).toEqual({ status: 200, body: { room_id: roomId } });
    const members = await api.get(`${V3}/rooms/${enc(roomId)}/members`, { token: alice.token, query: { not_membership: "join" } });
    expect((members.body.chunk as Array<{ content: { membership: string } }>).map((e) => e.content.membership)).toEqual(["knock"]);
  });

  it("refuses joins and invites into a blocked room", async () => {
    const roomId = await createRoom(alice.token, { preset: "public_chat" });
    const block = (id: string) => api.put(`/_synapse/admin/v1/rooms/${enc(id)}/block`, { block: true }, { token: admin.token });
    expect((await block(roomId)).status).toBe(200);
    expect(await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: bob.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN", error: "This room has been blocked on this server" } });
    expect(await api.post(`${V3}/rooms/${enc(roomId)}/invite`, { user_id: carol.userId }, { token: alice.token })).toMatchObject({ status: 403, body: { error: "This room has been blocked on this server" } });
    expect(await api.post(`${V3}/join/${enc("!purged:test")}`, {}, { token: bob.token })).toMatchObject({ status: 404 });
    expect((await block("!purged:test")).status).toBe(200);
    expect(await api.post(`${V3}/join/${enc("!purged:test")}`, {}, { token: bob.token })).toMatchObject({ status: 403, body: { error: "This room has been blocked on this server" } });
  });

  it("serves members at a token and rejects bad tokens", async () => {
    const roomId = await createRoom(alice.token, { preset: "public_chat" });
    // The room's position now, as a client gets it: the `start` of a backwards page from the present.
    const now0 = await api.get(`${V3}/rooms/${enc(roomId)}/messages`, { token: alice.token, query: { dir: "b", limit: 1 } });
    const at = String(now0.body.start);
    await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: bob.token });
    const before = await api.get(`${V3}/rooms/${enc(roomId)}/members`, { token: alice.token, query: { at } });
    expect((before.body.chunk as unknown[]).length).toBe(1);
    const now = await api.get(`${V3}/rooms/${enc(roomId)}/members`, { token: alice.token });
    expect((now.body.chunk as unknown[]).length).toBe(2);
    expect(await api.get(`${V3}/rooms/${enc(roomId)}/members`, { token: alice.token, query: { at: "x1" } })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN" } });
    expect(await api.get(`${V3}/rooms/${enc(roomId)}/members`, { token: carol.token })).toMatchObject({ status: 403 });
  });
});

describe("redaction", () => {
  it("lets senders redact their own events and moderators anyone's", async () => {
    const roomId = await createRoom(alice.token, { preset: "public_chat" });
    await api.post(`${V3}/join/${enc(roomId)}`, {}, { token: bob.token });
    const a = await api.put(`${V3}/rooms/${enc(roomId)}/send/m.room.message/a`, { msgtype: "m.text", body: "a" }, { token: alice.token });
    const b = await api.put(`${V3}/rooms/${enc(roomId)}/send/m.room.message/b`, { msgtype: "m.text", body: "b" }, { token: bob.token });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/redact/${enc(String(a.body.event_id))}/r1`, {}, { token: bob.token })).toMatchObject({ status: 403 });
    const own = await api.put(`${V3}/rooms/${enc(roomId)}/redact/${enc(String(b.body.event_id))}/r2`, { reason: "oops" }, { token: bob.token });
    expect(own.status).toBe(200);
    const redaction = await api.get(`${V3}/rooms/${enc(roomId)}/event/${enc(String(own.body.event_id))}`, { token: bob.token });
    expect(redaction.body.content).toEqual({ redacts: b.body.event_id, reason: "oops" });
    const redacted = await api.get(`${V3}/rooms/${enc(roomId)}/event/${enc(String(b.body.event_id))}`, { token: bob.token });
    expect(redacted.body.unsigned).toMatchObject({ redacted_by: own.body.event_id });
    expect((await api.put(`${V3}/rooms/${enc(roomId)}/redact/${enc(String(a.body.event_id))}/r3`, {}, { token: alice.token })).status).toBe(200);
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/redact/not-an-event/r4`, {}, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/redact/${enc("$x")}/r5`, { reason: 5 }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.put(`${V3}/rooms/${enc(roomId)}/redact/${enc("$x")}/r6`, {}, { token: carol.token })).toMatchObject({ status: 403 });
  });
});

describe("directory and account data", () => {
  it("puts, gets and deletes aliases", async () => {
    const roomId = await createRoom(alice.token);
    const path = `${V3}/directory/room/${enc("#mine:test")}`;
    expect(await api.put(path, { room_id: roomId }, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.put(path, { room_id: roomId }, { token: alice.token })).toEqual({ status: 200, body: {} });
    expect(await api.put(path, { room_id: roomId }, { token: alice.token })).toMatchObject({ status: 409, body: { errcode: "M_ROOM_IN_USE" } });
    expect(await api.put(`${V3}/directory/room/${enc("#x:elsewhere")}`, { room_id: roomId }, { token: alice.token })).toMatchObject({ status: 400 });
    expect(await api.put(`${V3}/directory/room/nope`, { room_id: roomId }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.put(`${V3}/directory/room/${enc("#y:test")}`, { room_id: 4 }, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.put(`${V3}/directory/room/${enc("#y:test")}`, { room_id: "!missing:test" }, { token: alice.token })).toMatchObject({ status: 404 });
    expect(await api.del(path, undefined, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.del(path, undefined, { token: alice.token })).toEqual({ status: 200, body: {} });
    expect(await api.get(path)).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.del(path, undefined, { token: alice.token })).toMatchObject({ status: 404 });
  });

  it("stores global and room account data for yourself only", async () => {
    const roomId = await createRoom(alice.token);
    const global = `${V3}/user/${enc(alice.userId)}/account_data/m.ignored_user_list`;
    expect(await api.get(global, { token: alice.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.put(global, { ignored_users: { [bob.userId]: {} } }, { token: alice.token })).toEqual({ status: 200, body: {} });
    expect(await api.get(global, { token: alice.token })).toEqual({ status: 200, body: { ignored_users: { [bob.userId]: {} } } });
    expect(await api.get(global, { token: bob.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.put(global, { a: 1 }, { token: bob.token })).toMatchObject({ status: 403 });
    expect(await api.put(global, "[]", { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    const room = `${V3}/user/${enc(alice.userId)}/rooms/${enc(roomId)}/account_data/org.example`;
    expect((await api.put(room, { x: 1 }, { token: alice.token })).status).toBe(200);
    expect(await api.get(room, { token: alice.token })).toEqual({ status: 200, body: { x: 1 } });
    expect(await api.get(`${V3}/user/${enc(alice.userId)}/rooms/bad/account_data/x`, { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
  });
});
