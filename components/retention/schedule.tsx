import Link from "next/link";
import type { JobForecast, JobView, RetentionSchedule } from "@/server/retention";
import { formatDuration, formatTime, plural } from "../tasks/format";

const card = "rounded-lg border border-slate-200 p-4 dark:border-slate-800";

export function jobRange(job: Pick<JobView, "shortest_max_lifetime" | "longest_max_lifetime">): string {
  const from = job.shortest_max_lifetime === null ? "0" : formatDuration(job.shortest_max_lifetime);
  const to = job.longest_max_lifetime === null ? "∞" : formatDuration(job.longest_max_lifetime);
  return `${from} < max_lifetime ≤ ${to}`;
}

/** The server's retention configuration, read-only (it comes from the config file). */
export function ServerPolicy({ schedule }: { schedule: RetentionSchedule }) {
  return (
    <section aria-labelledby="server-policy" className={card}>
      <h2 id="server-policy" className="text-lg font-semibold">Server policy</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">From the configuration file; change it there and restart.</p>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="server-policy">
        <dt className="font-medium">Retention</dt>
        <dd>{schedule.enabled ? "enabled" : "disabled — rooms' policies are stored but nothing expires"}</dd>
        <dt className="font-medium">Default policy</dt>
        <dd>min {formatDuration(schedule.default_policy.min_lifetime)}, max {formatDuration(schedule.default_policy.max_lifetime)}</dd>
        <dt className="font-medium">Allowed max_lifetime</dt>
        <dd>{formatDuration(schedule.allowed_lifetime.min)} to {schedule.allowed_lifetime.max === null ? "no limit" : formatDuration(schedule.allowed_lifetime.max)} (room values outside are clamped for purging)</dd>
      </dl>
      {schedule.enabled && schedule.uncovered.length > 0 && (
        <div role="note" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-semibold">Coverage gap</p>
          {schedule.uncovered.map((gap) => (
            <p key={gap.from}>No purge job handles rooms with {gap.from === 0 ? "0" : formatDuration(gap.from)} &lt; max_lifetime ≤ {gap.to === null ? "∞" : formatDuration(gap.to)}: their expired events are hidden but never deleted.</p>
          ))}
        </div>
      )}
    </section>
  );
}

function Forecast({ forecast }: { forecast: JobForecast | null }) {
  if (!forecast) return <p className="text-sm">No forecast.</p>;
  return (
    <div className="text-sm" data-testid="job-forecast">
      <p>
        If nothing changes, the run at {formatTime(forecast.at)} examines {plural(forecast.rooms_selected, "room")} and deletes{" "}
        <strong>{plural(forecast.events.total, "event")}</strong> ({forecast.events.local.toLocaleString("en")} local, {forecast.events.remote.toLocaleString("en")} remote) in {plural(forecast.rooms_with_deletions, "room")}.
      </p>
      {forecast.top_rooms.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {forecast.top_rooms.slice(0, 5).map((room) => (
            <li key={room.room_id}>
              <Link href={`/rooms/${encodeURIComponent(room.room_id)}?tab=retention`} className="break-all font-mono text-xs text-indigo-700 underline dark:text-indigo-300">{room.room_id}</Link>: {plural(room.events, "event")} (max_lifetime {formatDuration(room.max_lifetime)})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Each purge job: its range, next run, last run with counts, and the forecast of its next run. */
export function JobsSchedule({ jobs, forecasts }: { jobs: JobView[]; forecasts: Map<string, JobForecast> }) {
  return (
    <section aria-labelledby="purge-jobs" className="space-y-3">
      <h2 id="purge-jobs" className="text-lg font-semibold">Purge jobs</h2>
      {jobs.length === 0 && <p className="text-sm">No purge jobs run while retention is disabled.</p>}
      {jobs.map((job) => {
        const last = job.last_runs[0];
        return (
          <article key={job.key} className={card} data-testid="purge-job" aria-label={`Purge job ${job.key}`}>
            <h3 className="font-semibold"><span className="font-mono">{jobRange(job)}</span></h3>
            <p className="text-sm text-slate-600 dark:text-slate-400">Every {formatDuration(job.interval)}{job.include_null ? "; also rooms without their own max_lifetime (the default policy)" : ""}.</p>
            <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
              <dt className="font-medium">Next run</dt>
              <dd data-testid="job-next-run">
                {formatTime(job.next_run.planned_ts)} ({job.next_run.status})
                {job.next_run.task_id && <> · <Link href={`/tasks/${job.next_run.task_id}`} className="text-indigo-700 underline dark:text-indigo-300">task</Link></>}
              </dd>
              <dt className="font-medium">Last run</dt>
              <dd data-testid="job-last-run">
                {last ? (
                  <>
                    {formatTime(last.started_ts ?? last.planned_ts)} · {last.status} · {plural(last.rooms_examined, "room")} examined, {last.rooms_purged} purged, {plural(last.events_deleted, "event")} deleted, {plural(last.errors.length, "error")}
                    {last.duration_ms !== null && <>, took {formatDuration(last.duration_ms)}</>}
                  </>
                ) : (
                  "none yet"
                )}
              </dd>
            </dl>
            <div className="mt-2"><Forecast forecast={forecasts.get(job.key) ?? null} /></div>
          </article>
        );
      })}
    </section>
  );
}
