import { withDb, type Ctx } from "../context";
import { recordAudit } from "../audit";
import { scheduleTask } from "../tasks/schedule-task";
import { PURGE_HISTORY_ACTION } from "./actions-names";
import { isMatrixError } from "../errors";
import { resolvePurgePoint } from "./purge-point";
import { parsePurgeHistoryBody, type PurgeHistoryRequest } from "./schemas";

/**
 * POST purge_history: validates everything and resolves the purge token first (errors reach the
 * caller), then schedules the task and its audit entry in one transaction. The task does the work.
 */
export async function requestPurgeHistory(ctx: Ctx, input: PurgeHistoryRequest): Promise<{ purgeId: string }> {
  let point;
  try {
    point = await resolvePurgePoint(ctx, input);
  } catch (error) {
    await auditRefusal(ctx, input.roomId, { purge_up_to_event_id: input.eventId ?? null, purge_up_to_ts: input.ts ?? null }, error);
    throw error;
  }
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

/** A refused request is audited too: someone tried a destructive action, and was told why not. */
async function auditRefusal(ctx: Ctx, roomId: string, params: unknown, error: unknown): Promise<void> {
  const result = isMatrixError(error) ? error.toJSON() : { error: String(error) };
  await recordAudit(ctx, { action: PURGE_HISTORY_ACTION, roomId, params, status: "failed", result });
}

/** The HTTP body as Synapse reads it (§4.1), then requestPurgeHistory; malformed bodies are audited as refused. */
export async function submitPurgeHistory(ctx: Ctx, input: { roomId: string; body: Record<string, unknown>; eventId?: string }): Promise<{ purgeId: string }> {
  let request: PurgeHistoryRequest;
  try {
    request = parsePurgeHistoryBody(input.roomId, input.body, input.eventId);
  } catch (error) {
    await auditRefusal(ctx, input.roomId, input.body, error);
    throw error;
  }
  return requestPurgeHistory(ctx, request);
}
