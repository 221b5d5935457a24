import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { connect } from "../db/client";
import { isMatrixError } from "../errors";
import { silentLogger } from "../logger";
import { createTestApp } from "../testing/test-app";
import { createRoom } from "./create-room";
import { changeMembership } from "./membership";
import { sendEvent } from "./send-event";
import { loadAuthStates, runnerOf } from "./auth-state";

// What group commit must keep when several instances share one PostgreSQL (each with its own
// in-process queue): per-room order and one chain, no deadlock between multi-room batches, and
// idempotent transaction ids; and that a refusal in one room costs no other message.
const app = await createTestApp();
const ctx = app.ctx("system:test");

const message = (c: typeof ctx, roomId: string, sender: string, body: string, txnId: string) =>
  sendEvent(c, { roomId, sender, type: "m.room.message", content: { msgtype: "m.text", body }, txn: { deviceId: "D", txnId } });

async function chainOf(roomId: string) {
  return app.conn.sql<Array<{ event_id: string; depth: number; stream_ordering: number; prev_events: string[]; body: string | null }>>`
    select event_id, depth, stream_ordering, prev_events, content->>'body' as body from events where room_id = ${roomId} order by depth, stream_ordering`;
}

describe("group commit across instances", () => {
  it("two instances batching into overlapping rooms keep one chain per room, in each sender's order, and store every message once", async () => {
    const rooms = await Promise.all([0, 1, 2, 3].map(() => createRoom(ctx, { creator: "@alice:test" }).then((r) => r.roomId)));
    const other = createApp({ conn: connect(app.url, { max: 4 }), config: app.config, clock: app.clock, logger: silentLogger, instanceName: "other" });
    try {
      // Each lane sends in sequence (as a client does) to its room; lanes of both instances share rooms.
      const lanes = [ctx, other.ctx("system:test")].flatMap((c, inst) =>
        Array.from({ length: 6 }, async (_, lane) => {
          const roomId = rooms[(lane + inst) % rooms.length] ?? "";
          for (let i = 0; i < 12; i++) await message(c, roomId, "@alice:test", `i${inst} l${lane} ${i}`, `i${inst}-l${lane}-${i}`);
        }),
      );
      await Promise.all(lanes);
      // A retry of an early request through the other instance answers with the stored event.
      const again = await message(other.ctx("system:test"), rooms[0] ?? "", "@alice:test", "ignored", "i0-l0-0");
      const chain0 = await chainOf(rooms[0] ?? "");
      expect(chain0.find((e) => e.body === "i0 l0 0")?.event_id).toBe(again.eventId);
    } finally {
      await other.stop();
    }
    let total = 0;
    for (const roomId of rooms) {
      const chain = await chainOf(roomId);
      chain.forEach((e, i) => {
        if (i === 0) return;
        const before = chain[i - 1];
        expect(e.prev_events).toEqual([before?.event_id]);
        expect(e.depth).toBe((before?.depth ?? 0) + 1);
        // Stream order agrees with the chain: taken under the room's lock.
        expect(e.stream_ordering).toBeGreaterThan(before?.stream_ordering ?? 0);
      });
      const messages = chain.filter((e) => e.body?.startsWith("i"));
      total += messages.length;
      // Each lane's messages appear in the order it sent them.
      const byLane = new Map<string, number[]>();
      for (const e of messages) {
        const [inst, lane, i] = (e.body ?? "").split(" ");
        byLane.set(`${inst} ${lane}`, [...(byLane.get(`${inst} ${lane}`) ?? []), Number(i)]);
      }
      for (const seq of byLane.values()) expect(seq).toEqual(seq.map((_, i) => i));
      const [ext] = await app.conn.sql`select count(*)::int as n from event_forward_extremities where room_id = ${roomId}`;
      expect(ext?.n).toBe(1);
    }
    expect(total).toBe(2 * 6 * 12);
  });

  it("a refused sender in one room of a batch costs nothing to the others, in that room or elsewhere", async () => {
    const rooms = await Promise.all([0, 1].map(() => createRoom(ctx, { creator: "@alice:test" }).then((r) => r.roomId)));
    const [a = "", b = ""] = rooms;
    // Bob is in room a only; in room b he is refused, with alice's messages around him.
    await changeMembership(app.ctx("@bob:test"), { roomId: a, sender: "@bob:test", target: "@bob:test", action: "join" }).catch(() => undefined);
    const results = await Promise.allSettled([
      message(ctx, a, "@alice:test", "a1", "a1"),
      message(ctx, b, "@alice:test", "b1", "b1"),
      message(ctx, b, "@bob:test", "bob in b", "x1"),
      message(ctx, b, "@alice:test", "b2", "b2"),
      message(ctx, a, "@alice:test", "a2", "a2"),
    ]);
    expect(results[2]).toMatchObject({ status: "rejected" });
    if (results[2]?.status === "rejected") expect(isMatrixError(results[2].reason) && results[2].reason.status).toBe(403);
    for (const i of [0, 1, 3, 4]) expect(results[i]?.status).toBe("fulfilled");
    expect((await chainOf(a)).filter((e) => e.body?.startsWith("a")).map((e) => e.body)).toEqual(["a1", "a2"]);
    expect((await chainOf(b)).filter((e) => e.body?.startsWith("b")).map((e) => e.body)).toEqual(["b1", "b2"]);
  });

  it("reads the auth state of several rooms in one statement, each room's memberships and txn ids apart", async () => {
    const [a = "", b = ""] = await Promise.all([0, 1].map(() => createRoom(ctx, { creator: "@alice:test" }).then((r) => r.roomId)));
    const sent = await message(ctx, a, "@alice:test", "t", "same-txn");
    const answers = await loadAuthStates(runnerOf(app.conn.db), [
      { roomId: a, userIds: ["@alice:test", "@nobody:test"], txns: [{ userId: "@alice:test", deviceId: "D", txnId: "same-txn" }] },
      { roomId: b, userIds: ["@alice:test"], txns: [{ userId: "@alice:test", deviceId: "D", txnId: "same-txn" }] },
      { roomId: "!missing:test", userIds: ["@alice:test"], txns: [] },
    ]);
    const ra = answers.get(a);
    const rb = answers.get(b);
    expect(ra?.state.creator).toBe("@alice:test");
    expect(ra?.state.memberships.get("@alice:test")).toBe("join");
    expect(ra?.state.memberships.has("@nobody:test")).toBe(false);
    expect([...(ra?.txnEvents.values() ?? [])]).toEqual([sent.eventId]);
    expect(rb?.state.powerLevels).not.toBeNull();
    expect(rb?.txnEvents.size).toBe(0);
    expect(answers.get("!missing:test")?.state).toMatchObject({ creator: null, powerLevels: null, blocked: false });
  });
});
