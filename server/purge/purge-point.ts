import { and, desc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError } from "../errors";
import { firstStreamOrderingAfterTs } from "./stream-at-ts";
import { formatPurgeToken, type PurgePoint } from "./token";

export interface PurgeTarget {
  roomId: string;
  /** Purge up to (not including) this event's depth. Wins over ts. */
  eventId?: string;
  /** Purge up to the room's last event received at or before this time (ms, received_ts). */
  ts?: number;
}

export interface ResolvedPurgePoint extends PurgePoint {
  /** The boundary event: it and everything at its depth or later is kept. */
  eventId: string;
  token: string;
}

/** §4.2: maps an event id or a timestamp to the purge token, with Synapse's errors. */
export async function resolvePurgePoint(ctx: Ctx, target: PurgeTarget): Promise<ResolvedPurgePoint> {
  if (target.eventId !== undefined) return pointOfEvent(ctx, target.roomId, target.eventId);
  if (target.ts !== undefined) return pointOfTs(ctx, target.roomId, target.ts);
  throw new MatrixError("M_BAD_JSON", "must specify purge_up_to_event_id or purge_up_to_ts");
}

async function pointOfEvent(ctx: Ctx, roomId: string, eventId: string): Promise<ResolvedPurgePoint> {
  const [event] = await ctx.db
    .select({ roomId: t.events.roomId, depth: t.events.depth, stream: t.events.streamOrdering })
    .from(t.events)
    .where(eq(t.events.eventId, eventId))
    .limit(1);
  if (!event) throw new MatrixError("M_NOT_FOUND", `Could not find event ${eventId}`);
  if (event.roomId !== roomId) throw new MatrixError("M_UNKNOWN", "Event is for wrong room.");
  const point = { depth: event.depth, stream: event.stream };
  return { ...point, eventId, token: formatPurgeToken(point) };
}

async function pointOfTs(ctx: Ctx, roomId: string, ts: number): Promise<ResolvedPurgePoint> {
  const stream = await firstStreamOrderingAfterTs(ctx.db, ts);
  // The room's latest live (non-outlier, non-rejected) event at or before that stream position.
  const [event] = await ctx.db
    .select({ eventId: t.events.eventId, depth: t.events.depth, stream: t.events.streamOrdering })
    .from(t.events)
    .where(
      and(
        eq(t.events.roomId, roomId),
        lte(t.events.streamOrdering, stream),
        eq(t.events.outlier, false),
        isNull(t.events.rejectionReason),
      ),
    )
    .orderBy(desc(t.events.streamOrdering))
    .limit(1);
  if (!event) throw new MatrixError("M_NOT_FOUND", "there is no event to be purged");
  const point = { depth: event.depth, stream: event.stream };
  return { ...point, eventId: event.eventId, token: formatPurgeToken(point) };
}

/**
 * §4.4 should_delete, as SQL over the events alias given: non-state, and remote unless local events
 * go too. Candidates for which it is false are kept as outliers.
 */
export function deletableSql(alias: string, deleteLocalEvents: boolean) {
  const e = sql.raw(alias);
  return deleteLocalEvents ? sql`(${e}.state_key is null)` : sql`(${e}.state_key is null and not ${e}.is_local)`;
}
