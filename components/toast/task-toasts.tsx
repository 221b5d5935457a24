"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { ConsoleTask } from "../tasks/types";

const POLL_MS = 3000;
const MAX_TOASTS = 5;

interface Toast {
  task: ConsoleTask;
}

function describe(task: ConsoleTask): string {
  const where = task.resourceId ? ` for ${task.resourceId}` : "";
  if (task.status === "complete") return `Task ${task.action}${where} finished.`;
  if (task.status === "failed") return `Task ${task.action}${where} failed${task.error ? `: ${task.error}` : "."}`;
  return `Task ${task.action}${where} was cancelled.`;
}

/**
 * Announces the logged-in user's own tasks as they finish or fail, on whatever console page is open:
 * polls /tasks/finished with the server's clock (the first answer only sets the starting point, so
 * a reload does not replay old news). A polite live region; each toast can be dismissed.
 */
export function TaskToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const since = useRef<number | null>(null);
  const seen = useRef(new Set<string>());

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const query = since.current === null ? "" : `?since=${since.current}`;
        const response = await fetch(`/tasks/finished${query}`, { headers: { accept: "application/json" } });
        if (response.status === 401) return; // logged out: stop polling
        if (response.ok) {
          const body = (await response.json()) as { now: number; tasks: ConsoleTask[] };
          const fresh = body.tasks.filter((t) => !seen.current.has(t.id));
          for (const task of fresh) seen.current.add(task.id);
          if (fresh.length > 0) setToasts((old) => [...old, ...fresh.map((task) => ({ task }))].slice(-MAX_TOASTS));
          // A small overlap: a task finishing while this request ran is asked for again (and deduplicated).
          since.current = body.now - POLL_MS;
        }
      } catch {
        // Network hiccup: try again next time.
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const dismiss = (id: string) => setToasts((old) => old.filter((t) => t.task.id !== id));
  return (
    <div aria-live="polite" aria-label="Notifications" role="region" className="pointer-events-none fixed inset-x-2 bottom-2 z-50 flex flex-col items-end gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4">
      {toasts.map(({ task }) => (
        <div key={task.id} data-testid="task-toast" className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border p-3 text-sm shadow-lg ${task.status === "failed" ? "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50" : "border-slate-200 bg-white text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-50"}`}>
          <p className="min-w-0 flex-1 break-words">
            {describe(task)}{" "}
            <Link href={`/tasks/${task.id}`} className="font-medium text-indigo-700 underline dark:text-indigo-300">View task</Link>
          </p>
          <button type="button" onClick={() => dismiss(task.id)} aria-label="Dismiss notification" className="rounded px-1.5 text-base leading-none hover:bg-slate-200 dark:hover:bg-slate-700">×</button>
        </div>
      ))}
    </div>
  );
}
