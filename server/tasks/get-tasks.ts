import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { rowToTask, type Task, type TaskStatus } from "./types";

export async function getTask(ctx: Ctx, id: string): Promise<Task | null> {
  const [row] = await ctx.db.select().from(scheduledTasks).where(eq(scheduledTasks.id, id)).limit(1);
  return row ? rowToTask(row) : null;
}

export interface GetTasksInput {
  actions?: string[];
  /** Applied only when non-empty, as Synapse. */
  resourceId?: string | null;
  statuses?: TaskStatus[];
  maxTimestamp?: number;
  minTimestamp?: number;
  limit?: number;
  /** Synapse orders by timestamp ascending; the console lists newest first. */
  order?: "asc" | "desc";
  /**
   * Keyset paging: only tasks after this (timestamp, id) in the chosen order (before it when
   * descending), so a page of tasks that share a timestamp is neither repeated nor skipped.
   */
  after?: { timestamp: number; id: string };
}

/** Tasks matching every given filter, by timestamp. */
export async function getTasks(ctx: Ctx, input: GetTasksInput = {}): Promise<Task[]> {
  const where: SQL[] = [];
  if (input.actions && input.actions.length > 0) where.push(inArray(scheduledTasks.action, input.actions));
  if (input.resourceId) where.push(eq(scheduledTasks.resourceId, input.resourceId));
  if (input.statuses && input.statuses.length > 0) where.push(inArray(scheduledTasks.status, input.statuses));
  if (input.maxTimestamp !== undefined) where.push(lte(scheduledTasks.timestamp, input.maxTimestamp));
  if (input.minTimestamp !== undefined) where.push(gte(scheduledTasks.timestamp, input.minTimestamp));
  if (input.after) {
    const key = sql`(${scheduledTasks.timestamp}, ${scheduledTasks.id})`;
    const at = sql`(${input.after.timestamp}, ${input.after.id})`;
    where.push(input.order === "desc" ? sql`${key} < ${at}` : sql`${key} > ${at}`);
  }
  const direction = input.order === "desc" ? desc : asc;
  const query = ctx.db
    .select()
    .from(scheduledTasks)
    .where(and(...where))
    .orderBy(direction(scheduledTasks.timestamp), direction(scheduledTasks.id));
  const rows = input.limit !== undefined ? await query.limit(input.limit) : await query;
  return rows.map(rowToTask);
}
