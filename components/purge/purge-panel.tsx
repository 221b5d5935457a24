"use client";
import { useQuery } from "@tanstack/react-query";
import { purgeTaskQuery } from "./queries";
import { PurgeForm } from "./purge-form";
import { PurgeProgressView } from "./purge-progress";
import { TERMINAL, type PurgeTaskView } from "./types";

/**
 * The purge page's body. The room's latest purge task comes from the database (prefetched by the
 * page, then polled), so a running purge shows its progress after navigation or a reload; the form
 * returns once it has finished.
 */
export function PurgePanel({ roomId, roomLabel, initialEventId, initialTask }: { roomId: string; roomLabel: string; initialEventId: string; initialTask: PurgeTaskView | null }) {
  const task = useQuery({ ...purgeTaskQuery(roomId), initialData: initialTask });
  const current = task.data;
  const running = current !== null && current !== undefined && !TERMINAL.has(current.status);
  return (
    <div className="space-y-6">
      {current && <PurgeProgressView task={current} />}
      {task.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not read the purge status: {task.error.message}</p>}
      {running ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">You can leave this page: the purge keeps running, and its progress is here when you come back.</p>
      ) : (
        <PurgeForm roomId={roomId} roomLabel={roomLabel} initialEventId={initialEventId} />
      )}
    </div>
  );
}
