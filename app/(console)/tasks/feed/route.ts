import { getTasks } from "@/server/tasks";
import { filterTime, parseTaskFilters } from "@/components/tasks/params";
import { consoleTaskFor } from "../../_lib/task-policy";
import { roleRoute } from "../../_lib/route";

const TASK_PAGE_LIMIT = 200;

/** GET /tasks/feed?action=&status=&room=&since=&until=: the newest 200 matching tasks (operators, admins). */
export const GET = roleRoute<Record<string, never>>(["operator"], async (request, { session, ctx }) => {
  const filters = parseTaskFilters(new URL(request.url).searchParams);
  const tasks = await getTasks(ctx, {
    actions: filters.action ? [filters.action] : [],
    statuses: filters.status ? [filters.status] : [],
    resourceId: filters.room || null,
    minTimestamp: filterTime(filters.since),
    maxTimestamp: filterTime(filters.until, true),
    limit: TASK_PAGE_LIMIT,
    order: "desc",
  });
  return { tasks: tasks.map((task) => consoleTaskFor(session.role, task)) };
});
