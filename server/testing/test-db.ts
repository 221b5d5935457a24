import postgres from "postgres";
import { inject } from "vitest";
import { randomLetters } from "../events/ids";
import { connect, type DbConnection } from "../db/client";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database copied from the migrated template; drop() removes it. */
export async function createTestDatabase(): Promise<{ url: string; conn: DbConnection; drop(): Promise<void> }> {
  const templateUrl = inject("templateUrl");
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `sb_test_${randomLetters(10).toLowerCase()}`;
  const admin = postgres(withDatabase(templateUrl, "postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = withDatabase(templateUrl, name);
  const conn = connect(url);
  return {
    url,
    conn,
    async drop() {
      await conn.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
