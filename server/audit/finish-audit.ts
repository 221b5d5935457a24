import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { auditLog } from "../db/schema/tasks";

export interface FinishAuditInput {
  status: "ok" | "failed";
  result?: unknown;
}

/** Completes a "requested" entry with its outcome and time. Returns whether the entry exists. */
export async function finishAudit(ctx: Ctx, id: number, input: FinishAuditInput): Promise<boolean> {
  const rows = await ctx.db
    .update(auditLog)
    .set({ status: input.status, result: input.result ?? null, finishedTs: ctx.clock.now() })
    .where(eq(auditLog.id, id))
    .returning({ id: auditLog.id });
  return rows.length > 0;
}

/** Completes the still-open entries of a task (the scheduler calls this when the task finishes). */
export async function finishAuditForTask(ctx: Ctx, taskId: string, input: FinishAuditInput): Promise<number> {
  const rows = await ctx.db
    .update(auditLog)
    .set({ status: input.status, result: input.result ?? null, finishedTs: ctx.clock.now() })
    .where(and(eq(auditLog.taskId, taskId), eq(auditLog.status, "requested")))
    .returning({ id: auditLog.id });
  return rows.length;
}
