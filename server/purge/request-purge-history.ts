import { withDb, type Ctx } from "../context";
import { recordAudit } from "../audit";
import { scheduleTask } from "../tasks/schedule-task";
import { PURGE_HISTORY_ACTION } from "./actions-names";
import { resolvePurgePoint } from "./purge-point";
import type { PurgeHistoryRequest } from "./schemas";

/**
 * POST purge_history: validates everything and resolves the purge token first (errors reach the
 * caller), then schedules the task and its audit entry in one transaction. The task does the work.
 */
export async function requestPurgeHistory(ctx: Ctx, input: PurgeHistoryRequest): Promise<{ purgeId: string }> {
  const point = await resolvePurgePoint(ctx, input);
  const params = { token: point.token, delete_local_events: input.deleteLocalEvents };
  return ctx.db.transaction(async (tx) => {
    const txCtx = withDb(ctx, tx);
    const purgeId = await scheduleTask(txCtx, { action: PURGE_HISTORY_ACTION, resourceId: input.roomId, params });
    await recordAudit(txCtx, {
      action: PURGE_HISTORY_ACTION,
      roomId: input.roomId,
      target: point.eventId,
      params: { ...params, purge_up_to_event_id: input.eventId ?? null, purge_up_to_ts: input.ts ?? null },
      status: "requested",
      taskId: purgeId,
    });
    return { purgeId };
  });
}
