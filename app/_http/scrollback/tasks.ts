import { recordAudit } from "@/server/audit";
import { MatrixError } from "@/server/errors";
import { cancelTask, getTask, getTasks, type Task } from "@/server/tasks";
import { withAdmin, withRole } from "../auth";
import { json } from "../respond";
import { route, type ApiContext, type Route } from "../router";
import { queryInt, queryNonNegative } from "../synapse/params";
import { parseTaskStatus } from "../synapse/tasks";

export const TASK_LIST_MAX = 1000;

/** limit as Scrollback's lists take it: 1..max, default fallback. */
export function queryLimit(c: ApiContext, fallback: number, max: number): number {
  const limit = queryInt(c.query, "limit", fallback);
  if (limit < 1 || limit > max) throw new MatrixError("M_INVALID_PARAM", `Query parameter "limit" must be between 1 and ${max}.`);
  return limit;
}

export function scrollbackTask(task: Task) {
  return {
    id: task.id,
    action: task.action,
    status: task.status,
    timestamp_ms: task.timestamp,
    resource_id: task.resourceId,
    params: task.params,
    result: task.result,
    error: task.error,
    actor: task.actor,
  };
}

async function taskOr404(c: ApiContext, actor: string): Promise<Task> {
  const task = await getTask(c.app.ctx(actor), c.params.taskId ?? "");
  if (!task) throw new MatrixError("M_NOT_FOUND", "Task not found");
  return task;
}

// Scrollback's task console API: list and inspect (admins and operators), cancel (admins).
export const taskRoutes: Route[] = [
  route("GET", "/_scrollback/v1/tasks", withRole(["operator"], async (c, requester) => {
    // Repeated or comma-separated: ?status=active&status=scheduled or ?status=active,scheduled.
    const list = (name: string) => c.query.getAll(name).flatMap((v) => v.split(",")).filter((v) => v !== "");
    const statuses = list("status").map((s) => parseTaskStatus(s)).filter((s) => s !== undefined);
    const actions = list("action");
    const tasks = await getTasks(c.app.ctx(requester.userId), {
      actions,
      statuses,
      resourceId: c.query.get("resource_id"),
      minTimestamp: c.query.has("since") ? queryNonNegative(c.query, "since", 0) : undefined,
      maxTimestamp: c.query.has("until") ? queryNonNegative(c.query, "until", 0) : undefined,
      limit: queryLimit(c, 100, TASK_LIST_MAX),
      order: "desc",
    });
    return json({ tasks: tasks.map(scrollbackTask) });
  })),
  route("GET", "/_scrollback/v1/tasks/:taskId", withRole(["operator"], async (c, requester) => {
    return json(scrollbackTask(await taskOr404(c, requester.userId)));
  })),
  route("POST", "/_scrollback/v1/tasks/:taskId/cancel", withAdmin(async (c, requester) => {
    const ctx = c.app.ctx(requester.userId);
    const task = await taskOr404(c, requester.userId);
    if (task.status === "complete" || task.status === "failed") {
      throw new MatrixError("M_BAD_STATE", `Task ${task.id} has already finished (${task.status}) and cannot be cancelled`);
    }
    const cancelled = await cancelTask(ctx, task.id);
    const roomId = task.resourceId?.startsWith("!") ? task.resourceId : null;
    await recordAudit(ctx, { action: "cancel_task", roomId, target: task.id, params: { action: task.action }, status: "ok", taskId: task.id, result: { cancelled, previous_status: task.status } });
    return json(scrollbackTask((await getTask(ctx, task.id)) ?? task));
  })),
];
