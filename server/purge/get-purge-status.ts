import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { getTask } from "../tasks/get-tasks";
import { PURGE_HISTORY_ACTION } from "./actions-names";

export interface PurgeStatus {
  /** Synapse maps scheduled, active and cancelled to active. */
  status: "active" | "complete" | "failed";
  error?: string;
}

/** §4.6 (plus `error`, which Synapse's docs promise). */
export async function getPurgeStatus(ctx: Ctx, purgeId: string): Promise<PurgeStatus> {
  const task = await getTask(ctx, purgeId);
  if (!task || task.action !== PURGE_HISTORY_ACTION) throw new MatrixError("M_NOT_FOUND", `purge id '${purgeId}' not found`);
  const status = task.status === "complete" || task.status === "failed" ? task.status : "active";
  return task.error ? { status, error: task.error } : { status };
}
