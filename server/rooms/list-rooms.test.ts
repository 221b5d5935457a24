import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import { createRoom } from "./create-room";
import { listRooms } from "./list-rooms";
import { setBlockStatus } from "./room-admin";

const app = await createTestApp({ retention: { enabled: true, default_policy: { min_lifetime: "1d", max_lifetime: "30d" } } });
const ctx = app.ctx("@admin:test");

describe("listRooms", () => {
  it("returns domain objects with counts, retention and block state", async () => {
    const { roomId: kept } = await createRoom(ctx, { creator: "@alice:test", name: "Kept", initialState: [{ type: "m.room.retention", content: { max_lifetime: 3_600_000 } }] });
    const { roomId: plain } = await createRoom(ctx, { creator: "@bob:test", name: "Plain", topic: "t" });
    await setBlockStatus(ctx, { roomId: plain, block: true, userId: "@admin:test" });
    const { rooms, total } = await listRooms(ctx, {});
    expect(total).toBe(2);
    const [first, second] = rooms;
    expect(first).toMatchObject({
      roomId: kept,
      name: "Kept",
      joinedMembers: 1,
      joinedLocalMembers: 1,
      creator: "@alice:test",
      retention: { minLifetime: null, maxLifetime: 3_600_000 },
      effectiveRetention: { minLifetime: 86_400_000, maxLifetime: 3_600_000 },
      blocked: false,
      joinRule: "invite",
      historyVisibility: "shared",
    });
    expect(first?.events).toBeGreaterThan(5);
    expect(first?.stateEvents).toBe(first?.events);
    expect(second).toMatchObject({ roomId: plain, topic: "t", blocked: true, retention: null, effectiveRetention: { maxLifetime: 30 * 86_400_000 } });
    expect((await listRooms(ctx, { filters: { blocked: true } })).rooms.map((r) => r.roomId)).toEqual([plain]);
    expect((await listRooms(ctx, { filters: { withRetentionPolicy: true } })).rooms.map((r) => r.roomId)).toEqual([kept]);
    expect((await listRooms(ctx, { filters: { empty: false }, orderBy: "creator", dir: "b" })).rooms.map((r) => r.roomId)).toEqual([plain, kept]);
    expect((await listRooms(ctx, { roomId: plain })).rooms.map((r) => r.roomId)).toEqual([plain]);
  });
});
