import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { workerLockWaiters } from "../db/schema/tasks";
import type { LockRequest } from "./options";

/** Marks a writer as waiting for these keys: while the rows are live, new readers stand back. */
export async function insertWaiterRows(ctx: Ctx, requests: LockRequest[], token: string): Promise<void> {
  const writes = requests.filter((r) => r.write);
  if (writes.length === 0) return;
  const now = ctx.clock.now();
  await ctx.db
    .insert(workerLockWaiters)
    .values(writes.map((r) => ({ lockName: r.name, lockKey: r.key, token, lastRenewedTs: now })))
    .onConflictDoUpdate({
      target: [workerLockWaiters.lockName, workerLockWaiters.lockKey, workerLockWaiters.token],
      set: { lastRenewedTs: sql`excluded.last_renewed_ts` },
    });
}

export async function renewWaiterRows(ctx: Ctx, token: string): Promise<void> {
  await ctx.db.update(workerLockWaiters).set({ lastRenewedTs: ctx.clock.now() }).where(eq(workerLockWaiters.token, token));
}

export async function deleteWaiterRows(ctx: Ctx, token: string): Promise<void> {
  await ctx.db.delete(workerLockWaiters).where(eq(workerLockWaiters.token, token));
}
