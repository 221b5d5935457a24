import { describe, expect, it } from "vitest";
import { roomFixture } from "@/server/pagination/testing";
import { createTestApi, type ApiResult, type TestApi } from "../testing";

const api = await createTestApi();
const fx = roomFixture(api.app);
const names = ["alice", "bob", "carol", "dave", "erin", "frank", "gina"] as const;
const u = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await api.user(n)] as const))) as Record<(typeof names)[number], { userId: string; token: string }>;

type Ev = Record<string, unknown> & { event_id: string; type: string; unsigned: Record<string, unknown> };
const chunkOf = (r: ApiResult) => r.body.chunk as Ev[];
const ids = (r: ApiResult) => chunkOf(r).map((e) => e.event_id);
const path = (roomId: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
const readAll = async (a: TestApi, roomId: string, token: string, dir: "b" | "f" = "b") => a.get(path(roomId), { token, query: { dir, limit: 1000 } });

/** The user forgets the room through the Matrix forget endpoint (they must have left it). */
async function forget(token: string, roomId: string) {
  expect(await api.post(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/forget`, {}, { token })).toMatchObject({ status: 200, body: {} });
}

describe("history visibility table (§2.8): 4 visibilities × viewer states", () => {
  const table = {
    world_readable: { joined: true, invited: true, other: true, left: true, peeker: true },
    shared: { joined: true, invited: true, other: true, left: true, peeker: false },
    invited: { joined: true, invited: true, other: false, left: true, peeker: false },
    joined: { joined: true, invited: false, other: false, left: true, peeker: false },
  } as const;

  for (const [visibility, expected] of Object.entries(table)) {
    it(`${visibility}`, async () => {
      const { alice, bob, carol, dave, erin, frank, gina } = u;
      const roomId = await fx.create(alice.userId, { preset: "public_chat" });
      await fx.visibility(roomId, alice.userId, visibility);
      await fx.member(roomId, bob.userId, "join");
      await fx.member(roomId, carol.userId, "invite", alice.userId);
      await fx.member(roomId, dave.userId, "join");
      await fx.member(roomId, gina.userId, "join");
      await fx.member(roomId, gina.userId, "leave");
      const m = await fx.send(roomId, alice.userId, `message under ${visibility}`);
      await fx.member(roomId, dave.userId, "leave");
      await fx.member(roomId, carol.userId, "join");
      await fx.member(roomId, erin.userId, "join");
      await fx.member(roomId, gina.userId, "join");
      // Peekers need the room world-readable *now*; the message keeps the visibility it was sent under.
      await fx.visibility(roomId, alice.userId, "world_readable");
      const sees = async (token: string) => ids(await readAll(api, roomId, token)).includes(m.eventId);
      expect(await sees(bob.token), "joined at the event").toBe(expected.joined);
      expect(await sees(carol.token), "invited at the event, joined now").toBe(expected.invited);
      expect(await sees(erin.token), "not yet a member at the event, joined now").toBe(expected.other);
      expect(await sees(gina.token), "left before the event, rejoined").toBe(expected.other);
      expect(await sees(dave.token), "joined at the event, left since").toBe(expected.left);
      expect(await sees(frank.token), "never a member, peeking").toBe(expected.peeker);
      // /event agrees with /messages for the peeker and for the joined member.
      const eventPath = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(m.eventId)}`;
      expect((await api.get(eventPath, { token: frank.token })).status).toBe(expected.peeker ? 200 : 404);
      expect((await api.get(eventPath, { token: bob.token })).status).toBe(200);
    });
  }

  it("a user sees their own leave, and a history_visibility change uses the less restrictive value", async () => {
    const { alice, bob } = u;
    const roomId = await fx.create(alice.userId, { preset: "public_chat" });
    await fx.visibility(roomId, alice.userId, "joined");
    const change = await fx.visibility(roomId, alice.userId, "shared");
    const restrict = await fx.visibility(roomId, alice.userId, "joined");
    await fx.member(roomId, bob.userId, "join");
    const leave = await fx.member(roomId, bob.userId, "leave");
    const seen = ids(await readAll(api, roomId, bob.token));
    expect(seen).toContain(leave.eventId);
    expect(seen).toContain(change.eventId); // joined → shared: shared
    expect(seen).toContain(restrict.eventId); // shared → joined: shared
  });
});

