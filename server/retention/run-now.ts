import { eq } from "drizzle-orm";
import { withDb, type Ctx } from "../context";
import { recordAudit } from "../audit";
import * as t from "../db/schema";
import { MatrixError, notFound } from "../errors";
import { describeRoomRetention } from "./describe-room-retention";
import { createRoomRun, RETENTION_PURGE_ACTION } from "./runs";

/**
 * POST run-now for one room: validated first (retention on, room known), then its
 * retention_purge task, run row and audit entry in one transaction. The task does the purge.
 */
export async function runRetentionNow(ctx: Ctx, input: { roomId: string }): Promise<{ taskId: string; runId: string }> {
  if (!ctx.config.retention.enabled) throw new MatrixError("M_BAD_STATE", "Message retention is not enabled on this server");
  const [room] = await ctx.db.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, input.roomId)).limit(1);
  if (!room) throw notFound(`Unknown room ${input.roomId}`);
  const [policy] = await describeRoomRetention(ctx, [input.roomId]);
  return ctx.db.transaction(async (tx) => {
    const txCtx = withDb(ctx, tx);
    const { taskId, runId } = await createRoomRun(txCtx, input.roomId);
    await recordAudit(txCtx, {
      action: RETENTION_PURGE_ACTION,
      roomId: input.roomId,
      target: runId,
      params: { run_now: true, max_lifetime: policy?.effective.maxLifetime ?? null, purge_max_lifetime: policy?.purgeMaxLifetime ?? null },
      status: "requested",
      taskId,
    });
    return { taskId, runId };
  });
}
