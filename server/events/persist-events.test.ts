import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestApp } from "../testing/test-app";
import * as t from "../db/schema";
import { createRoom } from "../rooms";
import { persistEvents } from "./persist-events";

const app = await createTestApp();
const ctx = app.ctx("@alice:test");

describe("persistEvents", () => {
  it("chains depth, keeps one forward extremity and records state, relations and redactions", async () => {
    const { roomId } = await createRoom(ctx, { creator: "@alice:test", name: "Room" });
    const [m1] = await persistEvents(ctx, roomId, [{ type: "m.room.message", sender: "@alice:test", content: { body: "hi", msgtype: "m.text" } }]);
    expect(m1).toBeDefined();
    const [edit, redaction] = await persistEvents(ctx, roomId, [
      { type: "m.room.message", sender: "@alice:test", content: { body: "* hi", "m.relates_to": { rel_type: "m.replace", event_id: m1!.eventId } } },
      { type: "m.room.redaction", sender: "@alice:test", content: { redacts: m1!.eventId } },
    ]);
    expect(edit!.depth).toBe(m1!.depth + 1);
    expect(redaction!.depth).toBe(m1!.depth + 2);
    const extremities = await app.conn.db.select().from(t.eventForwardExtremities).where(eq(t.eventForwardExtremities.roomId, roomId));
    expect(extremities.map((e) => e.eventId)).toEqual([redaction!.eventId]);
    const [target] = await app.conn.db.select().from(t.events).where(eq(t.events.eventId, m1!.eventId));
    expect(target!.redactedBy).toBe(redaction!.eventId);
    const relations = await app.conn.db.select().from(t.eventRelations).where(eq(t.eventRelations.roomId, roomId));
    expect(relations).toEqual([{ eventId: edit!.eventId, relatesToId: m1!.eventId, relType: "m.replace", aggregationKey: null, roomId }]);
    const state = await app.conn.db.select().from(t.currentState).where(eq(t.currentState.roomId, roomId));
    expect(state.map((s) => s.type).sort()).toContain("m.room.name");
    const [room] = await app.conn.db.select().from(t.rooms).where(eq(t.rooms.roomId, roomId));
    expect(room!.eventCount).toBe(10);
  });

  it("rejects an unknown prev_event and stores nothing of the batch", async () => {
    const { roomId } = await createRoom(ctx, { creator: "@alice:test" });
    await expect(
      persistEvents(ctx, roomId, [
        { type: "m.room.message", sender: "@bob:remote", content: { body: "a" } },
        { type: "m.room.message", sender: "@bob:remote", content: { body: "b" }, prevEvents: ["$missing"] },
      ]),
    ).rejects.toThrow(/unknown prev_event/);
    const rows = await app.conn.db.select().from(t.events).where(eq(t.events.roomId, roomId));
    expect(rows).toHaveLength(6);
  });
});
