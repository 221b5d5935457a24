import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Ctx } from "../context";

const dialect = new PgDialect({ casing: "snake_case" });

type Row = Record<string, unknown>;

/** The postgres.js handle under ctx.db: the pool itself, or the transaction's connection. */
function clientOf(ctx: Ctx): postgres.Sql {
  const db = ctx.db as unknown as { $client?: postgres.Sql; session?: { client?: postgres.Sql } };
  const client = db.$client ?? db.session?.client;
  if (!client || typeof client.unsafe !== "function") throw new Error("ctx.db is not a postgres.js drizzle handle");
  return client;
}

/**
 * Runs a read query as a prepared statement: drizzle's execute() never prepares, and re-planning
 * the page query on every request costs more than running it.
 */
export async function runSql<T extends Row>(ctx: Ctx, query: SQL): Promise<T[]> {
  const { sql, params } = dialect.sqlToQuery(query);
  return (await clientOf(ctx).unsafe(sql, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
}

/**
 * runSql with each row as an array of its column values in select-list order. For wide rows read
 * by the hundred (pages): postgres.js builds no object per row, and a row object of more than 16
 * columns is a slow dictionary in V8 (its properties are added one by one under computed keys).
 */
export async function runSqlValues(ctx: Ctx, query: SQL): Promise<unknown[][]> {
  const { sql, params } = dialect.sqlToQuery(query);
  return (await clientOf(ctx).unsafe(sql, params as postgres.ParameterOrJSON<never>[], { prepare: true }).values()) as unknown[][];
}
