import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import { lazyMembers } from "./lazy-members";
import { paginateRoom } from "./paginate-room";
import { roomFixture } from "./testing";

const app = await createTestApp();
const ctx = app.ctx("@alice:test");
const fx = roomFixture(app);
const [ALICE, BOB, CAROL] = ["@alice:test", "@bob:test", "@carol:test"];
const lazy = { lazy_load_members: true };

// The page query brings the members of every page sender at the page's first row; the answer must
// be what the separate lookup (lazyMembers at the first served event, served senders only) gives.
describe("lazy_load_members from the page query", () => {
  it("equals the separate lookup when the first row is served, with members changing inside the page", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    await fx.member(roomId, BOB, "join");
    await fx.member(roomId, CAROL, "join");
    await fx.send(roomId, BOB, "bob 1");
    await fx.persist(roomId, [{ type: "m.room.member", stateKey: BOB, sender: BOB, content: { membership: "join", displayname: "Bob 2" } }]);
    await fx.send(roomId, CAROL, "carol 1");
    const last = await fx.send(roomId, BOB, "bob 2");
    const page = await paginateRoom(ctx, { roomId, viewer: { userId: ALICE }, dir: "b", limit: 4, filter: lazy });
    expect(page.chunk[0]?.event_id).toBe(last.eventId);
    const expected = await lazyMembers(ctx, { roomId, at: last, senders: page.chunk.map((e) => String(e.sender)) });
    expect(page.state?.map((e) => [e.event_id, e.content])).toEqual(expected.map((e) => [e.eventId, e.content]));
    expect(page.state?.map((e) => e.state_key).sort()).toEqual([BOB, CAROL]);
    expect(page.state?.find((e) => e.state_key === BOB)?.content).toEqual({ membership: "join", displayname: "Bob 2" });
    // forwards: the first row is the oldest, so Bob's member event is the one before his rename
    const forwards = await paginateRoom(ctx, { roomId, viewer: { userId: ALICE }, dir: "f", from: `t${last.depth - 3}-0`, limit: 2, filter: lazy });
    const first = forwards.chunk[0];
    expect(first?.content).toEqual({ msgtype: "m.text", body: "bob 1" });
    expect(forwards.state?.map((e) => e.content)).toEqual([{ membership: "join" }]);
  });

  it("falls back to the lookup at the first served event when the first row is hidden", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    await fx.member(roomId, BOB, "join");
    await fx.member(roomId, CAROL, "join");
    const bob = await fx.send(roomId, BOB, "bob");
    // Bob renames after his message: at the hidden first row his member event is the rename, at his message it is not.
    await fx.persist(roomId, [{ type: "m.room.member", stateKey: BOB, sender: BOB, content: { membership: "join", displayname: "Bob 2" } }]);
    await fx.send(roomId, CAROL, "carol, ignored by alice");
    await fx.ignore(ALICE, [CAROL]);
    const filter = { ...lazy, types: ["m.room.message"] };
    const page = await paginateRoom(ctx, { roomId, viewer: { userId: ALICE }, dir: "b", limit: 2, filter });
    expect(page.chunk.map((e) => e.event_id)).toEqual([bob.eventId]);
    const expected = await lazyMembers(ctx, { roomId, at: bob, senders: [BOB] });
    expect(page.state?.map((e) => e.event_id)).toEqual(expected.map((e) => e.eventId));
    expect(page.state?.map((e) => e.content)).toEqual([{ membership: "join" }]);
    await fx.ignore(ALICE, []);
  });

  it("sends no state when nothing is served, and none without the flag", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    await fx.member(roomId, CAROL, "join");
    await fx.send(roomId, CAROL, "ignored");
    await fx.ignore(ALICE, [CAROL]);
    const page = await paginateRoom(ctx, { roomId, viewer: { userId: ALICE }, dir: "b", limit: 1, filter: lazy });
    expect(page.chunk).toEqual([]);
    expect(page.state).toBeUndefined();
    await fx.ignore(ALICE, []);
    expect((await paginateRoom(ctx, { roomId, viewer: { userId: ALICE }, dir: "b", limit: 1 })).state).toBeUndefined();
    expect((await paginateRoom(ctx, { roomId, viewer: { admin: true }, dir: "b", limit: 1, filter: lazy })).state?.map((e) => e.state_key)).toEqual([CAROL]);
  });
});
