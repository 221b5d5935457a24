import { and, eq, gte, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { workerLocks } from "../db/schema/tasks";
import { LOCKS_CHANNEL } from "./options";

/**
 * Takes the exclusive lock (name, key) under `token`. An existing row is overwritten only when it
 * is stale or was left by an earlier process with this instance's name (this process's own live
 * holders are refused before we get here).
 */
export async function insertExclusiveLock(ctx: Ctx, input: { name: string; key: string; token: string; timeoutMs: number }): Promise<boolean> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .insert(workerLocks)
    .values({ lockName: input.name, lockKey: input.key, token: input.token, instanceName: ctx.instanceName, lastRenewedTs: now })
    .onConflictDoUpdate({
      target: [workerLocks.lockName, workerLocks.lockKey],
      set: { token: input.token, instanceName: ctx.instanceName, lastRenewedTs: now },
      setWhere: sql`${workerLocks.lastRenewedTs} < ${now - input.timeoutMs} or ${workerLocks.instanceName} = ${ctx.instanceName}`,
    })
    .returning({ token: workerLocks.token });
  return rows.length > 0;
}

function ours(name: string, key: string, token: string) {
  return and(eq(workerLocks.lockName, name), eq(workerLocks.lockKey, key), eq(workerLocks.token, token));
}

export async function renewExclusiveLock(ctx: Ctx, name: string, key: string, token: string): Promise<number> {
  const rows = await ctx.db.update(workerLocks).set({ lastRenewedTs: ctx.clock.now() }).where(ours(name, key, token)).returning({ token: workerLocks.token });
  return rows.length;
}

export async function countLiveExclusiveLock(ctx: Ctx, name: string, key: string, token: string, timeoutMs: number): Promise<number> {
  const rows = await ctx.db
    .select({ token: workerLocks.token })
    .from(workerLocks)
    .where(and(ours(name, key, token), gte(workerLocks.lastRenewedTs, ctx.clock.now() - timeoutMs)));
  return rows.length;
}

export async function deleteExclusiveLock(ctx: Ctx, name: string, key: string, token: string): Promise<void> {
  await ctx.db.execute(sql`
    with d as (delete from ${workerLocks} where lock_name = ${name} and lock_key = ${key} and token = ${token} returning lock_name, lock_key)
    select pg_notify(${LOCKS_CHANNEL}, json_build_array(lock_name, lock_key)::text) from d`);
}
