import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { auditLog } from "../db/schema/tasks";

export interface AuditEntry {
  id: number;
  ts: number;
  actor: string;
  action: string;
  roomId: string | null;
  target: string | null;
  params: unknown;
  result: unknown;
  status: string;
  taskId: string | null;
  finishedTs: number | null;
}

export interface ListAuditInput {
  actor?: string;
  roomId?: string;
  action?: string;
  /** Pagination: entries older than this id (the `next` of the previous page). */
  from?: number;
  limit?: number;
}

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;

/** Newest first; `next` is the `from` of the following page, absent at the end. */
export async function listAudit(ctx: Ctx, input: ListAuditInput = {}): Promise<{ entries: AuditEntry[]; next: number | null }> {
  const limit = Math.min(Math.max(input.limit ?? AUDIT_DEFAULT_LIMIT, 1), AUDIT_MAX_LIMIT);
  const where: SQL[] = [];
  if (input.actor) where.push(eq(auditLog.actor, input.actor));
  if (input.roomId) where.push(eq(auditLog.roomId, input.roomId));
  if (input.action) where.push(eq(auditLog.action, input.action));
  if (input.from !== undefined) where.push(lt(auditLog.id, input.from));
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, next: rows.length > limit && last ? last.id : null };
}
