import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { workerLockWaiters, workerReadWriteLocks } from "../db/schema/tasks";
import { LOCKS_CHANNEL, type LockRequest } from "./options";

class NotAcquired extends Error {}

function valuesOf(requests: LockRequest[]) {
  return sql.join(
    requests.map((r) => sql`(${r.name}::text, ${r.key}::text, ${r.write}::boolean)`),
    sql`, `,
  );
}

/**
 * Inserts one row per request under `token`, all or nothing, if no live row conflicts (a writer
 * excludes everything; a reader is also kept out by a live waiting-writer row). Stale rows (holder
 * presumed dead) are taken over. Claims serialise per (name, key) on transaction-scoped advisory
 * locks, taken in a fixed order so multi-lock requests cannot deadlock. The acquirer's own
 * waiting-writer rows go in the same transaction.
 */
export async function insertReadWriteLocks(
  ctx: Ctx,
  input: { requests: LockRequest[]; token: string; waiterToken: string | null; timeoutMs: number },
): Promise<boolean> {
  const now = ctx.clock.now();
  const stale = now - input.timeoutMs;
  const values = valuesOf(input.requests);
  const attempt = async (tx: Ctx["db"]) => {
    const [row] = await tx.execute<{ inserted: number; blocked: boolean }>(sql`
      with req(n, k, w) as (values ${values}),
      blocked as (
        select 1 from req join ${workerReadWriteLocks} l on l.lock_name = req.n and l.lock_key = req.k
          where l.last_renewed_ts >= ${stale} and (req.w or l.write_lock)
        union all
        select 1 from req join ${workerLockWaiters} wt on wt.lock_name = req.n and wt.lock_key = req.k
          where not req.w and wt.last_renewed_ts >= ${stale}
      ),
      ins as (
        insert into ${workerReadWriteLocks} (lock_name, lock_key, token, instance_name, write_lock, last_renewed_ts)
        select n, k, ${input.token}, ${ctx.instanceName}, w, ${now} from req where not exists (select 1 from blocked)
        on conflict do nothing
        returning 1
      ),
      gone as (
        delete from ${workerLockWaiters} where token = ${input.waiterToken ?? ""} and exists (select 1 from ins)
      )
      select (select count(*) from ins)::int as inserted, exists (select 1 from blocked) as blocked`);
    return row ?? { inserted: 0, blocked: true };
  };
  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`
        select pg_advisory_xact_lock(h) from (
          select distinct hashtextextended(n || '/' || k, 0) as h from (values ${values}) v(n, k, w) order by 1
        ) s`);
      let result = await attempt(tx);
      if (result.blocked) return false;
      if (result.inserted === input.requests.length) return true;
      // Only a stale writer row (unique per key) can refuse an unblocked insert: take it over.
      await tx.execute(sql`delete from ${workerReadWriteLocks} where token = ${input.token}`);
      await tx.execute(sql`
        delete from ${workerReadWriteLocks} l using (values ${values}) v(n, k, w)
        where l.lock_name = v.n and l.lock_key = v.k and l.last_renewed_ts < ${stale}`);
      result = await attempt(tx);
      if (result.inserted !== input.requests.length) throw new NotAcquired();
      return true;
    });
  } catch (error) {
    if (error instanceof NotAcquired) return false;
    throw error;
  }
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
  await ctx.db.execute(sql`
    with d as (delete from ${workerReadWriteLocks} where token = ${token} returning lock_name, lock_key)
    select pg_notify(${LOCKS_CHANNEL}, json_build_array(lock_name, lock_key)::text) from (select distinct lock_name, lock_key from d) x`);
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
