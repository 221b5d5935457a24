import { describe, expect, it } from "vitest";
import { roomFixture } from "@/server/pagination/testing";
import { createTestApi, type ApiResult } from "../testing";

const api = await createTestApi();
const fx = roomFixture(api.app);
const alice = await api.user("alice");
const bob = await api.user("bob");
const outsider = await api.user("outsider");
const admin = await api.user("admin", { admin: true });

type Ev = Record<string, unknown> & { event_id: string; type: string; state_key?: string; unsigned: Record<string, unknown> };
const enc = encodeURIComponent;
const contextPath = (roomId: string, eventId: string) => `/_matrix/client/v3/rooms/${enc(roomId)}/context/${enc(eventId)}`;
const adminContextPath = (roomId: string, eventId: string) => `/_synapse/admin/v1/rooms/${enc(roomId)}/context/${enc(eventId)}`;
const eventPath = (roomId: string, eventId: string) => `/_matrix/client/v3/rooms/${enc(roomId)}/event/${enc(eventId)}`;
const tsPath = (roomId: string) => `/_matrix/client/v1/rooms/${enc(roomId)}/timestamp_to_event`;
const adminTsPath = (roomId: string) => `/_synapse/admin/v1/rooms/${enc(roomId)}/timestamp_to_event`;
const idsOf = (r: ApiResult, key: string) => (r.body[key] as Ev[]).map((e) => e.event_id);

async function roomWithMessages(n: number) {
  const roomId = await fx.create(alice.userId, { preset: "private_chat" });
  await fx.member(roomId, bob.userId, "join");
  const events = [];
  for (let i = 0; i < n; i++) {
    events.push(await fx.send(roomId, i % 2 ? bob.userId : alice.userId, `m${i}`, { originServerTs: 1_000_000 + i * 1000 }));
  }
  return { roomId, events };
}

