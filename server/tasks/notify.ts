import { sql } from "drizzle-orm";
import { EventEmitter } from "node:events";
import type { Ctx } from "../context";

/** PostgreSQL channel on which task events reach every instance (delivered at commit). */
export const TASKS_CHANNEL = "scrollback_tasks";

export type TaskNotice = { kind: "new"; id: string } | { kind: "cancel"; id: string };

// Same-process fast path, per instance name: a cancel issued in this process aborts a task running
// here at once, without waiting for the NOTIFY round trip. Other instances hear the NOTIFY.
const localBuses = new Map<string, EventEmitter>();

export function localTaskBus(instanceName: string): EventEmitter {
  let bus = localBuses.get(instanceName);
  if (!bus) {
    bus = new EventEmitter();
    bus.setMaxListeners(0);
    localBuses.set(instanceName, bus);
  }
  return bus;
}

export async function notifyTasks(ctx: Ctx, notice: TaskNotice): Promise<void> {
  await ctx.db.execute(sql`select pg_notify(${TASKS_CHANNEL}, ${JSON.stringify(notice)})`);
  localTaskBus(ctx.instanceName).emit("notice", notice);
}

export function parseNotice(payload: string): TaskNotice | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== "object" || value === null) return null;
    const { kind, id } = value as Record<string, unknown>;
    if ((kind === "new" || kind === "cancel") && typeof id === "string") return { kind, id };
  } catch {
    // A foreign payload on our channel: ignore it.
  }
  return null;
}
