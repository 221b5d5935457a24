import { describe, expect, it } from "vitest";
import { createTestApi } from "../testing";
import { storedRoomEvents } from "@/server/events/testing/inspect";
import { getCurrentMembership, getRoom } from "@/server/rooms";


const api = await createTestApi();
const admin = await api.user("admin", { admin: true });
const alice = await api.user("alice");
const ROOM = "!imported:remote.example";
const path = (roomId: string) => `/_scrollback/v1/rooms/${encodeURIComponent(roomId)}/import`;
const ts = 1_700_000_000_000;
const ctx = api.app.ctx("system:test");

const createPdus = [
  { event_id: "$create", type: "m.room.create", state_key: "", sender: "@zoe:remote.example", content: { room_version: "10", creator: "@zoe:remote.example" }, origin_server_ts: ts },
  { event_id: "$zoejoin", type: "m.room.member", state_key: "@zoe:remote.example", sender: "@zoe:remote.example", content: { membership: "join" }, origin_server_ts: ts + 1 },
  { type: "m.room.join_rules", state_key: "", sender: "@zoe:remote.example", content: { join_rule: "public" }, origin_server_ts: ts + 2 },
  { type: "m.room.message", sender: "@zoe:remote.example", content: { msgtype: "m.text", body: "hello" }, origin_server_ts: ts + 3, room_id: ROOM },
];


describe("import", () => {
  it("creates the room from its m.room.create and answers event ids in order", async () => {
    const res = await api.post(path(ROOM), { events: createPdus }, { token: admin.token });
    expect(res.status).toBe(200);
    const ids = res.body.event_ids as string[];
    expect(ids).toHaveLength(4);
    expect(ids.slice(0, 2)).toEqual(["$create", "$zoejoin"]);
    expect(ids[2]).toMatch(/^\$/);
    const rows = await storedRoomEvents(ctx, ROOM);
    expect(rows.map((r) => r.eventId)).toEqual(ids);
    expect(rows.map((r) => r.depth)).toEqual([1, 2, 3, 4]);
    expect(rows.every((r) => !r.isLocal)).toBe(true);
    expect(await getRoom(ctx, ROOM)).toMatchObject({ roomVersion: "10", creator: "@zoe:remote.example" });
    // A local user can now join the imported public room.
    expect((await api.post(`/_matrix/client/v3/join/${encodeURIComponent(ROOM)}`, {}, { token: alice.token })).status).toBe(200);
  });

  it("appends with explicit prev_events, and remote members join by their member event", async () => {
    const res = await api.post(
      path(ROOM),
      {
        events: [
          { event_id: "$bobjoin", type: "m.room.member", state_key: "@bob:other.example", sender: "@bob:other.example", content: { membership: "join" }, origin_server_ts: ts + 10, prev_events: ["$zoejoin"] },
          { event_id: "$bobmsg", type: "m.room.message", sender: "@bob:other.example", content: { msgtype: "m.text", body: "hi" }, origin_server_ts: ts + 11 },
        ],
      },
      { token: admin.token },
    );
    expect(res.body).toEqual({ event_ids: ["$bobjoin", "$bobmsg"] });
    const bob = (await storedRoomEvents(ctx, ROOM)).find((e) => e.eventId === "$bobjoin");
    expect(bob?.depth).toBe(3);
    expect(await getCurrentMembership(ctx, ROOM, "@bob:other.example")).toMatchObject({ membership: "join" });
  });

  it("stores nothing of a batch with a bad event, and answers clear errors", async () => {
    const before = (await storedRoomEvents(ctx, ROOM)).length;
    const good = { type: "m.room.message", sender: "@zoe:remote.example", content: { body: "ok" }, origin_server_ts: ts + 20 };
    const post = (events: unknown, roomId = ROOM) => api.post(path(roomId), { events }, { token: admin.token });
    expect(await post([good, { ...good, sender: "zoe" }])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: expect.stringContaining("events[1]") } });
    expect(await post([good, { ...good, room_id: "!other:test" }])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: expect.stringContaining("does not match") } });
    expect(await post([good, { ...good, prev_events: ["$missing"] }])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: expect.stringContaining("unknown prev_event") } });
    expect(await post([good, { ...good, content: "x" }])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await post([good, { ...good, origin_server_ts: "now" }])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await post([{ ...good, event_id: "$dup" }, { ...good, event_id: "$dup" }])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await post([{ ...good, event_id: "$create" }])).toMatchObject({ status: 409, body: { errcode: "M_CONFLICT" } });
    expect(await post([{ ...createPdus[0], event_id: "$create2" }])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await post("nope")).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await post([good], "!new:remote.example")).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await post([good], "bad-room")).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.post(path(ROOM), "{x", { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await api.post(path(ROOM), { events: [good] }, { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.post(path(ROOM), { events: [good] })).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect((await storedRoomEvents(ctx, ROOM)).length).toBe(before);
    expect(await getRoom(ctx, ROOM)).toMatchObject({ roomId: ROOM });
  });
});
