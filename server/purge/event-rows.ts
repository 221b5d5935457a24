import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";

/**
 * Every table holding rows that belong to one event (keyed by its event_id). They are deleted
 * set-based before the events themselves, so the FK cascades find nothing left to do.
 */
export const EVENT_SIDE_TABLES = [
  "event_edges",
  "event_forward_extremities",
  "event_relations",
  "redactions",
  "event_labels",
  "event_txn_ids",
  "room_state_history",
  "room_memberships",
  "room_retention",
  "current_state",
] as const;

/**
 * `event_id = any(<ids>)` for a batch of ids passed as one JSON parameter: index probes on every
 * side table whatever the planner thinks of the batch's size (an `in (subquery)` was hash-joined
 * against a full scan of event_edges, a million rows, in every batch), and one bind parameter
 * however large the batch.
 */
export function idsParam(ids: string[]) {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
}

/** Deletes the side rows of these events, then the events (their FK cascades then find nothing). */
export async function deleteEventsWithSideRows(tx: DbHandle, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const list = idsParam(ids);
  for (const table of EVENT_SIDE_TABLES) {
    await tx.execute(sql`delete from ${sql.identifier(table)} where event_id = any(${list})`);
  }
  return Number((await tx.execute(sql`delete from events where event_id = any(${list})`)).count);
}
