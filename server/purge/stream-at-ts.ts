import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";

async function receivedTsAtOrBefore(db: DbHandle, stream: number): Promise<number | null> {
  const rows = await db.execute<{ received_ts: number }>(
    sql`select received_ts from events where stream_ordering <= ${stream} order by stream_ordering desc limit 1`,
  );
  const row = rows[0];
  return row ? Number(row.received_ts) : null;
}

/**
 * Synapse's find_first_stream_ordering_after_ts: the smallest stream ordering X (over all rooms)
 * whose latest event at or before X was received at or after `ts`. Gaps carry the previous value;
 * max+1 when nothing qualifies; 0 when there are no events. Binary search: ~20 index probes.
 */
export async function firstStreamOrderingAfterTs(db: DbHandle, ts: number): Promise<number> {
  const rows = await db.execute<{ max: number | null }>(sql`select max(stream_ordering) as max from events`);
  const max = rows[0]?.max;
  if (max === null || max === undefined) return 0;
  let start = 0;
  let end = Number(max) + 1;
  while (end - start > 0) {
    const middle = Math.floor((start + end) / 2);
    const received = await receivedTsAtOrBefore(db, middle);
    if (received === null || ts > received) start = middle + 1;
    else end = middle;
  }
  return end;
}
