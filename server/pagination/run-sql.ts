import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Ctx } from "../context";

const dialect = new PgDialect({ casing: "snake_case" });

type Row = Record<string, unknown>;

/** The postgres.js handle under ctx.db: the pool itself, or the transaction's connection. */
function clientOf(ctx: Ctx): postgres.Sql | null {
  const db = ctx.db as unknown as { $client?: postgres.Sql; session?: { client?: postgres.Sql } };
  const client = db.$client ?? db.session?.client;
  return client && typeof client.unsafe === "function" ? client : null;
}

/**
 * Runs a read query as a prepared statement: drizzle's execute() never prepares, and re-planning
 * the page query on every request costs more than running it.
 */
export async function runSql<T extends Row>(ctx: Ctx, query: SQL): Promise<T[]> {
  const client = clientOf(ctx);
  if (!client) return [...(await ctx.db.execute<T>(query))] as T[];
  const { sql, params } = dialect.sqlToQuery(query);
  return (await client.unsafe(sql, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
}

/**
 * runSql with each row as an array of its column values in select-list order. For wide rows read
 * by the hundred (pages): postgres.js builds no object per row, and a row object of more than 16
 * columns is a slow dictionary in V8 (its properties are added one by one under computed keys).
 */
export async function runSqlValues(ctx: Ctx, query: SQL): Promise<unknown[][]> {
  const client = clientOf(ctx);
  if (!client) return (await ctx.db.execute<Row>(query)).map((row) => Object.values(row));
  const { sql, params } = dialect.sqlToQuery(query);
  return (await client.unsafe(sql, params as postgres.ParameterOrJSON<never>[], { prepare: true }).values()) as unknown[][];
}
