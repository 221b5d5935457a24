"use client";
import { useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { cancelTaskAction } from "@/app/(console)/tasks/actions";
import { taskKeys } from "./queries";

/** Cancel with a confirmation step: a cancelled purge stops part-way and cannot be resumed. */
export function CancelTaskButton({ taskId, action }: { taskId: string; action: string }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const queryClient = useQueryClient();
  const cancel = () =>
    startTransition(async () => {
      const result = await cancelTaskAction({ taskId });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
    });
  if (!confirming) {
    return (
      <button type="button" onClick={() => { setError(null); setConfirming(true); }} className="rounded-md border border-red-300 px-2 py-1 text-xs font-medium text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950">
        Cancel…
      </button>
    );
  }
  return (
    <div role="group" aria-label={`Cancel task ${taskId}`} className="flex flex-wrap items-center gap-2 text-xs">
      <span>Cancel this {action} task? Work already done stays done.</span>
      <button type="button" disabled={pending} onClick={cancel} className="rounded-md bg-red-700 px-2 py-1 font-semibold text-white hover:bg-red-800 disabled:opacity-60">
        Yes, cancel task
      </button>
      <button type="button" disabled={pending} onClick={() => setConfirming(false)} className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">
        Keep it
      </button>
      {error && <span role="alert" className="text-red-700 dark:text-red-400">{error}</span>}
    </div>
  );
}
