import type { Ctx } from "../context";
import { notFound } from "../errors";
import { getTask, getTasks, type Task } from "../tasks";
import { DELETE_ACTIONS, progressFromResult, publicResponse, type ShutdownRoomResponse } from "./schemas";
import { assertLegalRoomId } from "./shutdown-room";

export interface DeleteStatus {
  delete_id: string;
  room_id: string;
  status: string;
  shutdown_room: ShutdownRoomResponse | null;
  /** Scrollback adds the failure reason (Synapse's docs promise it, its code omits it). */
  error?: string;
}

function toStatus(task: Task): DeleteStatus {
  const status: DeleteStatus = {
    delete_id: task.id,
    room_id: task.resourceId ?? "",
    status: task.status,
    // Plain purge_room tasks (forgotten-room purges) never carry a shutdown result.
    shutdown_room: task.action === "purge_room" || task.result == null ? null : publicResponse(progressFromResult(task.result)),
  };
  if (task.status === "failed" && task.error) status.error = task.error;
  return status;
}

/** Delete tasks of the room that are active, complete or failed, oldest first (§5.7). */
export async function getDeleteStatusForRoom(ctx: Ctx, roomId: string): Promise<DeleteStatus[]> {
  assertLegalRoomId(roomId);
  const tasks = await getTasks(ctx, { actions: DELETE_ACTIONS, resourceId: roomId, statuses: ["active", "complete", "failed"] });
  if (tasks.length === 0) throw notFound(`No delete task for room_id '${roomId}' found`);
  return tasks.map(toStatus);
}

export async function getDeleteStatus(ctx: Ctx, deleteId: string): Promise<DeleteStatus> {
  const task = await getTask(ctx, deleteId);
  if (!task || !DELETE_ACTIONS.includes(task.action)) throw notFound(`delete id '${deleteId}' not found`);
  return toStatus(task);
}
