"use server";
import { z } from "zod";
import { cancelTaskAndRecord } from "@/server/tasks/cancel-and-record";
import { roleAction } from "../_lib/action";
import { consoleTask } from "@/components/tasks/types";

/** Operators and admins: cancel a scheduled or active task (audited; finished tasks are refused). */
export const cancelTaskAction = roleAction(["operator"], z.object({ taskId: z.string().min(1).max(64) }), async (input, _session, ctx) => {
  return consoleTask(await cancelTaskAndRecord(ctx, input.taskId));
});
