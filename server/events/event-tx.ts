import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { PostgresJsDatabase, PostgresJsSession } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { Ctx } from "../context";
import type { Database, DbHandle } from "../db/client";
import type * as schema from "../db/schema";

/** Sends one statement of the transaction; statements reach PostgreSQL in the order of the calls. */
export type Send = <T extends Record<string, unknown>>(query: SQL) => Promise<T[]>;

export interface EventTx {
  send: Send;
  /** A drizzle handle on the same transaction, for the callers' own checks. */
  db: DbHandle;
  /**
   * True when `send` does not wait for the statements before it: several statements then cost one
   * round trip, and the caller must not send a statement that depends on a JS-side answer it has
   * not awaited yet.
   */
  pipelined: boolean;
  /** Ends the transaction with its last statements: COMMIT goes out with them when pipelined. */
  commitWith<T>(last: Promise<T>): Promise<T>;
}

// Writes are latency-bound (each round trip is two process wake-ups, and a busy machine makes
// each wake-up slow), so on the root database a write transaction takes two round trips: BEGIN,
// the room lock and the reads in one flight; the writes and COMMIT in the next. postgres.js sends
// queries on a reserved connection in call order without waiting for answers (pipelining).
const dialect = new PgDialect({ casing: "snake_case" });

type Root = Database & { $client: postgres.Sql };

function rootOf(db: DbHandle): Root | null {
  // Only the database created by connect() has $client; a drizzle transaction does not.
  if (!("$client" in db) || typeof db.$client !== "function" || !("reserve" in db.$client)) return null;
  return db as Root;
}

/** Runs `work` in one transaction: pipelined on a reserved connection, or a savepoint inside the caller's transaction. */
export async function inEventTransaction<T>(ctx: Ctx, work: (tx: EventTx) => Promise<T>): Promise<T> {
  const root = rootOf(ctx.db);
  if (!root) {
    return ctx.db.transaction((db) => {
      const send = async <R extends Record<string, unknown>>(query: SQL): Promise<R[]> => Array.from(await db.execute<R>(query)) as R[];
      return work({ send, db, pipelined: false, commitWith: (last) => last });
    });
  }
  const conn = await root.$client.reserve();
  // Every statement is awaited by the caller or by commitWith; the catch only keeps a failure
  // that is reported elsewhere from surfacing twice as an unhandled rejection.
  const sent: Array<Promise<unknown>> = [];
  const send = <R extends Record<string, unknown>>(query: SQL): Promise<R[]> => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const pending = conn.unsafe<R[]>(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }).execute();
    const rows = pending.then((result) => [...result]);
    rows.catch(() => {});
    sent.push(rows);
    return rows;
  };
  let open = true;
  const commitWith = async <R>(last: Promise<R>): Promise<R> => {
    const commit = conn.unsafe("commit").execute();
    open = false;
    const statements = [...sent];
    sent.push(commit.catch(() => {}));
    // The first failure in the order the statements were sent is the cause; the ones after it only
    // report the aborted transaction (and PostgreSQL answers the COMMIT with a rollback).
    const result = await last;
    for (const statement of statements) await statement;
    await commit;
    return result;
  };
  try {
    void send(sql`begin`);
    // Built on first use: the send path's own statements go through `send`, and building a drizzle
    // database for every transaction showed in profiles (~3% of the Node time of a send).
    let db: DbHandle | null = null;
    const tx: EventTx = {
      send,
      get db() {
        return (db ??= drizzleOn(conn, root));
      },
      pipelined: true,
      commitWith,
    };
    const result = await work(tx);
    // Work that wrote nothing (an earlier answer) still ends its transaction.
    if (open) await commitWith(Promise.resolve(null));
    return result;
  } catch (error) {
    if (open) sent.push(conn.unsafe("rollback").execute().catch(() => {}));
    throw error;
  } finally {
    // Nothing may still be queued on the connection when it goes back to the pool (a COMMIT queued
    // behind a statement being prepared would otherwise never be sent).
    await Promise.allSettled(sent);
    conn.release();
  }
}

/** A drizzle database on the reserved connection, sharing the root's schema configuration (building it anew costs ~0.7 ms). */
function drizzleOn(conn: postgres.ReservedSql, root: Root): DbHandle {
  const tables = root._.schema;
  const config = tables ? { fullSchema: root._.fullSchema, schema: tables, tableNamesMap: root._.tableNamesMap } : undefined;
  const session = new PostgresJsSession(conn, dialect, config, {});
  return new PostgresJsDatabase<typeof schema>(dialect, session, config);
}

/** Pipelined: every statement is sent now, in order, and answered in one flight; otherwise each waits for the one before. */
export async function inOrder<T>(pipelined: boolean, steps: Array<() => Promise<unknown>>, last: () => Promise<T>): Promise<T> {
  if (!pipelined) {
    for (const step of steps) await step();
    return last();
  }
  const sent = steps.map((step) => quiet(step()));
  const result = quiet(last());
  // In order: the first failure is the cause, later statements only report the aborted transaction.
  for (const statement of sent) await statement;
  return result;
}

/** Marks a rejection as handled; the promise is still awaited (and its error thrown) where it matters. */
export function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Holds a failure until it is looked at (a pipelined read may fail while the lock is still awaited). */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export function unsettle<T>(settled: Settled<T>): T {
  if (!settled.ok) throw settled.error;
  return settled.value;
}
