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
  const withNull = includesNull(job, ctx.config.retention.default_policy.max_lifetime);
  const after = options.after ? sql`and c.room_id > ${options.after}` : sql``;
  const limit = options.limit ? sql`limit ${options.limit}` : sql``;
  const inRange = rangeCondition(job);
  // Rooms known to the server = rooms with a create event in their current state (Synapse: rooms
  // present in current_state_events). Written as plain joins so PostgreSQL can hash-join 100k rooms.
  const rows = withNull
    ? await ctx.db.execute<{ room_id: string; max_lifetime: number | null }>(sql`
        select c.room_id, p.max_lifetime
        from current_state c
        left join (
          select cs.room_id, rr.max_lifetime from current_state cs
          join room_retention rr on rr.event_id = cs.event_id
          where cs.type = 'm.room.retention' and cs.state_key = ''
        ) p on p.room_id = c.room_id
        where c.type = 'm.room.create' and c.state_key = '' ${after}
          and (p.max_lifetime is null or ${inRange})
        order by c.room_id ${limit}`)
    : await ctx.db.execute<{ room_id: string; max_lifetime: number | null }>(sql`
        select c.room_id, rr.max_lifetime
        from room_retention rr
        join current_state c on c.event_id = rr.event_id and c.room_id = rr.room_id
        where c.type = 'm.room.retention' and c.state_key = '' ${after}
          and ${hasBounds(job) ? sql`rr.max_lifetime is not null and ${inRange}` : sql`true`}
        order by c.room_id ${limit}`);
  return rows.map((r) => ({ roomId: r.room_id, storedMax: r.max_lifetime === null ? null : Number(r.max_lifetime) }));
}

function rangeCondition(job: PurgeJob): SQL {
  const parts: SQL[] = [];
  if (job.shortestMaxLifetime !== null) parts.push(sql`max_lifetime > ${job.shortestMaxLifetime}`);
  if (job.longestMaxLifetime !== null) parts.push(sql`max_lifetime <= ${job.longestMaxLifetime}`);
  return parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
}
