import { describe, expect, it } from "vitest";
import { createTestApi } from "../testing";
import { persistEvents, type StoredEvent } from "@/server/events";
import { createRoom } from "@/server/rooms";
import { purgeHistory, resolvePurgePoint } from "@/server/purge";
import { shiftEventDepth } from "@/server/purge/testing/inspect";

const api = await createTestApi();
const admin = await api.user("admin", { admin: true });
const consoleAdmin = await api.user("boss", { consoleRole: "admin" });
const moderator = await api.user("mod", { consoleRole: "moderator" });
const ctx = api.app.ctx("system:test");
const ALICE = "@alice:test";
const REMOTE = "@carol:remote.example";

const preview = (roomId: string, query: Record<string, string | number | boolean | undefined>, token = admin.token) =>
  api.get(`/_scrollback/v1/rooms/${encodeURIComponent(roomId)}/purge_preview`, { token, query });

/** Room setup (6 state events), then local and remote messages, a reaction, a topic change, a boundary and a newer message. */
async function scenario() {
  const { roomId } = await createRoom(ctx, { creator: ALICE });
  const one = async (sender: string, type: string, content: Record<string, unknown>, stateKey?: string): Promise<StoredEvent> => {
    await api.app.clock.advance(1000);
    const [e] = await persistEvents(ctx, roomId, [{ type, sender, content, stateKey, originServerTs: api.app.clock.now() }]);
    if (!e) throw new Error("persist failed");
    return e;
  };
  const l1 = await one(ALICE, "m.room.message", { body: "local 1" });
  const r1 = await one(REMOTE, "m.room.message", { body: "remote 1" });
  const r2 = await one(REMOTE, "m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: l1.eventId, key: "👍" } });
  const topic = await one(ALICE, "m.room.topic", { topic: "t" }, "");
  const l2 = await one(ALICE, "m.room.message", { body: "local 2" });
  const boundary = await one(REMOTE, "m.room.message", { body: "boundary" });
  const newest = await one(ALICE, "m.room.message", { body: "newest" });
  return { roomId, l1, r1, r2, topic, l2, boundary, newest };
}

describe("GET purge_preview", () => {
  it("needs a token and the console admin role", async () => {
    const { roomId, boundary } = await scenario();
    expect(await api.get(`/_scrollback/v1/rooms/${roomId}/purge_preview`, { query: { event_id: boundary.eventId } })).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await preview(roomId, { event_id: boundary.eventId }, "bad")).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    expect(await preview(roomId, { event_id: boundary.eventId }, moderator.token)).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect((await preview(roomId, { event_id: boundary.eventId }, consoleAdmin.token)).status).toBe(200);
  });

  it("validates as the purge endpoint does", async () => {
    const { roomId } = await scenario();
    const other = await scenario();
    expect(await preview(roomId, {})).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await preview(roomId, { ts: "soon" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await preview(roomId, { ts: "1.5" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await preview(roomId, { event_id: "$nope" })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await preview(roomId, { event_id: other.boundary.eventId })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "Event is for wrong room." } });
    expect(await preview("!unknown:test", { ts: 0 })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND", error: "there is no event to be purged" } });
    expect(await preview(roomId, { event_id: other.boundary.eventId, delete_local_events: "maybe" })).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
  });

  it("counts what would go and what stays, and why; then the purge does exactly that", async () => {
    const s = await scenario();
    const res = await preview(s.roomId, { event_id: s.boundary.eventId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      room_id: s.roomId,
      boundary: { event_id: s.boundary.eventId, token: `t${s.boundary.depth}-${s.boundary.streamOrdering}`, depth: s.boundary.depth },
      delete_local_events: false,
      delete: { total: 2, local: 0, remote: 2, by_type: { "m.room.message": 1, "m.reaction": 1 }, oldest_ts: s.r1.originServerTs, newest_ts: s.r2.originServerTs },
      keep: { state_events: 7, local_events: 2, at_or_after_boundary: 2, newest_event_id: s.newest.eventId },
      refusal: null,
    });
    const withLocal = await preview(s.roomId, { event_id: s.boundary.eventId, delete_local_events: true });
    expect(withLocal.body).toMatchObject({
      delete: { total: 4, local: 2, remote: 2, by_type: { "m.room.message": 3, "m.reaction": 1 }, oldest_ts: s.l1.originServerTs, newest_ts: s.l2.originServerTs },
      keep: { state_events: 7, local_events: 0, at_or_after_boundary: 2 },
    });
    const point = await resolvePurgePoint(ctx, { roomId: s.roomId, eventId: s.boundary.eventId });
    const progress = await purgeHistory(ctx, { roomId: s.roomId, depth: point.depth, deleteLocalEvents: true });
    expect(progress).toMatchObject({ deleted: 4, total: 4, demoted: 7 });
    const after = await preview(s.roomId, { event_id: s.boundary.eventId, delete_local_events: true });
    expect(after.body).toMatchObject({ delete: { total: 0, by_type: {} }, keep: { state_events: 0, at_or_after_boundary: 2 } });
  });

  it("by ts, uses received_ts as the purge does; reports a refusal the task would hit", async () => {
    const s = await scenario();
    const res = await preview(s.roomId, { ts: s.l2.receivedTs, delete_local_events: true });
    expect(res.body).toMatchObject({ boundary: { event_id: s.l2.eventId }, delete: { total: 3 } });
    // Simulate a room whose forward extremities lie below the boundary (a purge would be refused).
    await shiftEventDepth(ctx, s.newest.eventId, 1 - s.newest.depth);
    const refused = await preview(s.roomId, { event_id: s.boundary.eventId });
    expect(refused.body).toMatchObject({ refusal: "topological_ordering is greater than forward extremities" });
  });
});
