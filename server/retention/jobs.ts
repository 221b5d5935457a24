import type { Config } from "../config";
import { formatDuration } from "../config/duration";

type RetentionConfig = Config["retention"];

/** A configured purge job: it handles rooms whose max_lifetime lies in (shortest, longest]. */
export interface PurgeJob {
  /** Stable across restarts and instances: derived from the bounds and the interval. */
  key: string;
  shortestMaxLifetime: number | null;
  longestMaxLifetime: number | null;
  interval: number;
}

const bound = (ms: number | null) => (ms === null ? "*" : formatDuration(ms));

export function jobKeyOf(job: { shortestMaxLifetime: number | null; longestMaxLifetime: number | null; interval: number }): string {
  return `job:${bound(job.shortestMaxLifetime)}..${bound(job.longestMaxLifetime)}/${formatDuration(job.interval)}`;
}

/** The configured jobs, in config order, each with its key. Two identical jobs collapse to one. */
export function purgeJobsOf(retention: RetentionConfig): PurgeJob[] {
  const jobs = new Map<string, PurgeJob>();
  for (const j of retention.purge_jobs) {
    const job = { shortestMaxLifetime: j.shortest_max_lifetime, longestMaxLifetime: j.longest_max_lifetime, interval: j.interval };
    const key = jobKeyOf(job);
    if (!jobs.has(key)) jobs.set(key, { key, ...job });
  }
  return [...jobs.values()];
}

/** True when max_lifetime (a stored, unclamped value) lies in the job's range (shortest, longest]. */
export function inJobRange(job: Pick<PurgeJob, "shortestMaxLifetime" | "longestMaxLifetime">, maxLifetime: number): boolean {
  if (job.shortestMaxLifetime !== null && !(maxLifetime > job.shortestMaxLifetime)) return false;
  if (job.longestMaxLifetime !== null && !(maxLifetime <= job.longestMaxLifetime)) return false;
  return true;
}

/**
 * Synapse's include_null: rooms without a stored max_lifetime are handled by a job only if a default
 * max_lifetime exists and lies in the job's range.
 */
export function includesNull(job: Pick<PurgeJob, "shortestMaxLifetime" | "longestMaxLifetime">, defaultMax: number | null): boolean {
  if (defaultMax === null) return false;
  if (job.shortestMaxLifetime !== null && job.shortestMaxLifetime >= defaultMax) return false;
  if (job.longestMaxLifetime !== null && job.longestMaxLifetime < defaultMax) return false;
  return true;
}

export const hasBounds = (job: Pick<PurgeJob, "shortestMaxLifetime" | "longestMaxLifetime">) =>
  job.shortestMaxLifetime !== null || job.longestMaxLifetime !== null;

/**
 * Whether a job selects a room, given the room's stored policy row (null: no row in current state).
 * Mirrors Synapse's get_rooms_for_retention_period_in_range: a job without bounds takes every room
 * with a stored row; otherwise stored max in range, or a null max when include_null; rooms without
 * a row only when include_null.
 */
export function jobSelectsRoom(job: PurgeJob, stored: { maxLifetime: number | null } | null, defaultMax: number | null): boolean {
  const withNull = includesNull(job, defaultMax);
  if (stored === null) return withNull;
  if (!hasBounds(job)) return true;
  if (stored.maxLifetime === null) return withNull;
  return inJobRange(job, stored.maxLifetime);
}

/** The first configured job that selects the room, or null when no job ever purges it. */
export function coveringJob(jobs: PurgeJob[], stored: { maxLifetime: number | null } | null, defaultMax: number | null): PurgeJob | null {
  return jobs.find((job) => jobSelectsRoom(job, stored, defaultMax)) ?? null;
}

/**
 * The max_lifetime a purge uses for a room (Synapse: `room.max_lifetime or default_max`, then
 * clamped to allowed_lifetime_min/max). A stored 0 counts as unset, as in Synapse. Null: nothing
 * to purge by (no room max and no default); Synapse would raise here, we skip the room.
 */
export function purgeMaxLifetime(storedMax: number | null, retention: RetentionConfig): number | null {
  const unclamped = storedMax || retention.default_policy.max_lifetime;
  if (unclamped === null || unclamped === undefined) return null;
  return clampMaxLifetime(unclamped, retention);
}

export function clampMaxLifetime(maxLifetime: number, retention: RetentionConfig): number {
  let max = maxLifetime;
  if (retention.allowed_lifetime_min !== null) max = Math.max(retention.allowed_lifetime_min, max);
  if (retention.allowed_lifetime_max !== null) max = Math.min(max, retention.allowed_lifetime_max);
  return max;
}
