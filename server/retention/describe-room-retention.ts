import type { Ctx } from "../context";
import { coveringJob, purgeJobsOf, purgeMaxLifetime } from "./jobs";
import type { RetentionPolicy } from "./policy";
import { getStoredPolicies } from "./stored-policies";

export interface RoomRetention {
  roomId: string;
  /** Retention switched on for this server; when off nothing below applies. */
  enabled: boolean;
  /** The room's own stored policy (its current m.room.retention), or null. */
  room: (RetentionPolicy & { eventId: string }) | null;
  /** The server's default policy. */
  default: RetentionPolicy;
  /** What clients see: room value, each missing field from the default. Not clamped (hiding uses this). */
  effective: RetentionPolicy;
  /** Which side each effective field came from. */
  source: { minLifetime: "room" | "default" | null; maxLifetime: "room" | "default" | null };
  /** The max_lifetime purge jobs use: the effective one clamped to allowed_lifetime_min/max. Null: never purged. */
  purgeMaxLifetime: number | null;
  /** True when the clamp changed the value (purge deletes earlier or later than the room asked). */
  clamped: boolean;
  /** Key of the first purge job that handles the room, or null when no job does. */
  job: string | null;
}

const NONE: RetentionPolicy = { minLifetime: null, maxLifetime: null };

/** Each room's retention as the console shows it: room value, default, effective, clamp, job. */
export async function describeRoomRetention(ctx: Ctx, roomIds: string[]): Promise<RoomRetention[]> {
  const retention = ctx.config.retention;
  const defaults: RetentionPolicy = {
    minLifetime: retention.default_policy.min_lifetime,
    maxLifetime: retention.default_policy.max_lifetime,
  };
  const stored = retention.enabled ? await getStoredPolicies(ctx, roomIds) : new Map();
  const jobs = purgeJobsOf(retention);
  return roomIds.map((roomId) => {
    const row = stored.get(roomId) ?? null;
    if (!retention.enabled) {
      const source = { minLifetime: null, maxLifetime: null };
      return { roomId, enabled: false, room: row, default: defaults, effective: NONE, source, purgeMaxLifetime: null, clamped: false, job: null };
    }
    const pick = (field: keyof RetentionPolicy) => {
      const own = row?.[field] ?? null;
      if (own !== null) return { value: own, source: "room" as const };
      const fallback = defaults[field];
      return { value: fallback, source: fallback === null ? null : ("default" as const) };
    };
    const min = pick("minLifetime");
    const max = pick("maxLifetime");
    const purgeMax = purgeMaxLifetime(row?.maxLifetime ?? null, retention);
    const unclampedForPurge = (row?.maxLifetime || null) ?? defaults.maxLifetime;
    return {
      roomId,
      enabled: true,
      room: row,
      default: defaults,
      effective: { minLifetime: min.value, maxLifetime: max.value },
      source: { minLifetime: min.source, maxLifetime: max.source },
      purgeMaxLifetime: purgeMax,
      clamped: purgeMax !== null && purgeMax !== unclampedForPurge,
      // A selected room with nothing to purge by (no max anywhere) is skipped by every run: not covered.
      job: purgeMax === null ? null : (coveringJob(jobs, row, defaults.maxLifetime)?.key ?? null),
    };
  });
}
