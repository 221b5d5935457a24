import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { checkRoomAccess, type ViewerInput } from "./check-access";
import type { Direction } from "./tokens";

export interface TimestampToEventInput {
  roomId: string;
  viewer: ViewerInput;
  ts: number;
  dir: Direction;
}

/**
 * timestamp_to_event (MSC3030): the room's closest non-outlier, non-rejected event at or after
 * (`f`) or at or before (`b`) `ts` by origin_server_ts, as Synapse's local lookup.
 */
export async function timestampToEvent(ctx: Ctx, input: TimestampToEventInput): Promise<{ event_id: string; origin_server_ts: number }> {
  await checkRoomAccess(ctx, input.roomId, input.viewer, { mode: "timestamp" });
  const forward = input.dir === "f";
  const cmp = forward ? sql`>=` : sql`<=`;
  const order = sql.raw(forward ? "asc" : "desc");
  const [row] = await ctx.db.execute<{ event_id: string; origin_server_ts: number }>(sql`
    select event_id, origin_server_ts from events
    where room_id = ${input.roomId} and not outlier and rejection_reason is null and origin_server_ts ${cmp} ${input.ts}
    order by origin_server_ts ${order}, depth ${order}, stream_ordering ${order}
    limit 1`);
  if (!row) throw new MatrixError("M_NOT_FOUND", `Unable to find event from ${input.ts} in direction ${input.dir}`);
  return { event_id: row.event_id, origin_server_ts: Number(row.origin_server_ts) };
}
