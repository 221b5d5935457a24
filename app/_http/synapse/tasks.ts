import { getTasks, TASK_STATUSES, type Task, type TaskStatus } from "@/server/tasks";
import { MatrixError } from "@/server/errors";
import { withAdmin } from "../auth";
import { json } from "../respond";
import { route, type Route } from "../router";
import { queryNonNegative } from "./params";

export function parseTaskStatus(raw: string | null): TaskStatus | undefined {
  if (raw === null) return undefined;
  const status = TASK_STATUSES.find((s) => s === raw);
  // Synapse raises a ValueError (500) here; an unknown status is the client's mistake.
  if (!status) throw new MatrixError("M_INVALID_PARAM", `Unknown status ${JSON.stringify(raw)}: must be one of ${TASK_STATUSES.join(", ")}`);
  return status;
}

function synapseTask(task: Task) {
  return {
    id: task.id,
    action: task.action,
    status: task.status,
    timestamp_ms: task.timestamp,
    resource_id: task.resourceId,
    result: task.result,
    error: task.error,
  };
}

// GET /_synapse/admin/v1/scheduled_tasks (Synapse's ScheduledTasksRestServlet).
export const scheduledTaskRoutes: Route[] = [
  route("GET", "/_synapse/admin/v1/scheduled_tasks", withAdmin(async (c, requester) => {
    const action = c.query.get("action_name");
    const resourceId = c.query.get("resource_id");
    const status = parseTaskStatus(c.query.get("status") ?? c.query.get("job_status"));
    const maxTimestamp = c.query.has("max_timestamp") ? queryNonNegative(c.query, "max_timestamp", 0) : undefined;
    const tasks = await getTasks(c.app.ctx(requester.userId), {
      actions: action ? [action] : undefined,
      resourceId,
      statuses: status ? [status] : undefined,
      maxTimestamp,
    });
    return json({ scheduled_tasks: tasks.map(synapseTask) });
  })),
];
