import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestApp } from "../testing/test-app";
import * as t from "../db/schema";
import { persistEvents } from "../events";
import { listAudit } from "../audit";
import { NEW_EVENT_DURING_PURGE_LOCK, PURGE_PAGINATION_LOCK, acquireLocks } from "../locks";
import { createTaskScheduler, getTask, scheduleTask } from "../tasks";
import { registerPurgeActions, PURGE_ROOM_ACTION } from "./index";
import { purgeRoom } from "./purge-room";
import { KEPT_ROOM_TABLES } from "./room-steps";
import { danglingRows, readTables, toState } from "./testing/db-state";
import { seedRandomRoom } from "./testing/random-room";

const app = await createTestApp();
const ctx = app.ctx("@admin:test");
const scheduler = createTaskScheduler(app, { listen: false });
registerPurgeActions(scheduler);
await scheduler.start();

/** Rows of the room left in any table with a room_id column (the kept ones excepted). */
async function leftovers(roomId: string): Promise<Record<string, number>> {
  const tables = await app.conn.sql<{ table_name: string }[]>`
    select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'room_id'`;
  const out: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    if (KEPT_ROOM_TABLES.has(table)) continue;
    const [row] = await app.conn.sql<{ n: number }[]>`select count(*)::int as n from ${app.conn.sql(table)} where room_id = ${roomId}`;
    if ((row?.n ?? 0) > 0) out[table] = row?.n ?? 0;
  }
  return out;
}

/** Everything not belonging to `roomId`, to check a purge touched nothing else. */
async function othersState(roomId: string) {
  const tables = await readTables(app.conn.sql);
  for (const [name, rows] of Object.entries(tables)) tables[name] = rows.filter((r) => r.room_id !== roomId);
  return toState(tables);
}

async function richRoom(roomId: string, seed: number): Promise<void> {
  await seedRandomRoom(ctx, { roomId, seed, events: 80, idPrefix: roomId.slice(1, 8) });
  await app.conn.db.insert(t.roomAliases).values({ alias: `#${roomId.slice(1, 8)}:test`, roomId, creator: "@alice:test", createdTs: 1 });
  await app.conn.db.insert(t.accountData).values([
    { userId: "@alice:test", roomId, type: "m.tag", content: "{}", updatedTs: 1 },
    { userId: "@alice:test", roomId: "", type: "m.global", content: "{}", updatedTs: 1 },
  ]).onConflictDoNothing();
  await app.conn.db.insert(t.eventBackwardExtremities).values({ roomId, eventId: "$missing" });
}

