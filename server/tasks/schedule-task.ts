import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { randomLetters } from "../events/ids";
import { notifyTasks } from "./notify";

export interface ScheduleTaskInput {
  action: string;
  resourceId?: string | null;
  params?: Record<string, unknown> | null;
  /** ms; absent or in the past means now (and launchers are woken at once). */
  timestamp?: number;
}

/** Inserts a scheduled task and returns its id (16 random letters, as Synapse). */
export async function scheduleTask(ctx: Ctx, input: ScheduleTaskInput): Promise<string> {
  const now = ctx.clock.now();
  const id = randomLetters(16);
  const timestamp = input.timestamp === undefined || input.timestamp < now ? now : input.timestamp;
  await ctx.db.insert(scheduledTasks).values({
    id,
    action: input.action,
    status: "scheduled",
    timestamp,
    resourceId: input.resourceId ?? null,
    params: input.params ?? null,
    result: null,
    error: null,
    actor: ctx.actor,
    createdTs: now,
  });
  if (timestamp <= now) await notifyTasks(ctx, { kind: "new", id });
  return id;
}
