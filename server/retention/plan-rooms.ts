import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { deletableSql } from "../purge/purge-point";
import { findBoundaries, type Boundary } from "./boundary";
import { purgeMaxLifetime } from "./jobs";
import type { SelectedRoom } from "./select-rooms";

export interface RoomPlan {
  roomId: string;
  /** Clamped max_lifetime; null: nothing to purge by. */
  maxLifetime: number | null;
  boundary: Boundary | undefined;
  /** Events a purge up to the boundary would touch (delete, or demote to outlier); 0: nothing to do. */
  candidates: number;
}

/**
 * Plans a page of rooms in a few set-based queries: each room's clamped max_lifetime, its boundary
 * for the run's cutoff, and how many purge candidates lie below it (the purge domain's own rule:
 * depth below the boundary, and not already an outlier unless deletable). Rooms with no candidate
 * are done without taking their lock, so a run over mostly purged rooms stays cheap.
 */
export async function planRooms(ctx: Ctx, rooms: SelectedRoom[], now: number, memo: Map<number, number>): Promise<RoomPlan[]> {
  const plans = rooms.map((room) => ({ roomId: room.roomId, maxLifetime: purgeMaxLifetime(room.storedMax, ctx.config.retention), boundary: undefined as Boundary | undefined, candidates: 0 }));
  const byMax = new Map<number, RoomPlan[]>();
  for (const plan of plans) {
    if (plan.maxLifetime === null) continue;
    const group = byMax.get(plan.maxLifetime);
    if (group) group.push(plan);
    else byMax.set(plan.maxLifetime, [plan]);
  }
  for (const [max, group] of byMax) {
    const boundaries = await findBoundaries(ctx, group.map((p) => p.roomId), now - max, memo);
    for (const plan of group) plan.boundary = boundaries.get(plan.roomId);
  }
  const bounded = plans.filter((p): p is RoomPlan & { boundary: Boundary } => p.boundary !== undefined);
  if (bounded.length === 0) return plans;
  const del = deletableSql("e", true);
  const values = sql.join(bounded.map((p) => sql`(${p.roomId}::text, ${p.boundary.depth}::bigint)`), sql`, `);
  const rows = await ctx.db.execute<{ room_id: string; n: number }>(sql`
    select b.room_id, c.n from (values ${values}) as b(room_id, depth)
    cross join lateral (
      select count(*)::int as n from events e
      where e.room_id = b.room_id and e.depth < b.depth and (not e.outlier or ${del})
    ) c`);
  const counts = new Map(rows.map((r) => [r.room_id, Number(r.n)]));
  for (const plan of bounded) plan.candidates = counts.get(plan.roomId) ?? 0;
  return plans;
}
