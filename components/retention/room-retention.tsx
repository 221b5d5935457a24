import Link from "next/link";
import type { JobView, RoomForecast } from "@/server/retention";
import { formatDuration, formatTime, plural } from "../tasks/format";
import { jobRange } from "./schedule";

const sourceText = (source: "room" | "default" | null) => (source === "room" ? "room" : source === "default" ? "server default" : "not set");

/** The room's policy: its own values, the effective ones, the clamp, the covering job and the forecast. */
export function RoomRetentionSummary({ forecast, job }: { forecast: RoomForecast; job: JobView | null }) {
  const room = forecast.room;
  const total = forecast.preview?.delete.total ?? 0;
  return (
    <section aria-labelledby="room-retention" className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="room-retention" className="text-lg font-semibold">Retention of this room</h2>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="room-retention">
        <dt className="font-medium">Room&apos;s own policy</dt>
        <dd>{room.room ? `min ${formatDuration(room.room.minLifetime)}, max ${formatDuration(room.room.maxLifetime)}` : "none (the server default applies)"}</dd>
        <dt className="font-medium">Effective</dt>
        <dd>
          {room.enabled
            ? `min ${formatDuration(room.effective.minLifetime)} (${sourceText(room.source.minLifetime)}), max ${formatDuration(room.effective.maxLifetime)} (${sourceText(room.source.maxLifetime)})`
            : "retention is disabled on this server"}
        </dd>
        <dt className="font-medium">Purged after</dt>
        <dd data-testid="purge-max-lifetime">{room.purgeMaxLifetime === null ? "never" : formatDuration(room.purgeMaxLifetime)}{room.clamped && " (clamped to the server's allowed range)"}</dd>
        <dt className="font-medium">Purge job</dt>
        <dd>{job ? <>{jobRange(job)}, next run {formatTime(job.next_run.planned_ts)}</> : "no job purges this room"}</dd>
      </dl>
      <p className="text-sm" data-testid="room-forecast">
        {forecast.preview
          ? <>A purge now (cutoff {formatTime(forecast.cutoff)}) would delete <strong>{plural(total, "event")}</strong> ({forecast.preview.delete.local} local, {forecast.preview.delete.remote} remote); {plural(forecast.preview.keep.stateEvents, "state event")} stay.</>
          : <>A purge now would delete nothing: {forecast.reason}.</>}
      </p>
      <p className="text-sm"><Link href={`?tab=tasks`} className="text-indigo-700 hover:underline dark:text-indigo-300">This room&apos;s tasks</Link></p>
    </section>
  );
}
