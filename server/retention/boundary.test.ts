import { describe, expect, it } from "vitest";
import { resolvePurgePoint } from "../purge/purge-point";
import { createTestApp } from "../testing/test-app";
import { findBoundaries } from "./boundary";
import { HOUR, roomWithPolicy, sendText } from "./test-helpers";

const app = await createTestApp();
const ctx = app.ctx("@alice:test");

describe("findBoundaries", () => {
  it("gives resolvePurgePoint's answer for every room and cutoff, searching the stream once per cutoff", async () => {
    const rooms: string[] = [];
    for (let i = 0; i < 4; i++) rooms.push(await roomWithPolicy(ctx, "@alice:test", null));
    const start = app.clock.now();
    for (let hour = 0; hour < 12; hour++) {
      // Interleave rooms, so a room's boundary is often not at the global stream position.
      const room = rooms[hour % 3] ?? "";
      await sendText(ctx, room, hour % 2 === 0 ? "@alice:test" : "@bob:remote", `m${hour}`);
      await app.clock.advance(HOUR);
    }
    const memo = new Map<number, number>();
    for (const cutoff of [start - HOUR, start, start + 1, start + 3.5 * HOUR, start + 7 * HOUR, start + 20 * HOUR]) {
      const found = await findBoundaries(ctx, rooms, cutoff, memo);
      for (const roomId of rooms) {
        const expected = await resolvePurgePoint(ctx, { roomId, ts: cutoff }).catch(() => null);
        const got = found.get(roomId) ?? null;
        expect(got && { eventId: got.eventId, depth: got.depth, token: got.token }).toEqual(expected && { eventId: expected.eventId, depth: expected.depth, token: expected.token });
      }
    }
    expect(memo.size).toBe(6);
  });
});