describe("purgeRoom (§5.4)", () => {
  it("refuses while local users are joined, and changes nothing", { timeout: 180_000 }, async () => {
    const roomId = "!joined:test";
    await richRoom(roomId, 1);
    const before = toState(await readTables(app.conn.sql));
    await expect(purgeRoom(ctx, { roomId })).rejects.toThrow("Users are still joined to this room");
    const after = await readTables(app.conn.sql);
    after.blocked_rooms = after.blocked_rooms ?? [];
    expect(toState(after)).toEqual(before);
    const { entries } = await listAudit(ctx, { roomId, action: "purge_room" });
    expect(entries[0]).toMatchObject({ status: "failed", result: { error: "Users are still joined to this room" } });
  });

  it("forced, removes every row of the room in every table but its block, in batches, and nothing else", { timeout: 180_000 }, async () => {
    const roomId = "!forced:test";
    await richRoom("!bystander:test", 2);
    await richRoom(roomId, 3);
    await app.conn.db.insert(t.blockedRooms).values({ roomId, userId: "@admin:test", blockedTs: 1 });
    const others = await othersState(roomId);
    const saved: number[] = [];
    const result = await purgeRoom(ctx, { roomId, force: true }, { batchSize: 7, save: async (_c, p) => void saved.push(p.deleted) });
    expect(result).toMatchObject({ phase: "done", total: 80, deleted: 80 });
    expect(saved.length).toBeGreaterThan(10);
    expect(await leftovers(roomId)).toEqual({});
    expect(await othersState(roomId)).toEqual(others);
    expect(await app.conn.sql`select * from blocked_rooms where room_id = ${roomId}`).toHaveLength(1);
    expect(await danglingRows(app.conn.sql, KEPT_ROOM_TABLES)).toEqual([]);
    await expect(persistEvents(ctx, roomId, [{ type: "m.room.message", sender: "@alice:test", content: { body: "late" } }])).rejects.toThrow(/Unknown room/);
    const { entries } = await listAudit(ctx, { roomId, action: "purge_room" });
    expect(entries[0]).toMatchObject({ status: "ok", params: { force: true }, result: { phase: "done", deleted: 80 } });
  });

  it("also removes rows written while the batches ran (the final pass re-checks with the room row locked)", { timeout: 180_000 }, async () => {
    const roomId = "!busy:test";
    await richRoom(roomId, 4);
    let wrote = false;
    await purgeRoom(ctx, { roomId, force: true }, {
      batchSize: 20,
      save: async (txCtx, p) => {
        if (wrote || p.phase !== "events") return;
        wrote = true;
        await persistEvents(txCtx, roomId, [{ type: "m.room.message", sender: "@carol:remote.example", content: { body: "meanwhile" } }]);
      },
    });
    expect(wrote).toBe(true);
    expect(await leftovers(roomId)).toEqual({});
  });

  it("takes both purge locks for writing, all or nothing (a backfill reading the room holds it off)", { timeout: 180_000 }, async () => {
    const roomId = "!locked:test";
    await richRoom(roomId, 5);
    const writeLocks = async () =>
      (await app.conn.sql<{ lock_name: string }[]>`
        select lock_name from worker_read_write_locks where lock_key = ${roomId} and write_lock order by lock_name`).map((r) => r.lock_name);
    const reader = await acquireLocks(ctx, [{ name: PURGE_PAGINATION_LOCK, key: roomId, write: false }]);
    let finished = false;
    const held: string[][] = [];
    const purge = purgeRoom(ctx, { roomId, force: true }, { save: async () => void held.push(await writeLocks()) }).then(() => (finished = true));
    await app.clock.advance(1000);
    expect(finished).toBe(false);
    expect(await writeLocks()).toEqual([]);
    expect(Object.keys(await leftovers(roomId))).toContain("events");
    await reader.release();
    await purge;
    expect(held[0]).toEqual([NEW_EVENT_DURING_PURGE_LOCK, PURGE_PAGINATION_LOCK].sort());
    expect(await leftovers(roomId)).toEqual({});
    expect(await writeLocks()).toEqual([]);
  });

  it("runs as a purge_room task: params {force}; refused while joined with Synapse's error text", { timeout: 180_000 }, async () => {
    const joined = "!taskjoined:test";
    const forced = "!taskforced:test";
    await richRoom(joined, 6);
    await richRoom(forced, 7);
    const refused = await scheduleTask(ctx, { action: PURGE_ROOM_ACTION, resourceId: joined });
    const done = await scheduleTask(ctx, { action: PURGE_ROOM_ACTION, resourceId: forced, params: { force: true } });
    const unknown = await scheduleTask(ctx, { action: PURGE_ROOM_ACTION, resourceId: "!neverexisted:test" });
    await scheduler.tick();
    await scheduler.settle();
    await scheduler.idle();
    await scheduler.settle();
    expect(await getTask(ctx, refused)).toMatchObject({ status: "failed", error: "400: Users are still joined to this room" });
    expect(await getTask(ctx, done)).toMatchObject({ status: "complete", result: { phase: "done", deleted: 80, total: 80 } });
    expect(await getTask(ctx, unknown)).toMatchObject({ status: "complete", result: { phase: "done", deleted: 0 } });
    expect(await leftovers(forced)).toEqual({});
    expect(Object.keys(await leftovers(joined))).toContain("events");
    expect(await app.conn.db.execute(sql`select 1 from rooms where room_id = ${joined}`)).toHaveLength(1);
  });
});
