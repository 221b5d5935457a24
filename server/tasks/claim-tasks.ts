import { and, asc, eq, gte, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { scheduledTasks } from "../db/schema/tasks";
import { rowToTask, type Task } from "./types";

export interface ClaimInput {
  /** Actions this instance can run. */
  actions: string[];
  /** How many more tasks this instance may start. */
  capacity: number;
  /** Cluster-wide caps per action (config.tasks.per_action and register options). */
  perAction: Map<string, number>;
  /** Tasks running in this process right now (never claimed twice here). */
  runningIds: string[];
  leaseMs: number;
}

// One key for every launcher of the database: claims are short and serialised, so per-action caps
// counted across instances stay exact. FOR UPDATE SKIP LOCKED keeps them from waiting on rows that a
// progress update or a cancel is touching.
const CLAIM_LOCK = sql`hashtextextended('scrollback.tasks.claim', 0)`;

/**
 * Atomically takes up to `capacity` runnable tasks for this instance: active tasks nobody holds (a
 * step-wise task asking to run again, a dead runner's expired lease, or this instance's own tasks
 * left by a restart), oldest first, then scheduled tasks that are due. Claimed rows become active
 * with this instance's name and a fresh lease.
 */
export async function claimTasks(ctx: Ctx, input: ClaimInput): Promise<Task[]> {
  if (input.capacity <= 0 || input.actions.length === 0) return [];
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const runningByAction = await countLeased(tx, [...input.perAction.keys()], now);
    const free = or(isNull(scheduledTasks.leaseUntilTs), lt(scheduledTasks.leaseUntilTs, now));
    const mineLeftOver: SQL | undefined = and(
      eq(scheduledTasks.instanceName, ctx.instanceName),
      input.runningIds.length > 0 ? notInArray(scheduledTasks.id, input.runningIds) : undefined,
    );
    const candidates = await tx
      .select()
      .from(scheduledTasks)
      .where(
        and(
          inArray(scheduledTasks.action, input.actions),
          or(
            and(eq(scheduledTasks.status, "active"), or(free, mineLeftOver)),
            and(eq(scheduledTasks.status, "scheduled"), lte(scheduledTasks.timestamp, now), free),
          ),
        ),
      )
      .orderBy(sql`(${scheduledTasks.status} = 'active') desc`, asc(scheduledTasks.timestamp), asc(scheduledTasks.id))
      .limit(input.capacity + 50)
      .for("update", { skipLocked: true });
    const chosen: string[] = [];
    for (const row of candidates) {
      if (chosen.length >= input.capacity) break;
      const cap = input.perAction.get(row.action);
      const running = runningByAction.get(row.action) ?? 0;
      if (cap !== undefined && running >= cap) continue;
      runningByAction.set(row.action, running + 1);
      chosen.push(row.id);
    }
    if (chosen.length === 0) return [];
    const claimed = await tx
      .update(scheduledTasks)
      .set({ status: "active", timestamp: now, instanceName: ctx.instanceName, leaseUntilTs: now + input.leaseMs })
      .where(inArray(scheduledTasks.id, chosen))
      .returning();
    claimed.sort((a, b) => chosen.indexOf(a.id) - chosen.indexOf(b.id));
    return claimed.map(rowToTask);
  });
}

type Tx = Parameters<Parameters<Ctx["db"]["transaction"]>[0]>[0];

/** Active tasks per capped action whose runner is alive (lease not expired), on any instance. */
async function countLeased(tx: Tx, actions: string[], now: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (actions.length === 0) return counts;
  const rows = await tx
    .select({ action: scheduledTasks.action, n: sql<number>`count(*)::int` })
    .from(scheduledTasks)
    .where(and(inArray(scheduledTasks.action, actions), eq(scheduledTasks.status, "active"), gte(scheduledTasks.leaseUntilTs, now)))
    .groupBy(scheduledTasks.action);
  for (const row of rows) counts.set(row.action, row.n);
  return counts;
}
