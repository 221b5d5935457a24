import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";

export interface RetentionPolicy {
  minLifetime: number | null;
  maxLifetime: number | null;
}

export const NO_POLICY: RetentionPolicy = { minLifetime: null, maxLifetime: null };

/**
 * Each room's effective policy (Synapse's get_retention_policy_for_room, §8.3): retention disabled →
 * no policy; else the row stored for the room's current m.room.retention event, each missing field
 * falling back to the server's default policy. Not clamped: allowed_lifetime_* only bind purge jobs.
 */
export async function getRetentionPolicies(ctx: Ctx, roomIds: string[]): Promise<Map<string, RetentionPolicy>> {
  const policies = new Map<string, RetentionPolicy>();
  const retention = ctx.config.retention;
  if (!retention.enabled || roomIds.length === 0) {
    for (const roomId of roomIds) policies.set(roomId, NO_POLICY);
    return policies;
  }
  const defaults: RetentionPolicy = {
    minLifetime: retention.default_policy.min_lifetime ?? null,
    maxLifetime: retention.default_policy.max_lifetime ?? null,
  };
  const rows = await ctx.db
    .select({ roomId: t.roomRetention.roomId, minLifetime: t.roomRetention.minLifetime, maxLifetime: t.roomRetention.maxLifetime })
    .from(t.currentState)
    .innerJoin(t.roomRetention, eq(t.roomRetention.eventId, t.currentState.eventId))
    .where(and(inArray(t.currentState.roomId, roomIds), eq(t.currentState.type, "m.room.retention"), eq(t.currentState.stateKey, "")));
  const stored = new Map(rows.map((r) => [r.roomId, r]));
  for (const roomId of roomIds) {
    const row = stored.get(roomId);
    policies.set(roomId, {
      minLifetime: row?.minLifetime ?? defaults.minLifetime,
      maxLifetime: row?.maxLifetime ?? defaults.maxLifetime,
    });
  }
  return policies;
}

export async function getRetentionPolicy(ctx: Ctx, roomId: string): Promise<RetentionPolicy> {
  return (await getRetentionPolicies(ctx, [roomId])).get(roomId) ?? NO_POLICY;
}

/** A non-state event is expired (hidden from clients) once older than the room's max_lifetime. */
export function isExpired(event: { stateKey: string | null; originServerTs: number }, policy: RetentionPolicy, now: number): boolean {
  return event.stateKey === null && policy.maxLifetime !== null && event.originServerTs < now - policy.maxLifetime;
}
