import type { Task } from "@/server/tasks";

/** A task as the console's browser side sees it (plain JSON). */
export interface ConsoleTask {
  id: string;
  action: string;
  status: "scheduled" | "active" | "complete" | "failed" | "cancelled";
  timestamp: number;
  resourceId: string | null;
  params: Record<string, unknown> | null;
  result: unknown;
  error: string | null;
  actor: string | null;
  /** Live, and this user's role may cancel it (app/(console)/_lib/task-policy.ts). */
  cancellable: boolean;
}

export const LIVE = new Set<ConsoleTask["status"]>(["scheduled", "active"]);

export function consoleTask(task: Task): Omit<ConsoleTask, "cancellable"> {
  return { id: task.id, action: task.action, status: task.status, timestamp: task.timestamp, resourceId: task.resourceId, params: task.params, result: task.result, error: task.error, actor: task.actor };
}
