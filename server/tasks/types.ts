import type { Ctx } from "../context";
import type { TaskRow, TaskStatus } from "../db/schema/tasks";

export { TASK_STATUSES, type TaskStatus } from "../db/schema/tasks";

/** A scheduled task as the rest of the code sees it (Synapse's ScheduledTask, plus who asked). */
export interface Task {
  id: string;
  action: string;
  status: TaskStatus;
  /** ms: when to start (scheduled), else the last state change or progress update. */
  timestamp: number;
  resourceId: string | null;
  params: Record<string, unknown> | null;
  result: unknown;
  error: string | null;
  actor: string | null;
}

/** What a task function returns. `active` asks to be run again (step-wise tasks). */
export interface TaskOutcome {
  status: TaskStatus;
  /** Stored only when not null/undefined, so returning nothing keeps the last progress result. */
  result?: unknown;
  error?: string | null;
}

/**
 * A registered action. The signal aborts when the task is cancelled (here or on another instance)
 * or the instance shuts down; a function should check it between steps and return promptly.
 */
export type TaskFunction = (ctx: Ctx, task: Task, signal: AbortSignal) => Promise<TaskOutcome>;

export function rowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    action: row.action,
    status: row.status,
    timestamp: row.timestamp,
    resourceId: row.resourceId,
    params: row.params ?? null,
    result: row.result ?? null,
    error: row.error,
    actor: row.actor,
  };
}

/** Statuses a task can still move out of. */
export const LIVE_STATUSES: TaskStatus[] = ["scheduled", "active"];
export const TERMINAL_STATUSES: TaskStatus[] = ["complete", "failed", "cancelled"];
