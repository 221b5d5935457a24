import type { Ctx } from "../context";
import { isMatrixError } from "../errors";
import { PURGE_PAGINATION_LOCK, withLocks } from "../locks";
import type { Task, TaskFunction, TaskOutcome } from "../tasks/types";
import { updateTask } from "../tasks/update-task";
import { PURGE_HISTORY_ACTION, PURGE_ROOM_ACTION } from "./actions-names";
import { progressFrom, WAITING_FOR_ROOM_LOCK } from "./progress";
import { PurgeAborted, purgeHistory } from "./purge-history";
import { purgeRoom } from "./purge-room";
import type { RoomPurgeProgress } from "./room-steps";
import { parsePurgeToken } from "./token";

/** Synapse renders its errors as "<code>: <msg>" in task errors, e.g. "400: Users are still joined to this room". */
export function taskError(error: unknown): string {
  if (isMatrixError(error)) return `${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Progress goes into the task result in the step's own transaction; a cancelled task stops here. */
function saver(taskId: string) {
  return async (txCtx: Ctx, progress: unknown) => {
    if (!(await updateTask(txCtx, taskId, { result: progress }))) throw new PurgeAborted();
  };
}

async function outcomeOf(work: () => Promise<unknown>): Promise<TaskOutcome> {
  try {
    return { status: "complete", result: await work() };
  } catch (error) {
    if (error instanceof PurgeAborted) throw error;
    return { status: "failed", error: taskError(error) };
  }
}

/** §4.3: params {token, delete_local_events}; the write side of the room's purge_pagination_lock. */
export const purgeHistoryTask: TaskFunction = async (ctx, task: Task, signal) => {
  const roomId = task.resourceId;
  const point = parsePurgeToken(task.params?.token);
  const deleteLocalEvents = task.params?.delete_local_events;
  if (!roomId || !point || typeof deleteLocalEvents !== "boolean") {
    return { status: "failed", error: "Not enough parameters passed to _purge_history" };
  }
  const job = { roomId, depth: point.depth, deleteLocalEvents };
  const progress = progressFrom(task.result);
  // Another purge or a room deletion holds the lock: say so, or the task looks stuck at "0 of 0".
  const onWait = async () => {
    await updateTask(ctx, task.id, { result: { ...progress, waiting: WAITING_FOR_ROOM_LOCK } });
  };
  return outcomeOf(() =>
    withLocks(
      ctx,
      [{ name: PURGE_PAGINATION_LOCK, key: roomId, write: true }],
      // A lost lease (the lock may now be someone else's) stops the purge after the batch in flight.
      (lease) => purgeHistory(ctx, job, { progress, save: saver(task.id), signal: AbortSignal.any([signal, lease.signal]) }),
      { onWait },
    ),
  );
};

function roomProgressFrom(result: unknown): RoomPurgeProgress | undefined {
  if (!result || typeof result !== "object") return undefined;
  const { phase, deleted, total } = result as Record<string, unknown>;
  if ((phase !== "events" && phase !== "final" && phase !== "done") || typeof deleted !== "number" || typeof total !== "number") return undefined;
  return { phase, deleted, total };
}

/** §5.4 as a task (e.g. forgotten-room purges): params {force?}. */
export const purgeRoomTask: TaskFunction = async (ctx, task: Task, signal) => {
  const roomId = task.resourceId;
  if (!roomId) return { status: "failed", error: "Not enough parameters passed to purge_room" };
  const force = task.params?.force === true;
  return outcomeOf(() => purgeRoom(ctx, { roomId, force }, { progress: roomProgressFrom(task.result), save: saver(task.id), signal }));
};

interface Registry {
  register(action: string, fn: TaskFunction, options?: Record<string, unknown>): void;
}

/** Registers the purge domain's task actions with an instance's scheduler. */
export function registerPurgeActions(scheduler: Registry): void {
  scheduler.register(PURGE_HISTORY_ACTION, purgeHistoryTask);
  scheduler.register(PURGE_ROOM_ACTION, purgeRoomTask);
}
