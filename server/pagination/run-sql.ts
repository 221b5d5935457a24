import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Ctx } from "../context";

const dialect = new PgDialect({ casing: "snake_case" });

type Row = Record<string, unknown>;

/**
 * Runs a read query as a prepared statement when the handle is the pool itself: drizzle's execute()
 * never prepares, and re-planning the page query on every request costs more than running it.
 * Inside a transaction (tests, callers composing verbs) it falls back to execute().
 */
export async function runSql<T extends Row>(ctx: Ctx, query: SQL): Promise<T[]> {
  const client = (ctx.db as unknown as { $client?: postgres.Sql }).$client;
  if (client && typeof client.unsafe === "function") {
    const { sql, params } = dialect.sqlToQuery(query);
    const rows = await client.unsafe(sql, params as postgres.ParameterOrJSON<never>[], { prepare: true });
    return rows as unknown as T[];
  }
  return [...(await ctx.db.execute<T>(query))] as T[];
}
