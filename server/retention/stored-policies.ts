import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";

export interface StoredPolicy {
  minLifetime: number | null;
  maxLifetime: number | null;
  eventId: string;
}

/**
 * The stored policy row of each room's current m.room.retention state event (state_key ""), one
 * batched query. Rooms missing from the map have no stored policy (none sent, or one Synapse would
 * not store, such as `{}`), and fall back to the default.
 */
export async function getStoredPolicies(ctx: Ctx, roomIds: string[]): Promise<Map<string, StoredPolicy>> {
  if (roomIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      roomId: t.roomRetention.roomId,
      eventId: t.roomRetention.eventId,
      minLifetime: t.roomRetention.minLifetime,
      maxLifetime: t.roomRetention.maxLifetime,
    })
    .from(t.currentState)
    .innerJoin(t.roomRetention, eq(t.roomRetention.eventId, t.currentState.eventId))
    .where(and(inArray(t.currentState.roomId, roomIds), eq(t.currentState.type, "m.room.retention"), eq(t.currentState.stateKey, "")));
  return new Map(rows.map((r) => [r.roomId, { minLifetime: r.minLifetime, maxLifetime: r.maxLifetime, eventId: r.eventId }]));
}
