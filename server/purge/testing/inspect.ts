import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context";
import * as t from "../../db/schema";

// What purge tests check below the APIs (outlier flags, room counters, state rows), as core verbs,
// so HTTP-level tests in app/ never query tables themselves.

/** The stored row of an event (outlier flag, depth, stream ordering), or null once purged. */
export async function storedEvent(ctx: Ctx, eventId: string): Promise<t.EventRow | null> {
  const [row] = await ctx.db.select().from(t.events).where(eq(t.events.eventId, eventId)).limit(1);
  return row ?? null;
}

/** The room row's counters beside the events actually stored. */
export async function roomCounters(ctx: Ctx, roomId: string): Promise<{ eventCount: number; storedEvents: number; minDepth: number | null } | null> {
  const [room] = await ctx.db.select({ eventCount: t.rooms.eventCount, minDepth: t.rooms.minDepth }).from(t.rooms).where(eq(t.rooms.roomId, roomId));
  if (!room) return null;
  const [stored] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(t.events).where(eq(t.events.roomId, roomId));
  return { eventCount: room.eventCount, storedEvents: stored?.n ?? 0, minDepth: room.minDepth };
}

/** State rows that lost their event, and accepted state events with no state history row. */
export async function orphanStateRows(ctx: Ctx, roomId: string): Promise<{ historyWithoutEvent: number; stateEventsWithoutHistory: number }> {
  const [history] = await ctx.db.execute<{ n: number }>(sql`
    select count(*)::int as n from room_state_history h left join events e on e.event_id = h.event_id
    where h.room_id = ${roomId} and e.event_id is null`);
  const [events] = await ctx.db.execute<{ n: number }>(sql`
    select count(*)::int as n from events e left join room_state_history h on h.event_id = e.event_id
    where e.room_id = ${roomId} and e.state_key is not null and e.rejection_reason is null and h.event_id is null`);
  return { historyWithoutEvent: history?.n ?? -1, stateEventsWithoutHistory: events?.n ?? -1 };
}

/** Corrupts an event's depth: moves the room's forward extremity below a purge point already accepted. */
export async function shiftEventDepth(ctx: Ctx, eventId: string, delta: number): Promise<void> {
  await ctx.db.update(t.events).set({ depth: sql`${t.events.depth} + ${delta}` }).where(eq(t.events.eventId, eventId));
}
