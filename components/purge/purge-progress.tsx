import { formatTs } from "@/components/rooms/describe-event";
import { fmt, ProgressBar } from "./typed-confirm";
import type { PurgeTaskView } from "./types";

const PHASES: Record<PurgeTaskView["progress"]["phase"], string> = {
  prepare: "finding the events to delete",
  delete: "deleting events in batches",
  finish: "tidying up",
  done: "done",
};

/** A purge task's state: waiting, a progress bar while it runs, or how it ended. */
export function PurgeProgressView({ task }: { task: PurgeTaskView }) {
  const { deleted, total, phase } = task.progress;
  const started = `Requested by ${task.actor ?? "unknown"}; last update ${formatTs(task.timestamp)} UTC.`;
  return (
    <section aria-labelledby="purge-progress-title" data-testid="purge-progress" data-status={task.status} className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="purge-progress-title" className="text-lg font-semibold">
        {task.status === "complete" ? "Purge complete" : task.status === "failed" ? "Purge failed" : task.status === "cancelled" ? "Purge cancelled" : "Purge in progress"}
      </h2>
      {task.status === "scheduled" && <p className="text-sm" aria-live="polite">Waiting for a free task slot…</p>}
      {task.status === "active" && task.waitingForLock && (
        <p className="text-sm" aria-live="polite">
          Waiting for another purge or a deletion of this room to finish; this purge starts right after.
        </p>
      )}
      {task.status === "active" && !task.waitingForLock && <ProgressBar label="Purge progress" value={deleted} max={total} text={`Deleted ${fmt(deleted)} of ${fmt(total)} events (${PHASES[phase]}).`} />}
      {task.status === "complete" && (
        <p role="status" className="text-sm text-green-800 dark:text-green-300">
          Deleted {fmt(deleted)} event{deleted === 1 ? "" : "s"}. The room&apos;s timeline now starts at the cutoff.
        </p>
      )}
      {task.status === "failed" && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {task.error ?? "The purge failed."} Deleted {fmt(deleted)} of {fmt(total)} events before it stopped.
        </p>
      )}
      {task.status === "cancelled" && <p className="text-sm">Cancelled after deleting {fmt(deleted)} of {fmt(total)} events.</p>}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Task <span className="font-mono">{task.id}</span>. {started}
      </p>
    </section>
  );
}
