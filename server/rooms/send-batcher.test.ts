import { describe, expect, it } from "vitest";
import { isMatrixError } from "../errors";
import { createTestApp } from "../testing/test-app";
import { createRoom } from "./create-room";
import { sendEvent } from "./send-event";

const app = await createTestApp();
const ctx = app.ctx("system:test");

describe("concurrent sends (group commit)", () => {
  it("answers each request on its own: stored, forbidden, or the earlier event for a repeated txn", async () => {
    const { roomId } = await createRoom(ctx, { creator: "@alice:test", invite: [] });
    const message = (sender: string, i: number, txnId = `t${i}`) =>
      sendEvent(ctx, { roomId, sender, type: "m.room.message", content: { msgtype: "m.text", body: `m${i}` }, txn: { deviceId: "D", txnId } });
    const results = await Promise.allSettled([
      ...Array.from({ length: 30 }, (_, i) => message("@alice:test", i)),
      message("@mallory:test", 99),
      message("@alice:test", 0, "t0"),
      message("@alice:test", 1, "t1"),
    ]);
    const ok = results.slice(0, 30).map((r) => (r.status === "fulfilled" ? r.value.eventId : null));
    expect(new Set(ok).size).toBe(30);
    expect(ok.every((id) => id !== null)).toBe(true);
    const mallory = results[30];
    expect(mallory?.status).toBe("rejected");
    if (mallory?.status === "rejected") expect(isMatrixError(mallory.reason) && mallory.reason.status).toBe(403);
    expect(results[31]).toEqual({ status: "fulfilled", value: { eventId: ok[0] } });
    expect(results[32]).toEqual({ status: "fulfilled", value: { eventId: ok[1] } });
    const rows = await app.conn.sql`select depth, content->>'body' as body from events where room_id = ${roomId} and type = 'm.room.message' order by depth`;
    expect(rows).toHaveLength(30);
    // One linear chain: every message one deeper than the last.
    const depths = rows.map((r) => Number(r.depth));
    expect(depths).toEqual(depths.map((_, i) => (depths[0] ?? 0) + i));
    const [ext] = await app.conn.sql`select count(*)::int as n from event_forward_extremities where room_id = ${roomId}`;
    expect(ext?.n).toBe(1);
  });

  it("gives every request the unknown-room error", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => sendEvent(ctx, { roomId: "!missing:test", sender: "@alice:test", type: "m.room.message", content: { msgtype: "m.text", body: `${i}` } })),
    );
    for (const r of results) {
      expect(r.status).toBe("rejected");
      if (r.status === "rejected") expect(isMatrixError(r.reason) && r.reason.errcode).toBe("M_FORBIDDEN");
    }
  });

  it("batches across rooms: each room keeps one chain, refusals and repeats stay per room, an unknown room fails alone", async () => {
    const rooms = await Promise.all([0, 1, 2].map(() => createRoom(ctx, { creator: "@alice:test" }).then((r) => r.roomId)));
    const send = (roomId: string, sender: string, body: string, txnId: string) =>
      sendEvent(ctx, { roomId, sender, type: "m.room.message", content: { msgtype: "m.text", body }, txn: { deviceId: "D", txnId } });
    const results = await Promise.allSettled([
      // The same txn id in every room: three different transactions, not repeats.
      ...rooms.flatMap((roomId, r) => Array.from({ length: 8 }, (_, i) => send(roomId, "@alice:test", `r${r} m${i}`, `x${i}`))),
      send(rooms[1] ?? "", "@mallory:test", "no", "m0"),
      send("!gone:test", "@alice:test", "nowhere", "g0"),
      send(rooms[2] ?? "", "@alice:test", "again", "x3"),
    ]);
    const ids = results.slice(0, 24).map((r) => (r.status === "fulfilled" ? r.value.eventId : null));
    expect(new Set(ids).size).toBe(24);
    expect(ids.every((id) => id !== null)).toBe(true);
    expect(results[24]).toMatchObject({ status: "rejected", reason: { errcode: "M_FORBIDDEN", status: 403 } });
    expect(results[25]).toMatchObject({ status: "rejected", reason: { errcode: "M_FORBIDDEN" } });
    expect(results[26]).toEqual({ status: "fulfilled", value: { eventId: ids[19] } });
    for (const [r, roomId] of rooms.entries()) {
      const rows = await app.conn.sql`select event_id, depth, prev_events, content->>'body' as body from events where room_id = ${roomId} order by depth`;
      const messages = rows.filter((row) => String(row.body ?? "").startsWith(`r${r} `));
      expect(messages.map((row) => row.body).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `r${r} m${i}`).sort());
      rows.forEach((row, i) => {
        if (i > 0) expect(row.prev_events).toEqual([rows[i - 1]?.event_id]);
      });
      const [ext] = await app.conn.sql`select count(*)::int as n from event_forward_extremities where room_id = ${roomId}`;
      expect(ext?.n).toBe(1);
    }
  });
});
