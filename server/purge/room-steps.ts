import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";
import { deleteEventsWithSideRows, EVENT_SIDE_TABLES } from "./event-rows";
import { lockRoomRow } from "./history-steps";

/** Rows that outlive a room purge: the block (so it cannot be silently rejoined) and the audit trail. */
export const KEPT_ROOM_TABLES = new Set(["blocked_rooms", "audit_log"]);

/** Side tables first, then events, so cascades find nothing; other room tables after; rooms last. */
const ORDERED_ROOM_TABLES = [...EVENT_SIDE_TABLES, "event_backward_extremities", "events", "room_aliases", "account_data"];

/**
 * Every table with a room_id column, so a table added later by another domain is purged too (or
 * listed in KEPT_ROOM_TABLES on purpose). Known tables come in FK-safe order; rooms is last.
 */
export async function roomTables(db: DbHandle): Promise<string[]> {
  const rows = await db.execute<{ table_name: string }>(sql`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'room_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`);
  const found = rows.map((r) => r.table_name).filter((name) => !KEPT_ROOM_TABLES.has(name) && name !== "rooms");
  const known = ORDERED_ROOM_TABLES.filter((name) => found.includes(name));
  const others = found.filter((name) => !ORDERED_ROOM_TABLES.includes(name));
  return [...known, ...others, "rooms"];
}

export interface RoomPurgeProgress {
  phase: "events" | "final" | "done";
  deleted: number;
  total: number;
}

/**
 * Deletes the room's oldest `batchSize` events (by stream ordering) with their side rows. The batch
 * is read once (one walk of the room's index) and then addressed by event id.
 */
export async function purgeRoomBatch(tx: DbHandle, roomId: string, progress: RoomPurgeProgress, batchSize: number): Promise<RoomPurgeProgress> {
  await lockRoomRow(tx, roomId);
  const rows = await tx.execute<{ event_id: string }>(sql`
    select event_id from events where room_id = ${roomId} order by stream_ordering limit ${batchSize}`);
  const deleted = await deleteEventsWithSideRows(tx, rows.map((r) => r.event_id));
  if (deleted > 0) await tx.execute(sql`update rooms set event_count = greatest(event_count - ${deleted}, 0) where room_id = ${roomId}`);
  // A full batch may not have been the last one; the final pass takes whatever is left.
  return { ...progress, phase: rows.length === batchSize ? "events" : "final", deleted: progress.deleted + deleted };
}

/**
 * The last pass, with the rooms row locked FOR UPDATE (event writes wait on it): every row of the
 * room in every room table, including anything written while the batches ran, then the rooms row.
 */
export async function purgeRoomFinal(tx: DbHandle, roomId: string, progress: RoomPurgeProgress): Promise<RoomPurgeProgress> {
  await lockRoomRow(tx, roomId);
  let deleted = 0;
  for (const table of await roomTables(tx)) {
    const result = await tx.execute(sql`delete from ${sql.identifier(table)} where room_id = ${roomId}`);
    if (table === "events") deleted = Number(result.count);
  }
  return { ...progress, phase: "done", deleted: progress.deleted + deleted };
}
