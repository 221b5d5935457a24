import { describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../testing/test-app";
import { paginateRoom } from "../pagination";
import { createTaskScheduler, getTask, scheduleTask } from "../tasks";
import { secondInstance } from "../tasks/testing";
import { PURGE_HISTORY_ACTION, registerPurgeActions } from "./index";
import { PurgeAborted, purgeHistory } from "./purge-history";
import { resolvePurgePoint } from "./purge-point";
import type { PurgeProgress } from "./progress";
import { formatPurgeToken } from "./token";
import { readTables, toState } from "./testing/db-state";
import { seedRandomRoom } from "./testing/random-room";

const ROOM = "!same:test";

async function seeded(seed: number): Promise<{ app: TestApp; depth: number }> {
  const app = await createTestApp();
  const ctx = app.ctx("system:test");
  const events = await seedRandomRoom(ctx, { roomId: ROOM, seed, events: 150, tick: () => app.clock.advance(1000) });
  const live = events.filter((e) => !e.outlier);
  const boundary = live[Math.floor(live.length * 0.7)];
  if (!boundary) throw new Error("no boundary");
  return { app, depth: (await resolvePurgePoint(ctx, { roomId: ROOM, eventId: boundary.eventId })).depth };
}

describe("batched purge", () => {
  it("batch_size 1 and one huge batch reach the same end state on the same random room", { timeout: 300_000 }, async () => {
    const small = await seeded(99);
    const huge = await seeded(99);
    expect(toState(await readTables(small.app.conn.sql))).toEqual(toState(await readTables(huge.app.conn.sql)));
    for (const deleteLocalEvents of [false, true]) {
      const a = await purgeHistory(small.app.ctx("system:test"), { roomId: ROOM, depth: small.depth, deleteLocalEvents }, { batchSize: 1 });
      const b = await purgeHistory(huge.app.ctx("system:test"), { roomId: ROOM, depth: huge.depth, deleteLocalEvents }, { batchSize: 100_000 });
      expect(a).toMatchObject({ deleted: b.deleted, total: b.total, demoted: b.demoted });
      expect(a.deleted).toBeGreaterThan(0);
      expect(toState(await readTables(small.app.conn.sql))).toEqual(toState(await readTables(huge.app.conn.sql)));
    }
  });

  it("between any two batches the room's live events are a suffix of the original, and every old token answers consistently", { timeout: 300_000 }, async () => {
    const { app, depth } = await seeded(7);
    const ctx = app.ctx("system:test");
    const order = async () =>
      (await app.conn.sql<{ event_id: string; depth: number; stream_ordering: number }[]>`
        select event_id, depth, stream_ordering from events
        where room_id = ${ROOM} and not outlier and rejection_reason is null order by depth, stream_ordering`).map((r) => ({ ...r }));
    const original = await order();
    const tokens = original.map((e) => formatPurgeToken({ depth: e.depth, stream: e.stream_ordering }));
    let progress: PurgeProgress | undefined;
    let pauses = 0;
    for (;;) {
      const controller = new AbortController();
      try {
        progress = await purgeHistory(ctx, { roomId: ROOM, depth, deleteLocalEvents: true }, {
          progress,
          batchSize: 4,
          signal: controller.signal,
          save: async (_c, p) => {
            progress = p;
            controller.abort();
          },
        });
        break;
      } catch (error) {
        if (!(error instanceof PurgeAborted)) throw error;
      }
      pauses++;
      const live = await order();
      const ids = live.map((e) => e.event_id);
      expect(original.map((e) => e.event_id).slice(original.length - ids.length)).toEqual(ids);
      for (const from of tokens.filter((_, i) => i % 10 === 0)) {
        for (const dir of ["b", "f"] as const) {
          const page = await paginateRoom(ctx, { roomId: ROOM, viewer: { admin: true }, from, dir, limit: 6 });
          const got = page.chunk.map((e) => String(e.event_id));
          const positions = got.map((id) => ids.indexOf(id));
          expect(positions.every((p) => p >= 0)).toBe(true);
          // A page is a run of consecutive live events: no hole where a purged event used to be.
          for (let i = 1; i < positions.length; i++) expect(Math.abs((positions[i] ?? 0) - (positions[i - 1] ?? 0))).toBe(1);
        }
      }
    }
    expect(pauses).toBeGreaterThan(10);
    expect(progress?.phase).toBe("done");
  });

  it("two instances on one database: 20 purge tasks (different rooms) each run exactly once", { timeout: 300_000 }, async () => {
    const app = await createTestApp();
    const other = secondInstance(app, "test-instance-2");
    const ctx = app.ctx("@admin:test");
    const ran: string[] = [];
    const counting = (name: string) => ({
      register: (action: string, fn: Parameters<ReturnType<typeof createTaskScheduler>["register"]>[1]) => {
        const scheduler = name === "a" ? a : b;
        scheduler.register(action, async (c, task, signal) => {
          ran.push(task.id);
          return fn(c, task, signal);
        });
      },
    });
    const a = createTaskScheduler(app, { listen: true });
    const b = createTaskScheduler(other, { listen: true });
    registerPurgeActions(counting("a"));
    registerPurgeActions(counting("b"));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const roomId = `!multi${i}:test`;
      const events = await seedRandomRoom(ctx, { roomId, seed: 100 + i, events: 20, idPrefix: `m${i}` });
      const last = events.filter((e) => !e.outlier).at(-1);
      if (!last) throw new Error("no event");
      const token = formatPurgeToken({ depth: last.depth, stream: last.streamOrdering });
      ids.push(await scheduleTask(ctx, { action: PURGE_HISTORY_ACTION, resourceId: roomId, params: { token, delete_local_events: true } }));
    }
    await Promise.all([a.start(), b.start()]);
    for (let round = 0; round < 50; round++) {
      await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.settle(), b.settle()]);
      await Promise.all([a.idle(), b.idle()]);
      await app.clock.advance(100);
      const statuses = await Promise.all(ids.map(async (id) => (await getTask(ctx, id))?.status));
      if (statuses.every((s) => s === "complete")) break;
    }
    for (const id of ids) expect(await getTask(ctx, id)).toMatchObject({ status: "complete", result: { phase: "done" } });
    expect([...ran].sort()).toEqual([...ids].sort());
    await a.stop();
    await b.stop();
  });
});
