import { parseTaskCursor, parseTaskFilters } from "@/components/tasks/params";
import { consoleTaskFor } from "../../_lib/task-policy";
import { roleRoute } from "../../_lib/route";
import { listTaskPage } from "./list";

/**
 * GET /tasks/feed?action=&status=&room=&since=&until=&before=: a page of the matching tasks, newest
 * first, and the cursor of the next older page (operators, admins).
 */
export const GET = roleRoute<Record<string, never>>(["operator"], async (request, { session, ctx }) => {
  const search = new URL(request.url).searchParams;
  const page = await listTaskPage(ctx, parseTaskFilters(search), parseTaskCursor(search));
  return { tasks: page.tasks.map((task) => consoleTaskFor(session.role, task)), next: page.next };
});
