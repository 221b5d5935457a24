import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";

export type Membership = "join" | "invite" | "leave" | "ban" | "knock";

export interface CurrentMembership {
  membership: Membership;
  eventId: string;
  forgotten: boolean;
}

/** The user's current membership in the room (null: never a member). */
export async function getCurrentMembership(ctx: Ctx, roomId: string, userId: string): Promise<CurrentMembership | null> {
  const [row] = await ctx.db
    .select({ membership: t.roomMemberships.membership, eventId: t.roomMemberships.eventId, forgotten: t.roomMemberships.forgotten })
    .from(t.currentState)
    .innerJoin(t.roomMemberships, eq(t.roomMemberships.eventId, t.currentState.eventId))
    .where(and(eq(t.currentState.roomId, roomId), eq(t.currentState.type, "m.room.member"), eq(t.currentState.stateKey, userId)))
    .limit(1);
  return row ? { membership: row.membership as Membership, eventId: row.eventId, forgotten: row.forgotten } : null;
}

/** The current state event for (type, state_key), or null. */
export async function getCurrentStateEvent(ctx: Ctx, roomId: string, type: string, stateKey = ""): Promise<t.EventRow | null> {
  const [row] = await ctx.db
    .select({ event: t.events })
    .from(t.currentState)
    .innerJoin(t.events, eq(t.events.eventId, t.currentState.eventId))
    .where(and(eq(t.currentState.roomId, roomId), eq(t.currentState.type, type), eq(t.currentState.stateKey, stateKey)))
    .limit(1);
  return row?.event ?? null;
}

/** All current state events of the room. */
export async function getCurrentState(ctx: Ctx, roomId: string): Promise<t.EventRow[]> {
  const rows = await ctx.db
    .select({ event: t.events })
    .from(t.currentState)
    .innerJoin(t.events, eq(t.events.eventId, t.currentState.eventId))
    .where(eq(t.currentState.roomId, roomId));
  return rows.map((r) => r.event);
}

export async function getRoom(ctx: Ctx, roomId: string): Promise<t.RoomRow | null> {
  const [row] = await ctx.db.select().from(t.rooms).where(eq(t.rooms.roomId, roomId)).limit(1);
  return row ?? null;
}
