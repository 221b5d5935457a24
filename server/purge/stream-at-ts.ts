import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";

/**
 * Synapse's find_first_stream_ordering_after_ts: the smallest stream ordering X (over all rooms)
 * whose latest event at or before X was received at or after `ts`. Gaps carry the previous value;
 * max+1 when nothing qualifies; 0 when there are no events. Synapse's binary search (~20 index
 * probes), run inside the database as a recursive query: one round trip instead of twenty, which
 * matters to callers that need several cutoffs (retention forecasts) on a busy server.
 */
export async function firstStreamOrderingAfterTs(db: DbHandle, ts: number): Promise<number> {
  const rows = await db.execute<{ position: number | null }>(sql`
    with recursive search(lo, hi) as (
      select 0::bigint, max(stream_ordering) + 1 from events
      union all
      select case when probe.received is null or ${ts} > probe.received then mid.m + 1 else search.lo end,
             case when probe.received is null or ${ts} > probe.received then search.hi else mid.m end
      from search
      cross join lateral (select (search.lo + search.hi) / 2 as m) mid
      left join lateral (
        select received_ts as received from events where stream_ordering <= mid.m order by stream_ordering desc limit 1
      ) probe on true
      where search.hi > search.lo
    )
    select hi as position from search where hi <= lo`);
  const position = rows[0]?.position;
  return position === null || position === undefined ? 0 : Number(position);
}
