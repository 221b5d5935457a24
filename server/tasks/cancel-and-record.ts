import type { Ctx } from "../context";
import { recordAudit } from "../audit/record-audit";
import { MatrixError, notFound } from "../errors";
import { cancelTask } from "./cancel-task";
import { getTask } from "./get-tasks";
import type { Task } from "./types";

/**
 * Cancels a scheduled or active task for a person (console or API) and records it in the audit log
 * as ctx.actor's: finished tasks are refused with M_BAD_STATE, unknown ids with M_NOT_FOUND.
 */
export async function cancelTaskAndRecord(ctx: Ctx, id: string): Promise<Task> {
  const task = await getTask(ctx, id);
  if (!task) throw notFound("Task not found");
  if (task.status !== "scheduled" && task.status !== "active") {
    throw new MatrixError("M_BAD_STATE", `Task ${task.id} has already finished (${task.status}) and cannot be cancelled`);
  }
  const cancelled = await cancelTask(ctx, task.id);
  const roomId = task.resourceId?.startsWith("!") ? task.resourceId : null;
  await recordAudit(ctx, {
    action: "cancel_task",
    roomId,
    target: task.id,
    params: { action: task.action, resource_id: task.resourceId },
    status: "ok",
    taskId: task.id,
    result: { cancelled, previous_status: task.status },
  });
  return (await getTask(ctx, task.id)) ?? task;
}
