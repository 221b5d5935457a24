import { getBlockStatus } from "@/server/rooms";
import { progressFromResult, SHUTDOWN_ACTION } from "@/server/shutdown";
import { getTask, getTasks, type Task } from "@/server/tasks";
import type { Ctx } from "@/server/context";
import type { DeleteTaskView } from "@/components/shutdown/types";

/** The room purge's own progress inside the shutdown task's result, when it has started. */
function purgeOf(result: unknown): DeleteTaskView["purge"] {
  const purge = result && typeof result === "object" ? (result as Record<string, unknown>).purge : undefined;
  if (!purge || typeof purge !== "object") return null;
  const { phase, deleted, total } = purge as Record<string, unknown>;
  return typeof phase === "string" && typeof deleted === "number" && typeof total === "number" ? { phase, deleted, total } : null;
}

async function toView(ctx: Ctx, task: Task): Promise<DeleteTaskView> {
  const progress = progressFromResult(task.result);
  const params = task.params ?? {};
  const roomId = task.resourceId ?? "";
  return {
    id: task.id,
    roomId,
    status: task.status,
    timestamp: task.timestamp,
    actor: task.actor,
    phase: progress.phase ?? null,
    membersTotal: progress.members_total ?? null,
    kickedUsers: progress.kicked_users,
    failedToKickUsers: progress.failed_to_kick_users,
    localAliases: progress.local_aliases,
    newRoomId: progress.new_room_id,
    purge: purgeOf(task.result),
    error: task.error,
    options: {
      block: params.block === true,
      purge: params.purge !== false,
      forcePurge: params.force_purge === true,
      newRoomUserId: typeof params.new_room_user_id === "string" ? params.new_room_user_id : null,
    },
    blocked: (await getBlockStatus(ctx, roomId)).block,
  };
}

/**
 * The room's delete task to show: the one named by id, else the room's running one, else its most
 * recent one — read from the database, so progress survives reloads.
 */
export async function loadDeleteTask(ctx: Ctx, roomId: string, id?: string): Promise<DeleteTaskView | null> {
  if (id) {
    const task = await getTask(ctx, id);
    return task && task.action === SHUTDOWN_ACTION && task.resourceId === roomId ? toView(ctx, task) : null;
  }
  const live = await getTasks(ctx, { actions: [SHUTDOWN_ACTION], resourceId: roomId, statuses: ["active", "scheduled"], order: "desc", limit: 1 });
  const [task] = live.length > 0 ? live : await getTasks(ctx, { actions: [SHUTDOWN_ACTION], resourceId: roomId, order: "desc", limit: 1 });
  return task ? toView(ctx, task) : null;
}
