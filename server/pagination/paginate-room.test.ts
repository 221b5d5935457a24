import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import type { Backfiller, BackfillRequest } from "./backfill";
import { noBackfill } from "./backfill";
import { paginateRoom } from "./paginate-room";
import { roomFixture } from "./testing";

const app = await createTestApp();
const ctx = app.ctx("@alice:test");
const fx = roomFixture(app);
const ALICE = "@alice:test";

function recordingBackfiller(onCall?: (request: BackfillRequest) => Promise<boolean>): Backfiller & { calls: BackfillRequest[] } {
  const calls: BackfillRequest[] = [];
  return {
    calls,
    async backfill(_ctx, request) {
      calls.push(request);
      return { fetched: onCall ? await onCall(request) : false };
    },
  };
}

describe("paginateRoom: the core verb the console calls", () => {
  it("returns chunk/start/end for a user and for the admin viewer", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    const m = await fx.send(roomId, ALICE, "hello");
    const asUser = await paginateRoom(ctx, { roomId, viewer: { userId: ALICE }, dir: "b", limit: 1 });
    expect(asUser.chunk.map((e) => e.event_id)).toEqual([m.eventId]);
    expect(asUser.end).toBe(`t${m.depth}-${m.streamOrdering - 1}`);
    const asAdmin = await paginateRoom(ctx, { roomId, viewer: { admin: true }, dir: "f", limit: 100 });
    expect(asAdmin.chunk).toHaveLength(6);
    expect(asAdmin.start).toBe("s0");
    await expect(paginateRoom(ctx, { roomId, viewer: { userId: "@stranger:test" } })).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
    await expect(paginateRoom(ctx, { roomId, viewer: { admin: true }, from: "bogus" })).rejects.toMatchObject({ errcode: "M_UNKNOWN" });
  });

  it("the default backfiller fetches nothing", async () => {
    await expect(noBackfill.backfill(ctx, { roomId: "!x:test", currentDepth: 5, limit: 10 })).resolves.toEqual({ fetched: false });
  });

  it("waits for backfill on a short backwards page and re-reads when it fetched something", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    let pulled = "";
    const backfiller = recordingBackfiller(async () => {
      if (pulled) return false;
      // What a federation pull would store: an older event with no known parents.
      const [event] = await fx.persist(roomId, [{ type: "m.room.message", sender: "@bob:remote", content: { body: "from afar" }, prevEvents: [] }]);
      pulled = event?.eventId ?? "";
      return true;
    });
    const page = await paginateRoom(ctx, { roomId, viewer: { admin: true }, dir: "b", limit: 50, backfiller });
    expect(backfiller.calls).toHaveLength(1);
    expect(backfiller.calls[0]).toMatchObject({ roomId, limit: 50 });
    expect(page.chunk.map((e) => e.event_id)).toContain(pulled);
  });

  it("backfills in the background on a full page, and never forwards", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    await fx.persist(roomId, Array.from({ length: 5 }, (_, i) => ({ type: "m.room.message", sender: ALICE, content: { body: `${i}` } })));
    const backfiller = recordingBackfiller(async () => true);
    const full = await paginateRoom(ctx, { roomId, viewer: { admin: true }, dir: "b", limit: 3, backfiller });
    expect(full.chunk).toHaveLength(3);
    expect(backfiller.calls).toHaveLength(1); // started, not awaited, no re-read
    await paginateRoom(ctx, { roomId, viewer: { admin: true }, dir: "f", limit: 3, backfiller });
    expect(backfiller.calls).toHaveLength(1);
  });
});
