"use server";
import { z } from "zod";
import { MatrixError } from "@/server/errors";
import { getTask } from "@/server/tasks";
import { cancelTaskAndRecord } from "@/server/tasks/cancel-and-record";
import { roleAction } from "../_lib/action";
import { consoleTaskFor, mayCancelTask } from "../_lib/task-policy";

/** Cancel a scheduled or active task (audited; finished tasks are refused): admins any, operators retention runs. */
export const cancelTaskAction = roleAction(["operator"], z.object({ taskId: z.string().min(1).max(64) }), async (input, session, ctx) => {
  const task = await getTask(ctx, input.taskId);
  if (task && !mayCancelTask(session.role, task.action)) throw new MatrixError("M_FORBIDDEN", `Only admins may cancel ${task.action} tasks.`);
  return consoleTaskFor(session.role, await cancelTaskAndRecord(ctx, input.taskId));
});
