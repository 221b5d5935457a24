import { and, desc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { forbidden } from "../errors";

/** A point in the room's history: topological (depth, stream) or, for live tokens, a stream position. */
export type RoomPosition = { kind: "topo"; depth: number; stream: number } | { kind: "stream"; stream: number };

export type ReadAccess = { kind: "current" } | { kind: "until"; position: RoomPosition };

/**
 * What a user may read of a room's state: joined members the current state; former members (left,
 * kicked, banned) the state when they left, as Synapse; others only a world-readable room's state.
 */
export async function stateReadAccess(ctx: Ctx, roomId: string, userId: string): Promise<ReadAccess> {
  const [latest] = await ctx.db
    .select({ membership: t.roomMemberships.membership, depth: t.roomMemberships.depth, stream: t.roomMemberships.streamOrdering })
    .from(t.currentState)
    .innerJoin(t.roomMemberships, eq(t.roomMemberships.eventId, t.currentState.eventId))
    .where(and(eq(t.currentState.roomId, roomId), eq(t.currentState.type, "m.room.member"), eq(t.currentState.stateKey, userId)))
    .limit(1);
  if (latest?.membership === "join") return { kind: "current" };
  if (await isWorldReadable(ctx, roomId)) return { kind: "current" };
  if (latest && (latest.membership === "leave" || latest.membership === "ban")) {
    const wasJoined = await ctx.db
      .select({ n: sql<number>`1` })
      .from(t.roomMemberships)
      .where(and(eq(t.roomMemberships.roomId, roomId), eq(t.roomMemberships.userId, userId), eq(t.roomMemberships.membership, "join")))
      .orderBy(desc(t.roomMemberships.depth))
      .limit(1);
    if (wasJoined.length > 0) return { kind: "until", position: { kind: "topo", depth: latest.depth, stream: latest.stream } };
  }
  throw forbidden(`User ${userId} not in room ${roomId}, and room previous membership is not visible`);
}

async function isWorldReadable(ctx: Ctx, roomId: string): Promise<boolean> {
  const rows = await ctx.db.execute<{ v: string | null }>(sql`
    select e.content->>'history_visibility' as v from current_state cs join events e on e.event_id = cs.event_id
    where cs.room_id = ${roomId} and cs.type = 'm.room.history_visibility' and cs.state_key = ''`);
  return rows[0]?.v === "world_readable";
}

/** The earlier of two positions (a client's `at` never reaches past what the user may see). */
export function earlier(a: RoomPosition, b: RoomPosition): RoomPosition {
  if (a.kind === "topo" && b.kind === "topo") return a.depth < b.depth || (a.depth === b.depth && a.stream <= b.stream) ? a : b;
  // Mixed kinds: compare by stream position, the only order both have.
  return a.stream <= b.stream ? a : b;
}

/** `s<n>`, `t<depth>-<stream>`, or Synapse's underscore token whose first part is one of those. */
export function parseRoomPosition(token: string): RoomPosition | null {
  const parts = token.split("_");
  if (parts.length > 13) return null;
  const room = parts[0] ?? "";
  const int = (s: string) => (/^-?\d+$/.test(s) ? Number.parseInt(s, 10) : null);
  if (room.startsWith("s")) {
    const stream = int(room.slice(1));
    return stream === null ? null : { kind: "stream", stream };
  }
  if (room.startsWith("t")) {
    const dash = room.indexOf("-", 1);
    if (dash < 0) return null;
    const depth = int(room.slice(1, dash));
    const stream = int(room.slice(dash + 1));
    return depth === null || stream === null || depth < 0 ? null : { kind: "topo", depth, stream };
  }
  return null;
}

/** SQL condition "row at or before position" for tables with depth and stream_ordering columns. */
export function atOrBefore(position: RoomPosition, depthColumn: string, streamColumn: string) {
  if (position.kind === "stream") return sql`${sql.raw(streamColumn)} <= ${position.stream}`;
  return sql`(${sql.raw(depthColumn)}, ${sql.raw(streamColumn)}) <= (${position.depth}, ${position.stream})`;
}
