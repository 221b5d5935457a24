"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { formatTime } from "./format";
import { CancelTaskButton } from "./cancel-button";
import { parseTaskCursor, parseTaskFilters, taskFilterSearch, TASK_ACTIONS, TASK_STATUS_FILTERS, type TaskFilters } from "./params";
import { tasksQuery } from "./queries";
import { StatusBadge, summarizeResult } from "./status-badge";

const input = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

function FilterForm({ filters, onApply }: { filters: TaskFilters; onApply: (f: TaskFilters) => void }) {
  const submit = (form: FormData) => {
    const text = (key: string) => String(form.get(key) ?? "");
    onApply(parseTaskFilters({ action: text("action"), status: text("status"), room: text("room"), since: text("since"), until: text("until") }));
  };
  return (
    <form action={submit} aria-label="Filter tasks" className="flex flex-wrap items-end gap-3">
      <label className="text-sm font-medium">
        Action
        <select name="action" defaultValue={filters.action} className={input}>
          <option value="">any</option>
          {TASK_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      <label className="text-sm font-medium">
        Status
        <select name="status" defaultValue={filters.status} className={input}>
          <option value="">any</option>
          {TASK_STATUS_FILTERS.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label className="text-sm font-medium">
        Room ID
        <input name="room" defaultValue={filters.room} placeholder="!room:example.org" className={`${input} w-56`} />
      </label>
      <label className="text-sm font-medium">
        From (UTC)
        <input type="datetime-local" name="since" defaultValue={filters.since} className={input} />
      </label>
      <label className="text-sm font-medium">
        To (UTC)
        <input type="datetime-local" name="until" defaultValue={filters.until} className={input} />
      </label>
      <button type="submit" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-800">Apply filters</button>
    </form>
  );
}

/** The current URL with another page cursor (none: the newest page); other parameters (filters, tab) stay. */
function pageHref(pathname: string, current: URLSearchParams, before: string | null): string {
  const search = new URLSearchParams(current);
  if (before) search.set("before", before);
  else search.delete("before");
  const text = search.toString();
  return `${pathname}${text ? `?${text}` : ""}`;
}

function PageLinks({ pathname, current, next }: { pathname: string; current: URLSearchParams; next: string | null }) {
  const link = "rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700";
  if (!current.has("before") && next === null) return null;
  return (
    <nav aria-label="Task pages" className="flex gap-3 text-sm">
      {current.has("before") && <Link href={pageHref(pathname, current, null)} className={link}>Newest</Link>}
      {next !== null && <Link href={pageHref(pathname, current, next)} className={link}>Older tasks</Link>}
    </nav>
  );
}

/** A page of the tasks matching the URL's filters (or one room's), newest first, polled while any is live. */
export function TasksView({ room, canCancel }: { room?: string; canCancel: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const current = new URLSearchParams(searchParams.toString());
  const urlFilters = parseTaskFilters(current);
  const filters: TaskFilters = room ? { action: "", status: "", room, since: "", until: "" } : urlFilters;
  const before = parseTaskCursor(current);
  const query = useQuery(tasksQuery(filters, before));
  const tasks = query.data?.tasks ?? [];
  const next = query.data?.next ?? null;
  return (
    <div className="space-y-4">
      {!room && <FilterForm key={taskFilterSearch(filters)} filters={filters} onApply={(f) => router.replace(`${pathname}${taskFilterSearch(f)}`)} />}
      <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {query.data ? `${tasks.length} task${tasks.length === 1 ? "" : "s"}${before ? " (an older page)" : ""}${next ? "; older tasks on the next page" : ""}` : "Loading tasks…"}
      </p>
      {query.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not load tasks: {query.error.message}</p>}
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm" data-testid="tasks-table">
          <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Task</th>
              <th scope="col" className="py-2 pr-4 font-medium">Status</th>
              <th scope="col" className="py-2 pr-4 font-medium">Room</th>
              <th scope="col" className="py-2 pr-4 font-medium">Progress / result</th>
              <th scope="col" className="py-2 pr-4 font-medium">Started by</th>
              <th scope="col" className="py-2 pr-4 font-medium">Updated</th>
              {canCancel && <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} data-testid="task-row" data-task-id={task.id} className="border-b border-slate-100 align-top dark:border-slate-800">
                <td className="py-2 pr-4">
                  <Link href={`/tasks/${task.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{task.action}</Link>
                  <div className="font-mono text-xs text-slate-600 dark:text-slate-400">{task.id}</div>
                </td>
                <td className="py-2 pr-4"><StatusBadge status={task.status} /></td>
                <td className="py-2 pr-4 font-mono text-xs">
                  {task.resourceId?.startsWith("!") ? <Link href={`/rooms/${encodeURIComponent(task.resourceId)}?tab=tasks`} className="text-indigo-700 hover:underline dark:text-indigo-300">{task.resourceId}</Link> : (task.resourceId ?? "—")}
                </td>
                <td className="py-2 pr-4 text-xs">
                  {summarizeResult(task.result)}
                  {task.error && <div className="text-red-700 dark:text-red-400">Error: {task.error}</div>}
                </td>
                <td className="py-2 pr-4 font-mono text-xs">{task.actor ?? "—"}</td>
                <td className="py-2 pr-4 font-mono text-xs">{formatTime(task.timestamp)}</td>
                {canCancel && <td className="py-2">{task.cancellable && <CancelTaskButton taskId={task.id} action={task.action} />}</td>}
              </tr>
            ))}
            {query.data && tasks.length === 0 && (
              <tr><td colSpan={canCancel ? 7 : 6} className="py-6 text-center text-slate-600 dark:text-slate-400">No tasks match.</td></tr>
            )}
          </tbody>
        </table>
      </div>
      <PageLinks pathname={pathname} current={current} next={next} />
    </div>
  );
}
