import { describe, expect, it } from "vitest";
import { roomFixture } from "@/server/pagination/testing";
import { createTestApi, type ApiResult } from "../testing";

// §2.7 item 5 / §2.8: an erased sender's events lose the lax shortcut and come back pruned to
// anyone who was not joined when they were sent; everyone else's events are unaffected.

const api = await createTestApi();
const fx = roomFixture(api.app);
const admin = await api.user("root", { admin: true });
const names = ["alice", "eve", "bob", "dave", "carol", "frank"] as const;
const u = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await api.user(n)] as const))) as Record<(typeof names)[number], { userId: string; token: string }>;

type Ev = Record<string, unknown> & { event_id: string; content: Record<string, unknown>; unsigned: Record<string, unknown> };
const room = (roomId: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}`;
const chunk = (r: ApiResult) => r.body.chunk as Ev[];
const messages = async (roomId: string, token: string) => {
  const res = await api.get(`${room(roomId)}/messages`, { token, query: { dir: "b", limit: 1000 } });
  expect(res.status).toBe(200);
  return chunk(res);
};
const byId = (events: Ev[], eventId: string) => {
  const found = events.find((e) => e.event_id === eventId);
  if (!found) throw new Error(`${eventId} not in page`);
  return found;
};
const erase = async (userId: string) => {
  const res = await api.post(`/_synapse/admin/v1/deactivate/${encodeURIComponent(userId)}`, { erase: true }, { token: admin.token });
  expect(res.status).toBe(200);
};

/**
 * A shared room: alice creates it, eve and bob join, dave joins and leaves later, eve talks and
 * changes her display name, alice talks, then carol joins. Eve's tokens end when she is erased.
 */
async function sharedRoom() {
  const { alice, eve, bob, dave, carol } = u;
  const roomId = await fx.create(alice.userId, { preset: "public_chat" });
  await fx.visibility(roomId, alice.userId, "shared");
  await fx.state(roomId, eve.userId, "m.room.member", { membership: "join", displayname: "Eve" }, eve.userId);
  await fx.member(roomId, bob.userId, "join");
  await fx.member(roomId, dave.userId, "join");
  const secret = await fx.send(roomId, eve.userId, "eve's secret", { content: { msgtype: "m.text", body: "eve's secret", "m.mentions": {} } });
  const rename = await fx.state(roomId, eve.userId, "m.room.member", { membership: "join", displayname: "Eve Renamed" }, eve.userId);
  const plain = await fx.send(roomId, alice.userId, "alice speaks");
  await fx.member(roomId, dave.userId, "leave");
  await fx.member(roomId, carol.userId, "join");
  return { roomId, secret, rename, plain };
}

describe("erased senders in /messages", () => {
  it("before erasure everyone who may read sees eve in full; after, only members joined at her events do", async () => {
    const { roomId, secret, rename, plain } = await sharedRoom();
    expect(byId(await messages(roomId, u.carol.token), secret.eventId).content.body).toBe("eve's secret");
    await erase(u.eve.userId);

    // bob and dave were joined when eve spoke (dave has left since): full content.
    for (const viewer of [u.bob, u.dave]) {
      const events = await messages(roomId, viewer.token);
      expect(byId(events, secret.eventId).content).toEqual({ msgtype: "m.text", body: "eve's secret", "m.mentions": {} });
      expect(byId(events, rename.eventId).content).toEqual({ membership: "join", displayname: "Eve Renamed" });
    }

    // carol joined later: still visible (shared), but pruned by the redaction algorithm.
    const carols = await messages(roomId, u.carol.token);
    const pruned = byId(carols, secret.eventId);
    expect(pruned.content).toEqual({});
    expect(pruned).toMatchObject({ type: "m.room.message", sender: u.eve.userId, unsigned: { membership: "leave" } });
    const renamed = byId(carols, rename.eventId);
    expect(renamed.content).toEqual({ membership: "join" }); // membership is a kept key
    expect(renamed.unsigned.prev_content).toBeUndefined(); // prune_event keeps only replaces_state of unsigned
    expect(renamed.unsigned.replaces_state).toEqual(expect.any(String));
    expect(renamed.replaces_state).toBe(renamed.unsigned.replaces_state);
    // alice is not erased: her message is untouched for carol.
    expect(byId(carols, plain.eventId).content).toEqual({ msgtype: "m.text", body: "alice speaks" });

    // The admin API applies no visibility: full content.
    const adminPage = await api.get(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/messages`, { token: admin.token, query: { dir: "b", limit: 1000 } });
    expect(byId(chunk(adminPage), secret.eventId).content.body).toBe("eve's secret");
  });

  it("a peeker in a world_readable room gets an erased sender's events pruned, a member joined at them in full", async () => {
    const { alice, bob, frank } = u;
    const zed = await api.user("zed");
    const roomId = await fx.create(alice.userId, { preset: "public_chat" });
    await fx.visibility(roomId, alice.userId, "world_readable");
    await fx.member(roomId, zed.userId, "join");
    await fx.member(roomId, bob.userId, "join");
    const said = await fx.send(roomId, zed.userId, "zed was here");
    const plain = await fx.send(roomId, alice.userId, "alice was here");
    await erase(zed.userId);
    const peeked = await messages(roomId, frank.token);
    expect(byId(peeked, said.eventId).content).toEqual({});
    expect(byId(peeked, plain.eventId).content.body).toBe("alice was here");
    expect(byId(await messages(roomId, bob.token), said.eventId).content.body).toBe("zed was here");
  });

  it("erasure only prunes: joined-only history stays hidden from later joiners, and events they were joined at stay full", async () => {
    const { alice, carol } = u;
    const yan = await api.user("yan");
    const roomId = await fx.create(alice.userId, { preset: "public_chat" });
    await fx.visibility(roomId, alice.userId, "joined");
    await fx.member(roomId, yan.userId, "join");
    const said = await fx.send(roomId, yan.userId, "before carol");
    await fx.member(roomId, carol.userId, "join");
    const after = await fx.send(roomId, yan.userId, "after carol");
    await erase(yan.userId);
    const seen = await messages(roomId, carol.token);
    expect(seen.map((e) => e.event_id)).not.toContain(said.eventId);
    expect(byId(seen, after.eventId).content.body).toBe("after carol"); // joined at it: full
  });
});

