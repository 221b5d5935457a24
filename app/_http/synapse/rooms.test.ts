import { describe, expect, it } from "vitest";
import { createTestApi } from "../testing";


const api = await createTestApi({ retention: { enabled: true, default_policy: { max_lifetime: "30d" } } });
const V3 = "/_matrix/client/v3";
const ROOMS = "/_synapse/admin/v1/rooms";
const admin = await api.user("admin", { admin: true });
const alice = await api.user("alice");
const bob = await api.user("bob");
const enc = encodeURIComponent;

async function room(body: Record<string, unknown>, token = alice.token): Promise<string> {
  const res = await api.post(`${V3}/createRoom`, body, { token });
  expect(res.status).toBe(200);
  return String(res.body.room_id);
}

const apple = await room({ name: "Apple pie", room_alias_name: "apple", preset: "public_chat", visibility: "public" });
const banana = await room({ name: "Banana bread", initial_state: [{ type: "m.room.retention", content: { max_lifetime: 86_400_000 } }] });
const cherry = await room({ name: "Cherry", topic: "red" });
await api.post(`${V3}/join/${enc(apple)}`, {}, { token: bob.token });
for (let i = 0; i < 3; i++) await api.put(`${V3}/rooms/${enc(cherry)}/send/m.room.message/c${i}`, { msgtype: "m.text", body: `m${i}` }, { token: alice.token });
// A remote member, joined through the import API (as a federated join would arrive).
const remoteJoin = { type: "m.room.member", state_key: "@remote:elsewhere", sender: "@remote:elsewhere", content: { membership: "join" }, origin_server_ts: api.app.clock.now() };
expect((await api.post(`/_scrollback/v1/rooms/${enc(apple)}/import`, { events: [remoteJoin] }, { token: admin.token })).status).toBe(200);

type Listed = { room_id: string; name: string; joined_members: number; joined_local_members: number; events: number; public: boolean; blocked: boolean };
const ids = (body: Record<string, unknown>) => (body.rooms as Listed[]).map((r) => r.room_id);

