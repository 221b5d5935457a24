import { sql } from "drizzle-orm";
import { withDb, type Ctx } from "../context";
import { finishAudit, recordAudit } from "../audit";
import { MatrixError } from "../errors";
import { NEW_EVENT_DURING_PURGE_LOCK, PURGE_PAGINATION_LOCK, withLocks } from "../locks";
import { createBatchSizer, timedBatch } from "./batch-sizer";
import { PurgeAborted } from "./purge-history";
import { purgeRoomBatch, purgeRoomFinal, type RoomPurgeProgress } from "./room-steps";

export interface PurgeRoomInput {
  roomId: string;
  /** Purge even while local users are joined. */
  force?: boolean;
}

export interface PurgeRoomHooks {
  progress?: RoomPurgeProgress;
  save?: (txCtx: Ctx, progress: RoomPurgeProgress) => Promise<void>;
  signal?: AbortSignal;
  /** Most events per batch (default purge.batch_size); batches are sized to take about `targetMs`. */
  batchSize?: number;
  targetMs?: number;
}

async function localUsersJoined(ctx: Ctx, roomId: string): Promise<boolean> {
  const rows = await ctx.db.execute(sql`
    select 1 from current_state
    where room_id = ${roomId} and type = 'm.room.member' and membership = 'join'
      and substring(state_key from position(':' in state_key) + 1) = ${ctx.config.server_name}
    limit 1`);
  return rows.length > 0;
}

/**
 * §5.4: removes every row of the room (except its block and the audit trail), in batches for big
 * rooms, under write locks on purge_pagination_lock and new_event_during_purge_lock taken together.
 * Refuses while local users are joined unless forced. Idempotent: a re-run continues the work.
 */
export async function purgeRoom(ctx: Ctx, input: PurgeRoomInput, hooks: PurgeRoomHooks = {}): Promise<RoomPurgeProgress> {
  const auditId = await recordAudit(ctx, { action: "purge_room", roomId: input.roomId, params: { force: input.force ?? false }, status: "requested" });
  try {
    const result = await purgeRoomLocked(ctx, input, hooks);
    await finishAudit(ctx, auditId, { status: "ok", result });
    return result;
  } catch (error) {
    await finishAudit(ctx, auditId, { status: "failed", result: { error: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}

async function purgeRoomLocked(ctx: Ctx, input: PurgeRoomInput, hooks: PurgeRoomHooks): Promise<RoomPurgeProgress> {
  const { roomId } = input;
  const locks = [
    { name: PURGE_PAGINATION_LOCK, key: roomId, write: true },
    { name: NEW_EVENT_DURING_PURGE_LOCK, key: roomId, write: true },
  ];
  return withLocks(ctx, locks, async (lease) => {
    if (await localUsersJoined(ctx, roomId)) {
      if (!input.force) throw new MatrixError("M_UNKNOWN", "Users are still joined to this room");
      ctx.logger.info("purging a room with local users still joined (forced)", { roomId });
    }
    let progress = hooks.progress ?? (await initialRoomProgress(ctx, roomId));
    const sizer = createBatchSizer({ max: hooks.batchSize ?? ctx.config.purge.batch_size, targetMs: hooks.targetMs });
    const step = (run: (tx: Ctx["db"]) => Promise<RoomPurgeProgress>) =>
      ctx.db.transaction(async (tx) => {
        const next = await run(tx);
        await hooks.save?.(withDb(ctx, tx), next);
        return next;
      });
    while (progress.phase === "events") {
      if (hooks.signal?.aborted || lease.signal.aborted) throw new PurgeAborted();
      const current = progress;
      progress = await timedBatch(sizer, (size) => step((tx) => purgeRoomBatch(tx, roomId, current, size)));
    }
    if (progress.phase === "final") {
      const current = progress;
      progress = await step((tx) => purgeRoomFinal(tx, roomId, current));
    }
    return progress;
  });
}

async function initialRoomProgress(ctx: Ctx, roomId: string): Promise<RoomPurgeProgress> {
  const [row] = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from events where room_id = ${roomId}`);
  return { phase: "events", deleted: 0, total: Number(row?.n ?? 0) };
}
