import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { parseConfig } from "../config";
import { connect } from "../db/client";
import * as t from "../db/schema";
import { forbidden } from "../errors";
import { silentLogger } from "../logger";
import { createRoom } from "../rooms";
import { createTestApp } from "../testing/test-app";
import { persistEvents } from "./persist-events";

// persistEvents sends BEGIN, the room lock and its reads in one flight, and the writes with COMMIT
// in the next (on a reserved connection). These cases pin down what that must not change: all or
// nothing, a clean connection after any failure, one chain per room under concurrent writers, and
// the savepoint path inside a caller's transaction.
const app = await createTestApp();
const ctx = app.ctx("@alice:test");
const message = (body: string, sender = "@alice:test") => ({ type: "m.room.message", sender, content: { msgtype: "m.text", body } });

/** An app on the same database with a single connection, so a leaked open transaction would show. */
function singleConnectionApp() {
  return createApp({ conn: connect(app.url, { max: 1 }), config: app.config, clock: app.clock, logger: silentLogger, instanceName: "single" });
}

async function roomEvents(roomId: string) {
  return app.conn.db.select().from(t.events).where(eq(t.events.roomId, roomId)).orderBy(asc(t.events.depth), asc(t.events.streamOrdering));
}

describe("persistEvents transactions", () => {
  it("a failing write stores nothing and leaves the connection usable", async () => {
    const single = singleConnectionApp();
    try {
      const sctx = single.ctx("@alice:test");
      const { roomId } = await createRoom(sctx, { creator: "@alice:test" });
      const before = await roomEvents(roomId);
      const [first] = await persistEvents(sctx, roomId, [message("one")]);
      // The same event id twice: the events insert fails after the reads succeeded.
      const dup = { ...message("dup"), eventId: first?.eventId ?? "" };
      await expect(persistEvents(sctx, roomId, [message("two"), dup])).rejects.toThrow();
      expect((await roomEvents(roomId)).length).toBe(before.length + 1);
      // Committed and visible from another connection: no transaction was left open.
      const [after] = await persistEvents(sctx, roomId, [message("three")]);
      expect((await roomEvents(roomId)).at(-1)?.eventId).toBe(after?.eventId);
      expect(after?.depth).toBe((first?.depth ?? 0) + 1);
    } finally {
      await single.stop();
    }
  });

  it("a refusal under the lock (beforeWrite) and an unknown room roll back and free the connection", async () => {
    const single = singleConnectionApp();
    try {
      const sctx = single.ctx("@alice:test");
      const { roomId } = await createRoom(sctx, { creator: "@alice:test" });
      const count = (await roomEvents(roomId)).length;
      await expect(persistEvents(sctx, roomId, [message("no")], { beforeWrite: async () => Promise.reject(forbidden("not you")) })).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
      await expect(persistEvents(sctx, "!missing:test", [message("no")])).rejects.toMatchObject({ errcode: "M_NOT_FOUND" });
      const answered = await persistEvents(sctx, roomId, [message("ignored")], { beforeWrite: async (tx) => tx.select().from(t.events).where(eq(t.events.roomId, roomId)).limit(1) });
      expect(answered).toHaveLength(1);
      expect((await roomEvents(roomId)).length).toBe(count);
      await persistEvents(sctx, roomId, [message("yes")]);
      expect((await roomEvents(roomId)).length).toBe(count + 1);
    } finally {
      await single.stop();
    }
  });

  it("concurrent writers on two connection pools keep one chain: every event's parent is the one before it", async () => {
    const { roomId } = await createRoom(ctx, { creator: "@alice:test" });
    const other = createApp({ conn: connect(app.url, { max: 4 }), config: parseConfig({ server_name: "test" }), clock: app.clock, logger: silentLogger, instanceName: "other" });
    try {
      const writers = [ctx, other.ctx("@alice:test")].flatMap((c, w) =>
        Array.from({ length: 4 }, async (_, lane) => {
          for (let i = 0; i < 10; i++) await persistEvents(c, roomId, [message(`w${w} l${lane} ${i}`), message(`w${w} l${lane} ${i}b`)]);
        }),
      );
      await Promise.all(writers);
    } finally {
      await other.stop();
    }
    const events = await roomEvents(roomId);
    const messages = events.filter((e) => e.type === "m.room.message");
    expect(messages).toHaveLength(160);
    events.forEach((e, i) => {
      if (i === 0) return;
      expect(e.depth).toBe((events[i - 1]?.depth ?? 0) + 1);
      expect(e.prevEvents).toEqual([events[i - 1]?.eventId]);
    });
    const tips = await app.conn.db.select().from(t.eventForwardExtremities).where(eq(t.eventForwardExtremities.roomId, roomId));
    expect(tips.map((x) => x.eventId)).toEqual([events.at(-1)?.eventId]);
    const [room] = await app.conn.db.select().from(t.rooms).where(eq(t.rooms.roomId, roomId));
    expect(room?.eventCount).toBe(events.length);
    expect(room?.maxDepth).toBe(events.at(-1)?.depth);
  });

  it("inside a caller's transaction it writes through a savepoint and rolls back with the caller", async () => {
    const { roomId } = await createRoom(ctx, { creator: "@alice:test" });
    const count = (await roomEvents(roomId)).length;
    await expect(
      app.conn.db.transaction(async (tx) => {
        const stored = await persistEvents({ ...ctx, db: tx }, roomId, [message("inner")]);
        expect(stored).toHaveLength(1);
        throw new Error("caller gives up");
      }),
    ).rejects.toThrow("caller gives up");
    expect((await roomEvents(roomId)).length).toBe(count);
    await app.conn.db.transaction(async (tx) => persistEvents({ ...ctx, db: tx }, roomId, [message("kept")]));
    expect((await roomEvents(roomId)).at(-1)?.content.body).toBe("kept");
  });
});
