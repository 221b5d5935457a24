import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { firstStreamOrderingAfterTs } from "../purge/stream-at-ts";
import { formatPurgeToken } from "../purge/token";

export interface Boundary {
  eventId: string;
  depth: number;
  stream: number;
  token: string;
}

const CHUNK = 1000;

/** `unnest(array[...]) as r(room_id)`: a chunk of room ids as a relation. */
export function roomList(roomIds: string[]): SQL {
  return sql`unnest(array[${sql.join(roomIds.map((id) => sql`${id}`), sql`, `)}]::text[]) as r(room_id)`;
}

/**
 * For the room r.room_id: its latest live (non-outlier, non-rejected) event at or before the stream
 * position, i.e. the purge point of §4.2 (the second half of purge-by-timestamp), one index probe.
 */
export function boundaryOf(stream: number): SQL {
  return sql`(
    select e.event_id, e.depth, e.stream_ordering from events e
    where e.room_id = r.room_id and e.stream_ordering <= ${stream} and not e.outlier and e.rejection_reason is null
    order by e.stream_ordering desc limit 1
  )`;
}

/** The global stream position of a cutoff (purge-by-timestamp's first half), once per cutoff. */
export async function streamAt(ctx: Ctx, cutoff: number, memo?: Map<number, number>): Promise<number> {
  let stream = memo?.get(cutoff);
  if (stream === undefined) {
    stream = await firstStreamOrderingAfterTs(ctx.db, cutoff);
    memo?.set(cutoff, stream);
  }
  return stream;
}

/**
 * The purge point of each room for "purge up to `cutoff` by received_ts" (§4.2), for many rooms at
 * once: the same answer as resolvePurgePoint(ctx, {roomId, ts: cutoff}) (a test checks this), but
 * the global stream position is searched once per cutoff instead of once per room, and the rooms'
 * boundary events come from one indexed lateral query per thousand rooms. Rooms missing from the
 * result have no event to purge up to (Synapse: "there is no event to be purged").
 */
export async function findBoundaries(ctx: Ctx, roomIds: string[], cutoff: number, memo?: Map<number, number>): Promise<Map<string, Boundary>> {
  const boundaries = new Map<string, Boundary>();
  if (roomIds.length === 0) return boundaries;
  const stream = await streamAt(ctx, cutoff, memo);
  for (let i = 0; i < roomIds.length; i += CHUNK) {
    const rows = await ctx.db.execute<{ room_id: string; event_id: string; depth: number; stream_ordering: number }>(sql`
      select r.room_id, b.event_id, b.depth, b.stream_ordering
      from ${roomList(roomIds.slice(i, i + CHUNK))} cross join lateral ${boundaryOf(stream)} b`);
    for (const row of rows) {
      const point = { depth: Number(row.depth), stream: Number(row.stream_ordering) };
      boundaries.set(row.room_id, { eventId: row.event_id, ...point, token: formatPurgeToken(point) });
    }
  }
  return boundaries;
}
