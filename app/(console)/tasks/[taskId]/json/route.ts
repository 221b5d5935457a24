import { MatrixError } from "@/server/errors";
import { getTask } from "@/server/tasks";
import { consoleTaskFor } from "../../../_lib/task-policy";
import { decodeParam } from "../../../_lib/params";
import { roleRoute } from "../../../_lib/route";

/** GET /tasks/{taskId}/json: one task, polled by its page while it runs (operators, admins). */
export const GET = roleRoute<{ taskId: string }>(["operator"], async (_request, { params, session, ctx }) => {
  const task = await getTask(ctx, decodeParam(params.taskId).slice(0, 64));
  if (!task) throw new MatrixError("M_NOT_FOUND", "Task not found");
  return consoleTaskFor(session.role, task);
});
