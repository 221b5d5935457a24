/**
 * When purge jobs run. Runs are aligned to the Unix epoch: a job with interval I runs at every
 * multiple of I (a daily job at 00:00 UTC). Every instance computes the same times without talking
 * to the others, and the run id (job key + planned time) is the same everywhere, so inserting it
 * with ON CONFLICT DO NOTHING lets exactly one instance schedule each run. A restart does not move
 * the schedule (Synapse waits one interval after each start; a restarted instance here keeps the
 * grid).
 */
export function nextPlannedRun(interval: number, after: number): number {
  return (Math.floor(after / interval) + 1) * interval;
}

export function runIdOf(jobKey: string, plannedTs: number): string {
  return `${jobKey}@${plannedTs}`;
}

/** The planned runs of a job in (from, to], for forecasts and tests. */
export function plannedRunsBetween(interval: number, from: number, to: number): number[] {
  const runs: number[] = [];
  for (let t = nextPlannedRun(interval, from); t <= to; t += interval) runs.push(t);
  return runs;
}
