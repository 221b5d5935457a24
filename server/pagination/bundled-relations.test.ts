import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "../db/schema";
import { newEventId } from "../events/ids";
import { createTestApp } from "../testing/test-app";
import { paginateRoom } from "./paginate-room";
import { roomFixture } from "./testing";

// Pages ask for aggregations only for events flagged has_bundled_relations (no per-row probe of
// event_relations). The flag must be set whatever order the relation and its target arrive in.

const app = await createTestApp();
const ctx = app.ctx("@alice:test");
const fx = roomFixture(app);
const ALICE = "@alice:test";

const text = (body: string, extra: Record<string, unknown> = {}) => ({ type: "m.room.message", sender: ALICE, content: { msgtype: "m.text", body, ...extra } });
const relatesTo = (relType: string, eventId: string) => ({ "m.relates_to": { rel_type: relType, event_id: eventId } });

async function flags(ids: string[]): Promise<Record<string, boolean>> {
  const rows = await ctx.db.select({ id: t.events.eventId, flag: t.events.hasBundledRelations }).from(t.events).where(inArray(t.events.eventId, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.flag]));
}

async function relationsOf(roomId: string, eventId: string): Promise<Record<string, unknown> | undefined> {
  const page = await paginateRoom(ctx, { roomId, viewer: { userId: ALICE }, dir: "b", limit: 50 });
  const event = page.chunk.find((e) => e.event_id === eventId);
  return (event?.unsigned as Record<string, unknown> | undefined)?.["m.relations"] as Record<string, unknown> | undefined;
}

describe("has_bundled_relations", () => {
  it("is set on a target stored earlier when an edit, a thread reply or a reference arrives", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    const [edited, threaded, referenced, reacted] = await Promise.all(["a", "b", "c", "d"].map((b) => fx.send(roomId, ALICE, b)));
    if (!edited || !threaded || !referenced || !reacted) throw new Error("not sent");
    await fx.persist(roomId, [
      text("* a2", { "m.new_content": { msgtype: "m.text", body: "a2" }, ...relatesTo("m.replace", edited.eventId) }),
      text("in thread", relatesTo("m.thread", threaded.eventId)),
      text("see c", relatesTo("m.reference", referenced.eventId)),
      { type: "m.reaction", sender: ALICE, content: { "m.relates_to": { rel_type: "m.annotation", event_id: reacted.eventId, key: "👍" } } },
    ]);
    expect(await flags([edited.eventId, threaded.eventId, referenced.eventId, reacted.eventId])).toEqual({
      [edited.eventId]: true,
      [threaded.eventId]: true,
      [referenced.eventId]: true,
      [reacted.eventId]: false, // annotations are never bundled
    });
    expect(await relationsOf(roomId, edited.eventId)).toHaveProperty("m.replace");
    expect(await relationsOf(roomId, threaded.eventId)).toMatchObject({ "m.thread": { count: 1 } });
    expect(await relationsOf(roomId, referenced.eventId)).toHaveProperty("m.reference");
    expect(await relationsOf(roomId, reacted.eventId)).toBeUndefined();
  });

  it("is set on a target written in the same batch as its relation", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    const rootId = newEventId();
    const [root] = await fx.persist(roomId, [{ eventId: rootId, ...text("root") }, text("reply", relatesTo("m.thread", rootId))]);
    expect(root?.eventId).toBe(rootId);
    expect(await flags([rootId])).toEqual({ [rootId]: true });
    expect(await relationsOf(roomId, rootId)).toMatchObject({ "m.thread": { count: 1, current_user_participated: true } });
  });

  it("is set on a target that arrives after its relation (imports keep their event ids)", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    const laterId = newEventId();
    await fx.persist(roomId, [text("see the next one", relatesTo("m.reference", laterId))]);
    await fx.persist(roomId, [{ eventId: laterId, ...text("late target") }]);
    expect(await flags([laterId])).toEqual({ [laterId]: true });
    expect(await relationsOf(roomId, laterId)).toMatchObject({ "m.reference": { chunk: [expect.objectContaining({ event_id: expect.any(String) })] } });
  });

  it("a stale flag (the relation purged) serves the event without aggregations", async () => {
    const roomId = await fx.create(ALICE, { preset: "public_chat" });
    const target = await fx.send(roomId, ALICE, "edited once");
    const [edit] = await fx.persist(roomId, [text("* e", { "m.new_content": { body: "e" }, ...relatesTo("m.replace", target.eventId) })]);
    if (!edit) throw new Error("not sent");
    await ctx.db.delete(t.events).where(inArray(t.events.eventId, [edit.eventId]));
    expect(await flags([target.eventId])).toEqual({ [target.eventId]: true });
    expect(await relationsOf(roomId, target.eventId)).toBeUndefined();
  });
});
