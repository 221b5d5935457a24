import { formatDuration } from "../config/duration";
import type { PurgeJob } from "./jobs";

/** A range of max_lifetime values (from, to] that no job handles; to null means unbounded. */
export interface LifetimeGap {
  from: number;
  to: number | null;
}

/**
 * The positive max_lifetime values no purge job covers. Each job covers (shortest, longest], a
 * missing bound meaning 0 or infinity; rooms whose policy falls in a gap are never purged (the
 * config docs warn: one job needs no lower bound, one no upper bound).
 */
export function findUncoveredLifetimes(jobs: Array<Pick<PurgeJob, "shortestMaxLifetime" | "longestMaxLifetime">>): LifetimeGap[] {
  const ranges = jobs
    .map((j) => ({ from: j.shortestMaxLifetime ?? 0, to: j.longestMaxLifetime }))
    .sort((a, b) => a.from - b.from);
  const gaps: LifetimeGap[] = [];
  let covered = 0; // everything in (0, covered] is handled
  for (const range of ranges) {
    if (range.from > covered) gaps.push({ from: covered, to: range.from });
    if (range.to === null) return gaps;
    covered = Math.max(covered, range.to);
  }
  gaps.push({ from: covered, to: null });
  return gaps;
}

export function describeGap(gap: LifetimeGap): string {
  const from = gap.from === 0 ? "0" : formatDuration(gap.from);
  return gap.to === null ? `max_lifetime > ${from}` : `${from} < max_lifetime <= ${formatDuration(gap.to)}`;
}

/** Start-up warning: rooms in a gap keep their expired events forever (hidden, never deleted). */
export function warnUncoveredLifetimes(jobs: PurgeJob[], logger: { warn(message: string, fields?: Record<string, unknown>): void }): LifetimeGap[] {
  const gaps = findUncoveredLifetimes(jobs);
  for (const gap of gaps) {
    logger.warn(`retention: no purge job covers rooms with ${describeGap(gap)}; their expired events are hidden but never deleted`, {
      from: gap.from,
      to: gap.to,
    });
  }
  return gaps;
}
