import Link from "next/link";
import { formatTs } from "@/components/rooms/describe-event";
import { fmt, ProgressBar } from "@/components/purge/typed-confirm";
import type { DeleteTaskView } from "./types";

const PHASES: Record<string, string> = {
  notice_room: "created the notice room",
  members: "removing local members",
  notice: "sent the notice message",
  aliases: "moved the aliases",
  purge: "deleting the room's data",
  done: "done",
};

function title(task: DeleteTaskView): string {
  if (task.status === "complete") return "Room deleted";
  if (task.status === "failed") return "Delete failed";
  if (task.status === "cancelled") return "Delete cancelled";
  return task.status === "scheduled" ? "Delete queued" : "Deleting the room";
}

function Users({ label, users, testId }: { label: string; users: string[]; testId: string }) {
  return (
    <div>
      <h3 className="text-sm font-semibold">
        {label} ({fmt(users.length)})
      </h3>
      <ul data-testid={testId} aria-live="polite" className="mt-1 max-h-48 overflow-y-auto font-mono text-xs">
        {users.map((u) => (
          <li key={u}>{u}</li>
        ))}
      </ul>
    </div>
  );
}

/** A delete task live: phase, members removed as they go, the purge's progress, then the result or error. */
export function DeleteProgressView({ task }: { task: DeleteTaskView }) {
  const running = task.status === "active" || task.status === "scheduled";
  const members = task.membersTotal ?? task.kickedUsers.length;
  return (
    <section aria-labelledby={`delete-progress-${task.id}`} data-testid="delete-progress" data-status={task.status} className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id={`delete-progress-${task.id}`} className="text-lg font-semibold">{title(task)}</h2>
      {running && <p className="text-sm" aria-live="polite">Step: {task.phase ? (PHASES[task.phase] ?? task.phase) : task.status === "scheduled" ? "waiting for a free task slot" : "starting"}</p>}
      {running && members > 0 && <ProgressBar label="Members removed" value={task.kickedUsers.length + task.failedToKickUsers.length} max={members} text={`${fmt(task.kickedUsers.length)} of ${fmt(members)} local members removed.`} />}
      {running && task.purge && <ProgressBar label="Data deleted" value={task.purge.deleted} max={task.purge.total} text={`${fmt(task.purge.deleted)} of ${fmt(task.purge.total)} events deleted.`} />}
      {task.status === "complete" && (
        <p role="status" className="text-sm text-green-800 dark:text-green-300">
          Finished. {fmt(task.kickedUsers.length)} member{task.kickedUsers.length === 1 ? "" : "s"} removed{task.purge ? `, ${fmt(task.purge.deleted)} events deleted` : ""}.
        </p>
      )}
      {task.status === "failed" && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {task.error ?? "The delete failed."}
        </p>
      )}
      <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-600 dark:text-slate-400">Blocked</dt>
          <dd data-testid="delete-blocked">{task.blocked ? "Yes: nobody on this server can join it" : "No"}</dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">Notice room</dt>
          <dd data-testid="delete-new-room">
            {task.newRoomId ? (
              <Link href={`/rooms/${encodeURIComponent(task.newRoomId)}`} className="font-mono break-all text-indigo-700 hover:underline dark:text-indigo-300">{task.newRoomId}</Link>
            ) : (
              "none"
            )}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-slate-600 dark:text-slate-400">Aliases moved</dt>
          <dd className="font-mono text-xs" data-testid="delete-aliases">{task.localAliases.length > 0 ? task.localAliases.join(", ") : "none"}</dd>
        </div>
      </dl>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Users label="Removed" users={task.kickedUsers} testId="kicked-users" />
        <Users label="Could not be removed" users={task.failedToKickUsers} testId="failed-users" />
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Task <span className="font-mono">{task.id}</span>, requested by {task.actor ?? "unknown"}; last update {formatTs(task.timestamp)} UTC.
      </p>
    </section>
  );
}
