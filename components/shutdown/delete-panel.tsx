"use client";
import { useQuery } from "@tanstack/react-query";
import { deleteTaskQuery } from "./queries";
import { DeleteForm } from "./delete-form";
import { DeleteProgressView } from "./delete-progress";
import { TERMINAL, type DeleteTaskView } from "./types";

/**
 * The delete page's body: the room's latest delete task from the database (prefetched, then polled)
 * so progress survives reloads; the form while no delete runs and the room still exists.
 */
export function DeletePanel({ roomId, roomLabel, adminUserId, roomExists, initialTask }: { roomId: string; roomLabel: string; adminUserId: string; roomExists: boolean; initialTask: DeleteTaskView | null }) {
  const task = useQuery({ ...deleteTaskQuery(roomId), initialData: initialTask });
  const current = task.data;
  const running = current !== null && current !== undefined && !TERMINAL.has(current.status);
  return (
    <div className="space-y-6">
      {current && <DeleteProgressView task={current} />}
      {task.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not read the delete status: {task.error.message}</p>}
      {running && <p className="text-sm text-slate-700 dark:text-slate-300">You can leave this page: the delete keeps running, and its progress is here when you come back.</p>}
      {!running && roomExists && <DeleteForm roomId={roomId} roomLabel={roomLabel} adminUserId={adminUserId} />}
      {!running && !roomExists && <p className="text-sm">This room no longer exists on this server.</p>}
    </div>
  );
}