describe("departed users (§2.4, item 16) and peeking (item 15)", () => {
  it("clamps a departed user at their leave in both directions", async () => {
    const { alice, bob } = u;
    const roomId = await fx.create(alice.userId, { preset: "public_chat" });
    await fx.member(roomId, bob.userId, "join");
    const before = await fx.send(roomId, alice.userId, "before");
    const leave = await fx.member(roomId, bob.userId, "leave");
    const after = await fx.send(roomId, alice.userId, "after");
    const back = await api.get(path(roomId), { token: bob.token, query: { dir: "b" } });
    expect(back.body.start).toBe(`t${leave.depth}-${leave.streamOrdering}`);
    expect(chunkOf(back)[0]?.event_id).toBe(leave.eventId);
    expect(ids(back)).toContain(before.eventId);
    const fromLive = await api.get(path(roomId), { token: bob.token, query: { dir: "b", from: `t${after.depth}-${after.streamOrdering}` } });
    expect(fromLive.body.start).toBe(`t${leave.depth}-${leave.streamOrdering}`);
    expect(ids(fromLive)).not.toContain(after.eventId);
    const fwd = await readAll(api, roomId, bob.token, "f");
    expect(ids(fwd)).toContain(leave.eventId);
    expect(ids(fwd)).not.toContain(after.eventId);
    const next = await api.get(path(roomId), { token: bob.token, query: { dir: "f", from: String(fwd.body.end) } });
    expect(next.body).toEqual({ chunk: [], start: fwd.body.end });
    // A kick counts as leaving too; a ban does not let them read at all.
    await fx.member(roomId, bob.userId, "ban", alice.userId);
    expect((await readAll(api, roomId, bob.token)).status).toBe(403);
  });

  it("non-members get 403 until the room is world-readable, then see world-readable history and their own joined period (item 15)", async () => {
    const { alice, frank, gina } = u;
    const roomId = await fx.create(alice.userId, { preset: "public_chat" });
    await fx.member(roomId, gina.userId, "join");
    const ginaTime = await fx.send(roomId, alice.userId, "while gina was here");
    await fx.member(roomId, gina.userId, "leave");
    await forget(gina.token, roomId);
    const hidden = await fx.send(roomId, alice.userId, "shared history");
    expect(await readAll(api, roomId, frank.token)).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await readAll(api, roomId, gina.token)).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    const wr = await fx.visibility(roomId, alice.userId, "world_readable");
    const open = await fx.send(roomId, alice.userId, "world readable");
    const frankSees = ids(await readAll(api, roomId, frank.token));
    expect(frankSees).toEqual([open.eventId, wr.eventId]);
    const ginaSees = ids(await readAll(api, roomId, gina.token));
    expect(ginaSees).toEqual(expect.arrayContaining([open.eventId, wr.eventId, ginaTime.eventId]));
    expect(ginaSees).not.toContain(hidden.eventId);
    const peek = await readAll(api, roomId, frank.token);
    expect(chunkOf(peek)[0]?.unsigned.membership).toBe("leave");
  });
});

describe("hidden events (§2.7)", () => {
  it("hides dummy and aliases events, ignored users' messages and m.call.invite in public rooms", async () => {
    const { alice, bob } = u;
    const roomId = await fx.create(alice.userId, { preset: "public_chat" });
    await fx.member(roomId, bob.userId, "join");
    const [dummy, aliases, call, fromBob, bobTopic] = await fx.persist(roomId, [
      { type: "m.room.dummy", sender: alice.userId, content: {} },
      { type: "m.room.aliases", stateKey: "test", sender: alice.userId, content: { aliases: [] } },
      { type: "m.call.invite", sender: alice.userId, content: { call_id: "1" } },
      { type: "m.room.message", sender: bob.userId, content: { body: "ignored" } },
      { type: "m.room.topic", stateKey: "", sender: bob.userId, content: { topic: "state stays" } },
    ]);
    await fx.ignore(alice.userId, [bob.userId]);
    const seen = ids(await readAll(api, roomId, alice.token));
    for (const e of [dummy, aliases, call, fromBob]) expect(seen).not.toContain(e?.eventId);
    expect(seen).toContain(bobTopic?.eventId);
    const adminToken = (await api.user("root", { admin: true })).token;
    const adminSeen = ids(await api.get(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages`, { token: adminToken, query: { dir: "b", limit: 100 } }));
    for (const e of [dummy, aliases, call, fromBob]) expect(adminSeen).toContain(e?.eventId);
    const privateRoom = await fx.create(alice.userId, { preset: "private_chat" });
    const privateCall = await fx.persist(privateRoom, [{ type: "m.call.invite", sender: alice.userId, content: { call_id: "2" } }]);
    expect(ids(await readAll(api, privateRoom, alice.token))).toContain(privateCall[0]?.eventId);
  });
});

describe("retention (§2.9, item 18)", () => {
  it("hides expired non-state events per the effective policy", async () => {
    const rapi = await createTestApi({ retention: { enabled: true, default_policy: { max_lifetime: "3d" } } });
    const rfx = roomFixture(rapi.app);
    const alice = await rapi.user("alice");
    const roomId = await rfx.create(alice.userId, { preset: "public_chat" });
    const day = 86_400_000;
    const m1 = await rfx.send(roomId, alice.userId, "one", { originServerTs: rapi.app.clock.now() });
    await rapi.app.clock.advance(2 * day);
    const m2 = await rfx.send(roomId, alice.userId, "two", { originServerTs: rapi.app.clock.now() });
    await rapi.app.clock.advance(2 * day);
    const filter = JSON.stringify({ senders: [alice.userId], types: ["m.room.message"] });
    const res = await rapi.get(path(roomId), { token: alice.token, query: { dir: "b", filter } });
    expect(ids(res)).toEqual([m2.eventId]);
    expect(ids(res)).not.toContain(m1.eventId);
    // State events are never hidden by retention.
    expect(chunkOf(await readAll(rapi, roomId, alice.token)).some((e) => e.type === "m.room.create")).toBe(true);
    // A room policy overrides the default.
    await rfx.state(roomId, alice.userId, "m.room.retention", { max_lifetime: 10 * day });
    expect(ids(await rapi.get(path(roomId), { token: alice.token, query: { dir: "b", filter } }))).toEqual([m2.eventId, m1.eventId]);
  });
});