describe("admin room list", () => {
  it("lists with Synapse's fields, ordered by name by default", async () => {
    const res = await api.get(ROOMS, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ offset: 0, total_rooms: 3 });
    expect(ids(res.body)).toEqual([apple, banana, cherry]);
  });

  it("orders by members, events and dir", async () => {
    const bySize = await api.get(ROOMS, { token: admin.token, query: { order_by: "joined_members" } });
    const first = (bySize.body.rooms as Listed[])[0];
    expect(first).toMatchObject({ room_id: apple, joined_members: 3, joined_local_members: 2, public: true });
    const byEvents = await api.get(ROOMS, { token: admin.token, query: { order_by: "events" } });
    expect(ids(byEvents.body)[0]).toBe(cherry);
    const reversed = await api.get(ROOMS, { token: admin.token, query: { order_by: "events", dir: "b" } });
    expect(ids(reversed.body).at(-1)).toBe(cherry);
    expect((await api.get(ROOMS, { token: admin.token, query: { order_by: "last_activity" } })).status).toBe(200);
  });

  it("searches names, alias localparts and room ids", async () => {
    expect(ids((await api.get(ROOMS, { token: admin.token, query: { search_term: "BANANA" } })).body)).toEqual([banana]);
    expect(ids((await api.get(ROOMS, { token: admin.token, query: { search_term: "apple" } })).body)).toEqual([apple]);
    expect(ids((await api.get(ROOMS, { token: admin.token, query: { search_term: cherry.slice(1, 8) } })).body)).toEqual([cherry]);
    expect((await api.get(ROOMS, { token: admin.token, query: { search_term: "zzz" } })).body.total_rooms).toBe(0);
    expect((await api.get(ROOMS, { token: admin.token, query: { search_term: "%" } })).body.total_rooms).toBe(0);
  });

  it("pages with next_batch and prev_batch", async () => {
    const first = await api.get(ROOMS, { token: admin.token, query: { limit: 2 } });
    expect(first.body).toMatchObject({ offset: 0, total_rooms: 3, next_batch: 2 });
    expect(first.body.prev_batch).toBeUndefined();
    const second = await api.get(ROOMS, { token: admin.token, query: { limit: 2, from: 2 } });
    expect(second.body).toMatchObject({ offset: 2, total_rooms: 3, prev_batch: 0 });
    expect(second.body.next_batch).toBeUndefined();
    expect((await api.get(ROOMS, { token: admin.token, query: { from: 10 } })).body).toMatchObject({ rooms: [], total_rooms: 3 });
  });

  it("filters public, empty, blocked and retention rooms", async () => {
    expect(ids((await api.get(ROOMS, { token: admin.token, query: { public_rooms: "true" } })).body)).toEqual([apple]);
    expect((await api.get(ROOMS, { token: admin.token, query: { empty_rooms: "true" } })).body.total_rooms).toBe(0);
    expect(ids((await api.get(ROOMS, { token: admin.token, query: { with_retention_policy: "true" } })).body)).toEqual([banana]);
  });

  it("answers negative cases", async () => {
    expect(await api.get(ROOMS)).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(ROOMS, { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN", error: "You are not a server admin" } });
    expect(await api.get(ROOMS, { token: admin.token, query: { order_by: "bar" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM", error: "Unknown value for order_by: bar" } });
    expect(await api.get(ROOMS, { token: admin.token, query: { dir: "up" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM", error: "Unknown direction: up" } });
    expect(await api.get(ROOMS, { token: admin.token, query: { from: -5 } })).toMatchObject({ status: 400, body: { error: "Query parameter from must be a string representing a positive integer." } });
    expect(await api.get(ROOMS, { token: admin.token, query: { limit: -5 } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(ROOMS, { token: admin.token, query: { search_term: "" } })).toMatchObject({ status: 400, body: { error: "search_term cannot be an empty string" } });
    expect(await api.get(ROOMS, { token: admin.token, query: { public_rooms: "yes" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
  });
});

describe("admin room details, members, state", () => {
  it("serves details with topic and forgotten", async () => {
    const res = await api.get(`${ROOMS}/${enc(cherry)}`, { token: admin.token });
    expect(res.body).toMatchObject({ room_id: cherry, name: "Cherry", topic: "red", joined_members: 1, joined_local_devices: 1, version: "10", creator: alice.userId, forgotten: false, join_rules: "invite", history_visibility: "shared" });
    expect(await api.get(`${ROOMS}/${enc("!nope:test")}`, { token: admin.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.get(`${ROOMS}/nope`, { token: admin.token })).toMatchObject({ status: 400 });
    expect(await api.get(`${ROOMS}/${enc(cherry)}`, { token: alice.token })).toMatchObject({ status: 403 });
  });

  it("lists joined members and state, optionally by type", async () => {
    expect((await api.get(`${ROOMS}/${enc(apple)}/members`, { token: admin.token })).body).toEqual({ members: ["@remote:elsewhere", alice.userId, bob.userId].sort(), total: 3 });
    const state = await api.get(`${ROOMS}/${enc(cherry)}/state`, { token: admin.token });
    expect((state.body.state as unknown[]).length).toBeGreaterThan(5);
    const names = await api.get(`${ROOMS}/${enc(cherry)}/state`, { token: admin.token, query: { type: "m.room.name" } });
    expect(names.body.state).toMatchObject([{ type: "m.room.name", content: { name: "Cherry" } }]);
    expect(await api.get(`${ROOMS}/${enc("!nope:test")}/members`, { token: admin.token })).toMatchObject({ status: 404 });
    expect(await api.get(`${ROOMS}/${enc("!nope:test")}/state`, { token: admin.token })).toMatchObject({ status: 404 });
  });
});

describe("block API", () => {
  it("blocks and unblocks, also unknown rooms, and blocked rooms refuse joins", async () => {
    const path = `${ROOMS}/${enc(apple)}/block`;
    expect(await api.get(path, { token: admin.token })).toEqual({ status: 200, body: { block: false } });
    expect(await api.put(path, { block: true }, { token: admin.token })).toEqual({ status: 200, body: { block: true } });
    expect(await api.get(path, { token: admin.token })).toEqual({ status: 200, body: { block: true, user_id: admin.userId } });
    expect(ids((await api.get(ROOMS, { token: admin.token, query: { blocked: "true" } })).body)).toEqual([apple]);
    const carol = await api.user("carol");
    expect(await api.post(`${V3}/join/${enc(apple)}`, {}, { token: carol.token })).toMatchObject({ status: 403, body: { error: "This room has been blocked on this server" } });
    expect(await api.put(path, { block: false }, { token: admin.token })).toEqual({ status: 200, body: { block: false } });
    expect((await api.post(`${V3}/join/${enc(apple)}`, {}, { token: carol.token })).status).toBe(200);
    expect(await api.put(`${ROOMS}/${enc("!unknown:test")}/block`, { block: true }, { token: admin.token })).toEqual({ status: 200, body: { block: true } });
  });

  it("answers negative cases", async () => {
    const path = `${ROOMS}/${enc(apple)}/block`;
    expect(await api.put(path, { block: "NotBool" }, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.put(path, {}, { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await api.put(path, "{", { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await api.put(path, { block: true }, { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(path)).toMatchObject({ status: 401 });
    expect(await api.get(`${ROOMS}/bad/block`, { token: admin.token })).toMatchObject({ status: 400 });
  });
});
