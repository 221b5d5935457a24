import { finishedTasksOf } from "@/server/tasks/finished-tasks-of";
import { consoleTask } from "@/components/tasks/types";
import { ALL_ROLES } from "../../_lib/session";
import { roleRoute } from "../../_lib/route";

/**
 * GET /tasks/finished?since=ms: the logged-in user's own tasks that finished since then, and the
 * server's `now` to ask from next time (the toasts poll this; any console role, own tasks only).
 * Without since it only answers `now`, so a fresh page does not replay old news.
 */
export const GET = roleRoute<Record<string, never>>(ALL_ROLES, async (request, { ctx, session }) => {
  const now = ctx.clock.now();
  const raw = new URL(request.url).searchParams.get("since");
  const since = raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  if (since === null) return { now, tasks: [] };
  const tasks = await finishedTasksOf(ctx, { actor: session.userId, since });
  return { now, tasks: tasks.map(consoleTask) };
});
