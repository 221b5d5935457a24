import { describe, expect, it } from "vitest";
import { createTestApp } from "../testing/test-app";
import { redactEvent } from "../rooms";
import { countReactions } from "./reaction-counts";
import { roomFixture } from "./testing";

const app = await createTestApp();
const ctx = app.ctx("system:test");
const fx = roomFixture(app);
const ALICE = "@alice:test";

const react = (eventId: string, key: string, sender = ALICE) => ({
  type: "m.reaction",
  sender,
  content: { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } },
});

describe("countReactions", () => {
  it("counts reactions per key for the asked events only, without redacted ones", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    const a = await fx.send(roomId, ALICE, "a");
    const b = await fx.send(roomId, ALICE, "b");
    const c = await fx.send(roomId, ALICE, "c");
    const [, , , gone] = await fx.persist(roomId, [react(a.eventId, "👍"), react(a.eventId, "👍", "@bob:test"), react(a.eventId, "🎉"), react(a.eventId, "🎉", "@bob:test"), react(b.eventId, "x"), react(c.eventId, "y")]);
    if (!gone) throw new Error("nothing persisted");
    await redactEvent(app.ctx(ALICE), { roomId, sender: ALICE, eventId: gone.eventId });
    const counts = await countReactions(ctx, { roomId, eventIds: [a.eventId, b.eventId] });
    expect(counts.get(a.eventId)).toEqual([
      { key: "👍", count: 2 },
      { key: "🎉", count: 1 },
    ]);
    expect(counts.get(b.eventId)).toEqual([{ key: "x", count: 1 }]);
    expect(counts.has(c.eventId)).toBe(false);
    expect((await countReactions(ctx, { roomId, eventIds: [] })).size).toBe(0);
  });
});
