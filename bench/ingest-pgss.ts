// bench:ingest with BENCH_PGSS=1: pg_stat_statements per phase, to see which statements the send
// path runs per event and what PostgreSQL spends on each (the embedded server is restarted once
// with the library preloaded; nothing of it is used without the env variable).
import postgres from "postgres";
import { startEmbedded, type EmbeddedServer } from "../server/db/embedded";
import { silentLogger } from "../server/logger";

export async function preloadStatements(embedded: EmbeddedServer, dataDir: string, port: number): Promise<EmbeddedServer> {
  const sql = postgres(embedded.url, { max: 1, onnotice: () => {} });
  await sql`alter system set shared_preload_libraries = 'pg_stat_statements'`;
  await sql`alter system set pg_stat_statements.track = 'all'`;
  await sql.end();
  await embedded.stop();
  const restarted = await startEmbedded({ dataDir, port, logger: silentLogger });
  const again = postgres(restarted.url, { max: 1, onnotice: () => {} });
  await again`create extension if not exists pg_stat_statements`;
  await again.end();
  return restarted;
}

export async function resetStatements(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`select pg_stat_statements_reset()`;
  await sql.end();
}

/** The statements of the phase, most expensive first: calls per event, ms per call, ms per event. */
export async function printStatements(url: string, events: number): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const rows = await sql<Array<{ query: string; calls: number; total: number; rows: number }>>`
    select regexp_replace(query, '[[:space:]]+', ' ', 'g') as query, calls::int, total_exec_time::float8 as total, rows::int
    from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time desc limit 16`;
  const all = await sql<Array<{ calls: number; total: number }>>`
    select sum(calls)::int as calls, sum(total_exec_time)::float8 as total from pg_stat_statements where query not like '%pg_stat_statements%'`;
  await sql.end();
  const sum = all[0];
  console.log(`  statements: ${((sum?.calls ?? 0) / events).toFixed(2)} per event, ${((sum?.total ?? 0) / events).toFixed(3)} ms executing per event`);
  for (const r of rows) {
    console.log(`  ${(r.calls / events).toFixed(3).padStart(7)}/ev ${(r.total / r.calls).toFixed(3).padStart(7)} ms/call ${(r.total / events).toFixed(3).padStart(6)} ms/ev  ${r.query.slice(0, 110)}`);
  }
}