describe("/context", () => {
  it("splits the limit as Synapse (floor(limit/2) before) and returns tokens that page on", async () => {
    const { roomId, events } = await roomWithMessages(10);
    const anchor = events[5];
    if (!anchor) throw new Error("setup");
    const res = await api.get(contextPath(roomId, anchor.eventId), { token: alice.token, query: { limit: 5 } });
    expect(res.status).toBe(200);
    expect((res.body.event as Ev).event_id).toBe(anchor.eventId);
    expect(idsOf(res, "events_before")).toEqual([events[4]?.eventId, events[3]?.eventId]);
    expect(idsOf(res, "events_after")).toEqual([events[6]?.eventId, events[7]?.eventId, events[8]?.eventId]);
    const e3 = events[3];
    const e8 = events[8];
    expect(res.body.start).toBe(`t${e3?.depth}-${(e3?.streamOrdering ?? 0) - 1}`);
    expect(res.body.end).toBe(`t${e8?.depth}-${e8?.streamOrdering}`);
    const state = res.body.state as Ev[];
    expect(state.map((e) => e.type)).toEqual(expect.arrayContaining(["m.room.create", "m.room.member", "m.room.join_rules"]));
    expect(state.filter((e) => e.type === "m.room.member").map((e) => e.state_key).sort()).toEqual([alice.userId, bob.userId].sort());
    // The tokens continue with /messages.
    const older = await api.get(`/_matrix/client/v3/rooms/${enc(roomId)}/messages`, { token: alice.token, query: { dir: "b", from: String(res.body.start), limit: 1 } });
    expect((older.body.chunk as Ev[])[0]?.event_id).toBe(events[2]?.eventId);
    const newer = await api.get(`/_matrix/client/v3/rooms/${enc(roomId)}/messages`, { token: alice.token, query: { dir: "f", from: String(res.body.end), limit: 1 } });
    expect((newer.body.chunk as Ev[])[0]?.event_id).toBe(events[9]?.eventId);
  });

  it("treats users who are not joined now as peeking, departed ones included (Synapse's /context): no clamp, visibility decides", async () => {
    const roomId = await fx.create(alice.userId, { preset: "private_chat" });
    await fx.send(roomId, alice.userId, "before bob");
    const join = await fx.member(roomId, bob.userId, "join");
    const during = await fx.send(roomId, alice.userId, "while bob is here");
    const leave = await fx.member(roomId, bob.userId, "leave");
    const hidden = await fx.send(roomId, alice.userId, "after bob left, shared");
    const opened = await fx.visibility(roomId, alice.userId, "world_readable");
    const open = await fx.send(roomId, alice.userId, "after bob left, world readable");
    const res = await api.get(contextPath(roomId, during.eventId), { token: bob.token, query: { limit: 20 } });
    expect(res.status).toBe(200);
    // Shared history before the join is hidden from a peeker (/messages, not peeking, would show it).
    expect(idsOf(res, "events_before")).toEqual([join.eventId]);
    // After the leave: their own leave, and what is world-readable; the shared message stays hidden.
    expect(idsOf(res, "events_after")).toEqual([leave.eventId, opened.eventId, open.eventId]);
    expect(res.body.end).toBe(`t${open.depth}-${open.streamOrdering}`);
    expect(await api.get(contextPath(roomId, hidden.eventId), { token: bob.token })).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: "You don't have permission to access that event." },
    });
    expect((await api.get(contextPath(roomId, open.eventId), { token: bob.token })).status).toBe(200);
  });

  it("applies the filter and lazy-loads members", async () => {
    const { roomId, events } = await roomWithMessages(6);
    const anchor = events[2];
    if (!anchor) throw new Error("setup");
    const filter = JSON.stringify({ senders: [alice.userId], lazy_load_members: true });
    const res = await api.get(contextPath(roomId, anchor.eventId), { token: alice.token, query: { limit: 2, filter } });
    expect(idsOf(res, "events_before")).toEqual([events[0]?.eventId]);
    expect(idsOf(res, "events_after")).toEqual([events[4]?.eventId]);
    const members = (res.body.state as Ev[]).filter((e) => e.type === "m.room.member").map((e) => e.state_key);
    expect(members).toEqual([alice.userId]);
    // Without the senders filter, lazy loading still leaves out members who sent nothing shown.
    const lazyOnly = await api.get(contextPath(roomId, anchor.eventId), { token: alice.token, query: { limit: 0, filter: JSON.stringify({ lazy_load_members: true }) } });
    expect((lazyOnly.body.state as Ev[]).filter((e) => e.type === "m.room.member").map((e) => e.state_key)).toEqual([alice.userId]);
  });

  it("negatives: no token, unknown event, non-member, hidden event, bad params; admin variants", async () => {
    const { roomId, events } = await roomWithMessages(2);
    const id = events[0]?.eventId ?? "";
    expect(await api.get(contextPath(roomId, id))).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(contextPath(roomId, "$nope"), { token: alice.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND", error: "Event not found." } });
    expect(await api.get(contextPath(roomId, id), { token: outsider.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(contextPath(roomId, id), { token: alice.token, query: { limit: "-1" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(contextPath(roomId, id), { token: alice.token, query: { filter: "{" } })).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    // An event the viewer may not see: sent before they joined a `joined` room.
    const joinedOnly = await fx.create(alice.userId, { preset: "private_chat" });
    await fx.visibility(joinedOnly, alice.userId, "joined");
    const secret = await fx.send(joinedOnly, alice.userId, "secret");
    await fx.member(joinedOnly, bob.userId, "join");
    expect(await api.get(contextPath(joinedOnly, secret.eventId), { token: bob.token })).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: "You don't have permission to access that event." },
    });
    const asAdmin = await api.get(adminContextPath(joinedOnly, secret.eventId), { token: admin.token });
    expect((asAdmin.body.event as Ev).event_id).toBe(secret.eventId);
    expect(await api.get(adminContextPath(roomId, id), { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(adminContextPath(roomId, "$nope"), { token: admin.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.get(adminContextPath(roomId, id))).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
  });
});

describe("/event", () => {
  it("serves a visible event with aggregations and membership; 404 otherwise", async () => {
    const { roomId, events } = await roomWithMessages(1);
    const m = events[0];
    if (!m) throw new Error("setup");
    const [reference] = await fx.persist(roomId, [{ type: "m.room.message", sender: bob.userId, content: { body: "ref", "m.relates_to": { rel_type: "m.reference", event_id: m.eventId } } }]);
    const res = await api.get(eventPath(roomId, m.eventId), { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ event_id: m.eventId, content: { body: "m0" }, unsigned: { membership: "join", "m.relations": { "m.reference": { chunk: [{ event_id: reference?.eventId }] } } } });
    expect(await api.get(eventPath(roomId, m.eventId), { token: outsider.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND", error: "Event not found." } });
    expect(await api.get(eventPath(roomId, "$missing"), { token: alice.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.get(eventPath("!other:test", m.eventId), { token: alice.token })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await api.get(eventPath(roomId, m.eventId))).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    const [rejected] = await fx.persist(roomId, [{ type: "m.room.message", sender: bob.userId, content: { body: "x" }, rejectionReason: "auth" }]);
    expect((await api.get(eventPath(roomId, rejected?.eventId ?? ""), { token: alice.token })).status).toBe(404);
  });

  it("shows an outlier only if it is the viewer's own membership", async () => {
    const { roomId } = await roomWithMessages(1);
    const [invite, other] = await fx.persist(roomId, [
      { type: "m.room.member", stateKey: outsider.userId, sender: alice.userId, content: { membership: "invite" }, outlier: true },
      { type: "m.room.message", sender: alice.userId, content: { body: "outlier" }, outlier: true, prevEvents: [] },
    ]);
    expect((await api.get(eventPath(roomId, invite?.eventId ?? ""), { token: outsider.token })).status).toBe(200);
    expect((await api.get(eventPath(roomId, other?.eventId ?? ""), { token: alice.token })).status).toBe(404);
  });

  it("expires with the retention policy (items 73-75 via /event)", async () => {
    const rapi = await createTestApi({ retention: { enabled: true, default_policy: { max_lifetime: "1d" } } });
    const rfx = roomFixture(rapi.app);
    const carol = await rapi.user("carol");
    const roomId = await rfx.create(carol.userId, { preset: "public_chat" });
    const m = await rfx.send(roomId, carol.userId, "short-lived", { originServerTs: rapi.app.clock.now() });
    expect((await rapi.get(eventPath(roomId, m.eventId), { token: carol.token })).status).toBe(200);
    await rapi.app.clock.advance(2 * 86_400_000);
    expect((await rapi.get(eventPath(roomId, m.eventId), { token: carol.token })).status).toBe(404);
  });
});

describe("timestamp_to_event", () => {
  it("finds the closest event in each direction (client v1 path, unstable path, admin)", async () => {
    const { roomId, events } = await roomWithMessages(4);
    const [, e1, e2] = events;
    const ts = 1_000_000 + 1500;
    for (const [p, token] of [[tsPath(roomId), alice.token], [`/_matrix/client/unstable/org.matrix.msc3030/rooms/${enc(roomId)}/timestamp_to_event`, alice.token], [adminTsPath(roomId), admin.token]] as const) {
      expect((await api.get(p, { token, query: { ts, dir: "f" } })).body).toEqual({ event_id: e2?.eventId, origin_server_ts: e2?.originServerTs });
      expect((await api.get(p, { token, query: { ts, dir: "b" } })).body).toEqual({ event_id: e1?.eventId, origin_server_ts: e1?.originServerTs });
      expect((await api.get(p, { token, query: { ts: e1?.originServerTs ?? 0 } })).body.event_id).toBe(e1?.eventId);
      expect(await api.get(p, { token, query: { ts: 9_999_999_999_999, dir: "f" } })).toMatchObject({
        status: 404,
        body: { errcode: "M_NOT_FOUND", error: "Unable to find event from 9999999999999 in direction f" },
      });
    }
  });

  it("negatives: missing/bad ts, bad dir, no token, non-member, not admin", async () => {
    const { roomId } = await roomWithMessages(1);
    expect(await api.get(tsPath(roomId), { token: alice.token })).toMatchObject({ status: 400, body: { errcode: "M_MISSING_PARAM" } });
    expect(await api.get(tsPath(roomId), { token: alice.token, query: { ts: "abc" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(tsPath(roomId), { token: alice.token, query: { ts: 1, dir: "x" } })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    expect(await api.get(tsPath(roomId), { query: { ts: 1 } })).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.get(tsPath(roomId), { token: outsider.token, query: { ts: 1 } })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(adminTsPath(roomId), { token: alice.token, query: { ts: 1 } })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(adminTsPath(roomId), { token: admin.token })).toMatchObject({ status: 400, body: { errcode: "M_MISSING_PARAM" } });
    expect(await api.get(adminTsPath("!unknown:test"), { token: admin.token, query: { ts: 1 } })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
  });
});
