"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { formatTime } from "./format";
import { CancelTaskButton } from "./cancel-button";
import { taskQuery } from "./queries";
import { StatusBadge, summarizeResult } from "./status-badge";
import { LIVE } from "./types";

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** One task, polled until it finishes: status, progress, error details, parameters and raw result. */
export function TaskDetail({ taskId }: { taskId: string }) {
  const query = useQuery(taskQuery(taskId));
  const task = query.data;
  if (query.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not load the task: {query.error.message}</p>;
  if (!task) return <p className="text-sm">Loading…</p>;
  return (
    <div className="space-y-4" data-testid="task-detail">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Status</dt>
        <dd aria-live="polite"><StatusBadge status={task.status} /> {LIVE.has(task.status) && <span className="text-slate-600 dark:text-slate-400">(updating)</span>}</dd>
        <dt className="font-medium">Action</dt>
        <dd className="font-mono">{task.action}</dd>
        <dt className="font-medium">Room</dt>
        <dd className="break-all font-mono">{task.resourceId?.startsWith("!") ? <Link href={`/rooms/${encodeURIComponent(task.resourceId)}`} className="text-indigo-700 hover:underline dark:text-indigo-300">{task.resourceId}</Link> : (task.resourceId ?? "—")}</dd>
        <dt className="font-medium">Started by</dt>
        <dd className="font-mono">{task.actor ?? "—"}</dd>
        <dt className="font-medium">{task.status === "scheduled" ? "Starts" : "Last update"}</dt>
        <dd className="font-mono">{formatTime(task.timestamp)}</dd>
        <dt className="font-medium">Progress</dt>
        <dd data-testid="task-progress">{summarizeResult(task.result) || "—"}</dd>
      </dl>
      {task.error && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="font-semibold">The task failed</p>
          <pre className="mt-1 whitespace-pre-wrap break-all font-mono text-xs">{task.error}</pre>
        </div>
      )}
      {task.cancellable && <CancelTaskButton taskId={task.id} action={task.action} />}
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Parameters and raw result</summary>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-900">{json({ params: task.params, result: task.result })}</pre>
      </details>
    </div>
  );
}
