import { isWaitingForRoomLock, PURGE_HISTORY_ACTION, progressFrom } from "@/server/purge";
import { getTask, getTasks, type Task } from "@/server/tasks";
import type { Ctx } from "@/server/context";
import type { PurgeTaskView } from "@/components/purge/types";

function toView(task: Task): PurgeTaskView {
  const { phase, deleted, total } = progressFrom(task.result);
  return {
    id: task.id,
    status: task.status,
    timestamp: task.timestamp,
    actor: task.actor,
    progress: { phase, deleted, total },
    waitingForLock: task.status === "active" && isWaitingForRoomLock(task.result),
    error: task.error,
    deleteLocalEvents: task.params?.delete_local_events === true,
  };
}

/**
 * The room's purge task to show: the one named by id, else the room's most recent one (running or
 * finished) — read from the database, so progress survives reloads and other browsers.
 */
export async function loadPurgeTask(ctx: Ctx, roomId: string, id?: string): Promise<PurgeTaskView | null> {
  if (id) {
    const task = await getTask(ctx, id);
    return task && task.action === PURGE_HISTORY_ACTION && task.resourceId === roomId ? toView(task) : null;
  }
  const live = await getTasks(ctx, { actions: [PURGE_HISTORY_ACTION], resourceId: roomId, statuses: ["active", "scheduled"], order: "desc", limit: 1 });
  const [task] = live.length > 0 ? live : await getTasks(ctx, { actions: [PURGE_HISTORY_ACTION], resourceId: roomId, order: "desc", limit: 1 });
  return task ? toView(task) : null;
}
