import postgres from "postgres";
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema>;
/** A database or a transaction: every query helper takes this. */
export type DbHandle = PgDatabase<PostgresJsQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Sql = postgres.Sql;

export interface DbConnection {
  sql: Sql;
  db: Database;
  url: string;
  close(): Promise<void>;
}

export function connect(url: string, options: { max?: number } = {}): DbConnection {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // int8 comes back as a JS number: every value we store (ms, orderings, counts) fits in 2^53.
    types: {
      bigint: { to: 20, from: [20], serialize: (value: number | bigint) => String(value), parse: (value: string) => Number(value) },
    },
    transform: { undefined: null },
  });
  const db = drizzle(sql, { schema, casing: "snake_case" });
  return { sql, db, url, close: () => sql.end({ timeout: 5 }) };
}
