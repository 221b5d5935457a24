import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { hasBounds, includesNull, type PurgeJob } from "./jobs";

export interface SelectedRoom {
  roomId: string;
  /** The stored (unclamped) max_lifetime of the room's current policy; null when none is stored. */
  storedMax: number | null;
}

/**
 * The rooms a purge job handles, in room_id order (so a resumed run continues after `after`).
 * Synapse's get_rooms_for_retention_period_in_range: rooms whose current policy row has
 * shortest < max_lifetime <= longest; with include_null also rows with a null max and rooms with no
 * row at all; a job without bounds takes every room with a row. Unlike Synapse, a room whose policy
 * lies outside the range is never taken as a "no policy" room (Synapse's second query adds every
 * room missing from the first, including those, and purges them with the default).
 */
export async function selectRoomsForJob(ctx: Ctx, job: PurgeJob, options: { after?: string; limit?: number } = {}): Promise<SelectedRoom[]> {
  const limit = options.limit ? sql`limit ${options.limit}` : sql``;
  const rows = await ctx.db.execute<{ room_id: string; max_lifetime: number | null }>(sql`${selectionSql(ctx, job, options.after)} order by room_id ${limit}`);
  return rows.map((r) => ({ roomId: r.room_id, storedMax: r.max_lifetime === null ? null : Number(r.max_lifetime) }));
}

/**
 * The selection as one statement yielding (room_id, max_lifetime), for callers that build on it
 * in SQL (the forecast). Rooms known to the server = rooms with a create event in their current
 * state (Synapse: rooms present in current_state_events). Both current_state lookups are partial
 * indexes in room_id order, so the include-null form is a merge join of two index-only scans.
 */
export function selectionSql(ctx: Ctx, job: PurgeJob, after?: string): SQL {
  const withNull = includesNull(job, ctx.config.retention.default_policy.max_lifetime);
  const inRange = rangeCondition(job);
  const from = after ? sql`and c.room_id > ${after}` : sql``;
  if (withNull) {
    // The bound is repeated on the joined sides so that a page's scans all start at `after`.
    const pFrom = after ? sql`and p.room_id > ${after}` : sql``;
    const rrFrom = after ? sql`and rr.room_id > ${after}` : sql``;
    return sql`
      select c.room_id, rr.max_lifetime
      from current_state c
      left join current_state p on p.room_id = c.room_id and p.type = 'm.room.retention' and p.state_key = '' ${pFrom}
      left join room_retention rr on rr.room_id = p.room_id and rr.event_id = p.event_id ${rrFrom}
      where c.type = 'm.room.create' and c.state_key = '' ${from}
        and (rr.max_lifetime is null or ${inRange})`;
  }
  return sql`
    select c.room_id, rr.max_lifetime
    from room_retention rr
    join current_state c on c.room_id = rr.room_id and c.event_id = rr.event_id
    where c.type = 'm.room.retention' and c.state_key = '' ${from}
      and ${hasBounds(job) ? sql`rr.max_lifetime is not null and ${inRange}` : sql`true`}`;
}

export function rangeCondition(job: PurgeJob): SQL {
  const parts: SQL[] = [];
  if (job.shortestMaxLifetime !== null) parts.push(sql`rr.max_lifetime > ${job.shortestMaxLifetime}`);
  if (job.longestMaxLifetime !== null) parts.push(sql`rr.max_lifetime <= ${job.longestMaxLifetime}`);
  return parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
}
