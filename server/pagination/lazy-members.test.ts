import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import type { StoredEvent } from "../events";
import { lazyMembers, membersOfPage, type PageMembers } from "./lazy-members";
import { paginateRoom } from "./paginate-room";
import { roomFixture } from "./testing";

const app = await createTestApp();
const ctx = app.ctx("@alice:test");
const fx = roomFixture(app);
const [ALICE, BOB, CAROL] = ["@alice:test", "@bob:test", "@carol:test"];
const lazy = { lazy_load_members: true };

// The members query (run beside the page query) brings the members of every page sender at the
// page's first row; the answer must be what the separate lookup (lazyMembers at the first served
// event, served senders only) gives.
describe("lazy_load_members from the members query", () => {
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

describe("membersOfPage: the members query's answer is kept only for the page it saw", () => {
  const member = (userId: string): StoredEvent => ({
    eventId: `$m-${userId}`,
    roomId: "!r:test",
    streamOrdering: 1,
    depth: 1,
    type: "m.room.member",
    stateKey: userId,
    sender: userId,
    content: { membership: "join" },
    prevEvents: [],
    originServerTs: 0,
    receivedTs: 0,
    isLocal: true,
    outlier: false,
    rejectionReason: null,
    softFailed: false,
    containsUrl: false,
    redactedBy: null,
  });
  const page: PageMembers = { firstEventId: "$1", senders: new Set([ALICE, BOB]), members: [member(ALICE), member(BOB)] };
  const served = [{ eventId: "$1", sender: BOB }];

  it("keeps the served senders' members when it saw the same first row and every served sender", () => {
    expect(membersOfPage(page, "$1", served)?.map((m) => m.stateKey)).toEqual([BOB]);
  });

  it("is not the answer for another snapshot's page: another first row, or a served sender it did not see", () => {
    expect(membersOfPage(page, "$0", served)).toBeNull();
    expect(membersOfPage(page, "$1", [...served, { eventId: "$2", sender: CAROL }])).toBeNull();
  });

  it("is not the answer when the first row is not the first event served", () => {
    expect(membersOfPage(page, "$1", [{ eventId: "$2", sender: ALICE }])).toBeNull();
    expect(membersOfPage(page, "$1", [])).toBeNull();
  });
});
