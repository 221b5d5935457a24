import { z } from "zod";
import { PurgeAborted, purgeRoom, taskError, type RoomPurgeProgress } from "../purge";
import { getTask, updateTask, type Task, type TaskFunction } from "../tasks";
import { DEFAULT_MESSAGE, DEFAULT_ROOM_NAME, progressFromResult, type ShutdownProgress, type ShutdownRoomParams } from "./schemas";
import { DEFAULT_MEMBER_BATCH, shutdownRoom, type SaveProgress } from "./shutdown-room";

const storedParamsSchema = z.object({
  requester_user_id: z.string(),
  new_room_user_id: z.string().nullable().default(null),
  new_room_name: z.string().default(DEFAULT_ROOM_NAME),
  message: z.string().default(DEFAULT_MESSAGE),
  block: z.boolean().default(false),
  purge: z.boolean().default(true),
  force_purge: z.boolean().default(false),
});

function paramsOf(task: Task): ShutdownRoomParams {
  const parsed = storedParamsSchema.safeParse(task.params ?? {});
  if (!parsed.success) throw new Error(`Invalid shutdown parameters: ${parsed.error.issues[0]?.message ?? "unknown"}`);
  return parsed.data;
}

/**
 * The shutdown_and_purge_room task (§5.6): the shutdown, recording its progress in the task result
 * in the same transaction as each step, then the purge when asked. Re-run after a crash, it starts
 * from the stored result. The scheduler finishes the request's audit entry with the outcome.
 */
function purgeProgressOf(result: unknown): RoomPurgeProgress | undefined {
  const purge = result && typeof result === "object" ? (result as Record<string, unknown>).purge : undefined;
  if (!purge || typeof purge !== "object") return undefined;
  const { phase, deleted, total } = purge as Record<string, unknown>;
  if ((phase !== "events" && phase !== "final" && phase !== "done") || typeof deleted !== "number" || typeof total !== "number") return undefined;
  return { phase, deleted, total };
}

/**
 * The shutdown_and_purge_room task (§5.6): the shutdown, recording its progress in the task result
 * in the same transaction as each step, then the purge (its batches record their progress under
 * `purge` the same way). Re-run after a crash, it continues from the stored result. Failures end the
 * task as failed with Synapse's "<code>: <message>" error; the scheduler finishes the audit entry.
 */
export function createShutdownTask(options: { batchSize?: number; purgeBatchSize?: number } = {}): TaskFunction {
  return async (ctx, task, signal) => {
    const params = paramsOf(task);
    const roomId = task.resourceId ?? "";
    // A task that is no longer ours (cancelled) stops at its next progress record.
    const save: SaveProgress = async (db, next) => {
      if (!(await updateTask({ ...ctx, db }, task.id, { result: next }))) throw new PurgeAborted();
    };
    try {
      const progress: ShutdownProgress = await shutdownRoom(ctx, {
        roomId,
        params,
        progress: progressFromResult(task.result),
        save,
        signal,
        batchSize: options.batchSize ?? DEFAULT_MEMBER_BATCH,
      });
      if (params.purge) {
        const stored = purgeProgressOf(task.result);
        if (!stored) await save(ctx.db, { ...progress, phase: "purge" });
        await purgeRoom(
          ctx,
          { roomId, force: params.force_purge },
          {
            progress: stored,
            signal,
            batchSize: options.purgeBatchSize,
            save: (txCtx, purge) => save(txCtx.db, { ...progress, phase: "purge", purge }),
          },
        );
      }
      const done = await getTask(ctx, task.id);
      return { status: "complete", result: { ...progressFromResult(done?.result ?? progress), purge: purgeProgressOf(done?.result), phase: "done" } };
    } catch (error) {
      if (error instanceof PurgeAborted || signal.aborted) throw error;
      // No result: the last committed progress stays as the task's result.
      return { status: "failed", error: taskError(error) };
    }
  };
}

export const shutdownAndPurgeRoomTask: TaskFunction = createShutdownTask();
