import { RETENTION_PURGE_ACTION } from "@/server/retention";
import { LIVE, consoleTask, type ConsoleTask } from "@/components/tasks/types";
import type { Task } from "@/server/tasks";
import type { ConsoleRole } from "./session";

/**
 * Who may cancel which task. Admins: any. Operators manage retention, so they may stop a retention
 * run; purges and deletions started by admins are theirs to stop, and moderators only read.
 */
export function mayCancelTask(role: ConsoleRole, action: string): boolean {
  return role === "admin" || (role === "operator" && action === RETENTION_PURGE_ACTION);
}

/** A task for the browser, with whether this user may cancel it now. */
export function consoleTaskFor(role: ConsoleRole, task: Task): ConsoleTask {
  const plain = consoleTask(task);
  return { ...plain, cancellable: LIVE.has(plain.status) && mayCancelTask(role, plain.action) };
}
