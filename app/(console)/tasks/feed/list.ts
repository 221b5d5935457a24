import type { Ctx } from "@/server/context";
import { getTasks, type Task } from "@/server/tasks";
import { filterTime, taskCursorParam, type TaskCursor, type TaskFilters } from "@/components/tasks/params";

/** Tasks per page of the console's list. */
export const TASK_PAGE_SIZE = 50;

export interface TaskPage {
  tasks: Task[];
  /** The `before` cursor of the next (older) page; null on the last page. */
  next: string | null;
}

/** One page of the tasks matching the filters, newest first, from `before` (keyset on timestamp and id). */
export async function listTaskPage(ctx: Ctx, filters: TaskFilters, before: TaskCursor | null, limit = TASK_PAGE_SIZE): Promise<TaskPage> {
  const rows = await getTasks(ctx, {
    actions: filters.action ? [filters.action] : [],
    statuses: filters.status ? [filters.status] : [],
    resourceId: filters.room || null,
    minTimestamp: filterTime(filters.since),
    maxTimestamp: filterTime(filters.until, true),
    after: before ?? undefined,
    // One more than a page tells whether an older page exists.
    limit: limit + 1,
    order: "desc",
  });
  const tasks = rows.slice(0, limit);
  const last = tasks[tasks.length - 1];
  return { tasks, next: rows.length > limit && last ? taskCursorParam(last) : null };
}
