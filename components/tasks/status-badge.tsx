import type { ConsoleTask } from "./types";

const STYLE: Record<ConsoleTask["status"], string> = {
  scheduled: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
  active: "bg-blue-100 text-blue-900 dark:bg-blue-900 dark:text-blue-100",
  complete: "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  cancelled: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
};

export function StatusBadge({ status }: { status: ConsoleTask["status"] }) {
  return <span data-testid="task-status" className={`rounded px-1.5 py-0.5 text-xs font-medium ${STYLE[status]}`}>{status}</span>;
}

/** A task's progress or result in a few words: its numeric fields (counts), at most four. */
export function summarizeResult(result: unknown): string {
  if (!result || typeof result !== "object" || Array.isArray(result)) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(result as Record<string, unknown>)) {
    if (typeof value === "number") parts.push(`${key.replace(/_/g, " ")}: ${value.toLocaleString("en")}`);
    if (parts.length === 4) break;
  }
  return parts.join(" · ");
}
