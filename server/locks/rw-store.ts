import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { workerLockWaiters, workerReadWriteLocks } from "../db/schema/tasks";
import { LOCKS_CHANNEL, type LockRequest } from "./options";

/**
 * A SQL literal for the one-round-trip acquisition script below (the simple query protocol takes
 * no parameters). standard_conforming_strings is on (the default since PostgreSQL 9.1), so
 * doubling quotes is the complete escape for text.
 */
export function literal(value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
    return String(value);
  }
  if (value.includes("\0")) throw new Error("lock names and keys cannot contain NUL");
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Runs statements as one simple query (one round trip, one implicit transaction) and returns the
 * rows of the last. Lock rows are leases, renewed or expired within minutes, so their commits need
 * not wait for the WAL flush (Synapse keeps them in UNLOGGED tables): that halves the cost of a
 * hand-over. A crash can lose a recent acquisition; its holder's next renewal then finds no row
 * and aborts its lease signal.
 */
export async function runScript<T>(ctx: Ctx, statements: string[]): Promise<T[]> {
  const script = ["set local synchronous_commit = off", ...statements].join(";\n");
  const results = (await ctx.db.execute(sql.raw(script))) as unknown as T[][];
  return results[results.length - 1] ?? [];
}

/**
 * Inserts one row per request under `token`, all or nothing, if no live row conflicts (a writer
 * excludes everything; a reader is also kept out by a live waiting-writer row). Stale rows (holder
 * presumed dead) are taken over. Claims serialise per (name, key) on transaction-scoped advisory
 * locks, taken in a fixed order so multi-lock requests cannot deadlock. The acquirer's own
 * waiting-writer rows go in the same transaction.
 *
 * One round trip: the statements travel as one simple query, which PostgreSQL runs as one implicit
 * transaction (the advisory locks last until its end) with a fresh snapshot per statement (so the
 * check sees everything committed before the locks were granted). Any error rolls all of it back.
 */
export async function insertReadWriteLocks(
  ctx: Ctx,
  input: { requests: LockRequest[]; token: string; waiterToken: string | null; timeoutMs: number },
): Promise<boolean> {
  const now = ctx.clock.now();
  const stale = now - input.timeoutMs;
  const values = input.requests.map((r) => `(${literal(r.name)}::text, ${literal(r.key)}::text, ${literal(r.write)}::boolean)`).join(", ");
  const [row] = await runScript<{ inserted: number; blocked: boolean }>(ctx, [
    `select pg_advisory_xact_lock(h) from (
      select distinct hashtextextended(n || '/' || k, 0) as h from (values ${values}) v(n, k, w) order by 1
    ) s`,
    `delete from worker_read_write_locks l using (values ${values}) v(n, k, w)
      where l.lock_name = v.n and l.lock_key = v.k and l.last_renewed_ts < ${literal(stale)}`,
    `with req(n, k, w) as (values ${values}),
    blocked as (
      select 1 from req join worker_read_write_locks l on l.lock_name = req.n and l.lock_key = req.k
        where (req.w or l.write_lock)
      union all
      select 1 from req join worker_lock_waiters wt on wt.lock_name = req.n and wt.lock_key = req.k
        where not req.w and wt.last_renewed_ts >= ${literal(stale)}
    ),
    ins as (
      insert into worker_read_write_locks (lock_name, lock_key, token, instance_name, write_lock, last_renewed_ts)
      select n, k, ${literal(input.token)}, ${literal(ctx.instanceName)}, w, ${literal(now)} from req
        where not exists (select 1 from blocked)
      on conflict do nothing
      returning 1
    ),
    gone as (
      delete from worker_lock_waiters where token = ${literal(input.waiterToken ?? "")} and exists (select 1 from ins)
    ),
    outcome as (select (select count(*) from ins)::int as inserted, exists (select 1 from blocked) as blocked)
    -- Never keep a subset: a partial insert divides by zero, which rolls the whole script back.
    select inserted, blocked, case when inserted not in (0, ${input.requests.length}) then 1 / (inserted - inserted) end as guard
      from outcome`,
  ]);
  return row !== undefined && !row.blocked && row.inserted === input.requests.length;
}

/** Renews every row of the acquisition; returns how many rows are still ours. */
export async function renewReadWriteLocks(ctx: Ctx, token: string): Promise<number> {
  const rows = await ctx.db
    .update(workerReadWriteLocks)
    .set({ lastRenewedTs: ctx.clock.now() })
    .where(eq(workerReadWriteLocks.token, token))
    .returning({ token: workerReadWriteLocks.token });
  return rows.length;
}

export async function countLiveReadWriteLocks(ctx: Ctx, token: string, timeoutMs: number): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(workerReadWriteLocks)
    .where(and(eq(workerReadWriteLocks.token, token), gte(workerReadWriteLocks.lastRenewedTs, ctx.clock.now() - timeoutMs)));
  return row?.n ?? 0;
}

/** Deletes the acquisition's rows and announces each (name, key) to waiters everywhere, at commit. */
export async function deleteReadWriteLocks(ctx: Ctx, token: string): Promise<void> {
  // Simple protocol with literals, like the acquisition: the cheapest round trip on the hot path.
  await runScript(ctx, [
    `with d as (delete from worker_read_write_locks where token = ${literal(token)} returning lock_name, lock_key)
    select pg_notify(${literal(LOCKS_CHANNEL)}, json_build_array(lock_name, lock_key)::text) from (select distinct lock_name, lock_key from d) x`,
  ]);
}

/** The reaper: deletes read/write rows and waiting-writer rows not renewed within the timeout. */
export async function reapStaleReadWriteLocks(ctx: Ctx, timeoutMs: number): Promise<number> {
  const stale = ctx.clock.now() - timeoutMs;
  const rows = await ctx.db.execute<{ n: number; notified: number }>(sql`
    with d as (delete from ${workerReadWriteLocks} where last_renewed_ts < ${stale} returning lock_name, lock_key),
    n as (select pg_notify(${LOCKS_CHANNEL}, json_build_array(lock_name, lock_key)::text) from (select distinct lock_name, lock_key from d) x)
    select (select count(*) from d)::int as n, (select count(*) from n)::int as notified`);
  await ctx.db.delete(workerLockWaiters).where(lt(workerLockWaiters.lastRenewedTs, stale));
  return rows[0]?.n ?? 0;
}
