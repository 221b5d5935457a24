import { and, eq, gte } from "drizzle-orm";
import type { Ctx } from "../context";
import { workerLocks } from "../db/schema/tasks";
import { LOCKS_CHANNEL } from "./options";
import { literal, runScript } from "./rw-store";

/**
 * Takes the exclusive lock (name, key) under `token`. An existing row is overwritten only when it
 * is stale or was left by an earlier process with this instance's name (this process's own live
 * holders are refused before we get here).
 */
export async function insertExclusiveLock(ctx: Ctx, input: { name: string; key: string; token: string; timeoutMs: number }): Promise<boolean> {
  const now = ctx.clock.now();
  const me = literal(ctx.instanceName);
  const rows = await runScript(ctx, [
    `insert into worker_locks (lock_name, lock_key, token, instance_name, last_renewed_ts)
    values (${literal(input.name)}, ${literal(input.key)}, ${literal(input.token)}, ${me}, ${literal(now)})
    on conflict (lock_name, lock_key) do update
      set token = excluded.token, instance_name = excluded.instance_name, last_renewed_ts = excluded.last_renewed_ts
      where worker_locks.last_renewed_ts < ${literal(now - input.timeoutMs)} or worker_locks.instance_name = ${me}
    returning token`,
  ]);
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
  await runScript(ctx, [
    `with d as (delete from worker_locks where lock_name = ${literal(name)} and lock_key = ${literal(key)} and token = ${literal(token)} returning lock_name, lock_key)
    select pg_notify(${literal(LOCKS_CHANNEL)}, json_build_array(lock_name, lock_key, 'exclusive')::text) from d`,
  ]);
}
