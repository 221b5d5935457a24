import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { connect } from "./client";

const MIGRATION_LOCK = 7_270_001;

export function migrationsFolder(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.SCROLLBACK_MIGRATIONS_DIR ?? path.join(/* turbopackIgnore: true */ process.cwd(), "drizzle"));
}

/** Applies drizzle/ migrations; an advisory lock lets several instances start at once. */
export async function runMigrations(url: string): Promise<void> {
  const conn = connect(url, { max: 1 });
  try {
    await conn.sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(conn.db, { migrationsFolder: migrationsFolder() });
    await conn.sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await conn.close();
  }
}
