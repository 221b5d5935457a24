import type { Ctx } from "../context";
import { auditLog } from "../db/schema/tasks";

export type AuditStatus = "requested" | "ok" | "failed";

export interface RecordAuditInput {
  action: string;
  roomId?: string | null;
  /** What the action is about when it is not a room (a user, a task, an event). */
  target?: string | null;
  params?: unknown;
  status: AuditStatus;
  /** The task doing the work: its outcome finishes this entry automatically. */
  taskId?: string | null;
  result?: unknown;
}

/**
 * Records who (ctx.actor) did what. Every destructive request writes one entry: "requested" when
 * it only schedules work (the task finishes the entry), "ok"/"failed" when the work is done.
 */
export async function recordAudit(ctx: Ctx, input: RecordAuditInput): Promise<number> {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(auditLog)
    .values({
      ts: now,
      actor: ctx.actor,
      action: input.action,
      roomId: input.roomId ?? null,
      target: input.target ?? null,
      params: input.params ?? null,
      result: input.result ?? null,
      status: input.status,
      taskId: input.taskId ?? null,
      finishedTs: input.status === "requested" ? null : now,
    })
    .returning({ id: auditLog.id });
  if (!row) throw new Error("audit insert returned no row");
  return row.id;
}