describe("erased senders in /context and /event agree with /messages", () => {
  it("prunes the same events for the same viewers", async () => {
    const { roomId, secret, rename, plain } = await sharedRoom();
    await erase(u.eve.userId);
    for (const viewer of [u.bob, u.carol]) {
      const page = await messages(roomId, viewer.token);
      const event = await api.get(`${room(roomId)}/event/${encodeURIComponent(secret.eventId)}`, { token: viewer.token });
      expect(event.status).toBe(200);
      expect(event.body.content).toEqual(byId(page, secret.eventId).content);
      const context = await api.get(`${room(roomId)}/context/${encodeURIComponent(secret.eventId)}`, { token: viewer.token, query: { limit: 10 } });
      expect(context.status).toBe(200);
      expect((context.body.event as Ev).content).toEqual(byId(page, secret.eventId).content);
      const after = context.body.events_after as Ev[];
      expect(byId(after, rename.eventId).content).toEqual(byId(page, rename.eventId).content);
      expect(byId(after, plain.eventId).content).toEqual(byId(page, plain.eventId).content);
      // The state with the room: eve's member event as the viewer may see it.
      const eveState = (context.body.state as Ev[]).find((e) => e.type === "m.room.member" && e.state_key === u.eve.userId);
      expect(eveState?.content).toEqual(viewer === u.bob ? { membership: "join", displayname: "Eve Renamed" } : { membership: "join" });
    }
    expect(byId(await messages(roomId, u.carol.token), secret.eventId).content).toEqual({});
  });
});
