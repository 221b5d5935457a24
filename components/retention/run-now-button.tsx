"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { runRetentionNowAction } from "@/app/(console)/retention/actions";

/** Starts a retention purge of this room now, as a task, and links to it. */
export function RunNowButton({ roomId, events }: { roomId: string; events: number }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ taskId: string } | { error: string } | null>(null);
  const run = () =>
    startTransition(async () => {
      const response = await runRetentionNowAction({ roomId });
      setResult(response.ok ? { taskId: response.data.taskId } : { error: response.error.message });
    });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" onClick={run} disabled={pending} className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60">
        Run retention purge now{events > 0 ? ` (deletes about ${events.toLocaleString("en")} events)` : ""}
      </button>
      {result && "taskId" in result && (
        <p role="status" className="text-sm">
          Purge started as <Link href={`/tasks/${result.taskId}`} className="font-mono text-indigo-700 underline dark:text-indigo-300">task {result.taskId}</Link>.
        </p>
      )}
      {result && "error" in result && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{result.error}</p>}
    </div>
  );
}
