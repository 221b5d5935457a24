// What the database benches share: an embedded PostgreSQL in a temp dir (removed at the end and on
// Ctrl-C), migrated databases in it, an App on one, and a room seeded to size through persistEvents.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createApp, type App } from "../server/app";
import { systemClock } from "../server/clock";
import { parseConfig, type ConfigInput } from "../server/config";
import { connect } from "../server/db/client";
import { startEmbedded } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { silentLogger } from "../server/logger";
import { seedLargeRoom } from "../server/purge/testing/large-room";
import { createRoom } from "../server/rooms";
import { freePort } from "../server/testing/free-port";

export interface BenchPostgres {
  /** The server's own database (already migrated). */
  url: string;
  /** One connection for CREATE DATABASE … TEMPLATE and friends. */
  admin: postgres.Sql;
  /** Creates a database: a copy of `template`, else an empty one, migrated. Returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
}

/**
 * Runs `body` with a fresh embedded PostgreSQL, then stops it and removes its data, also on SIGINT
 * or SIGTERM (then exit 130). `beforeCleanUp` runs first either way (kill child processes).
 */
export async function withBenchPostgres(name: string, body: (pg: BenchPostgres) => Promise<void>, beforeCleanUp: () => void = () => {}): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), `scrollback-bench-${name}-`));
  chmodSync(dir, 0o755);
  const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
  const cleanUp = () => embedded.stop().finally(() => rmSync(dir, { recursive: true, force: true }));
  const abort = () => {
    beforeCleanUp();
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  const admin = postgres(embedded.url, { max: 1, onnotice: () => {} });
  const dbUrl = (db: string) => Object.assign(new URL(embedded.url), { pathname: `/${db}` }).toString();
  try {
    await runMigrations(embedded.url);
    await body({
      url: embedded.url,
      admin,
      async createDatabase(db, template) {
        await admin.unsafe(template ? `create database ${db} template ${template}` : `create database ${db}`);
        if (!template) await runMigrations(dbUrl(db));
        return dbUrl(db);
      },
    });
  } finally {
    beforeCleanUp();
    await admin.end();
    await cleanUp();
  }
}

/** An App on the database at `url` (real clock, silent logger, server_name "test" unless overridden). */
export function openBenchApp(url: string, options: { max?: number; config?: ConfigInput; instanceName?: string } = {}): App {
  return createApp({
    conn: connect(url, { max: options.max ?? 8 }),
    config: parseConfig({ server_name: "test", ...options.config }),
    clock: systemClock,
    logger: silentLogger,
    instanceName: options.instanceName ?? "bench",
  });
}

/**
 * A new room with `events` events appended through persistEvents (server/purge/testing/large-room:
 * messages from local and remote senders, a topic change every 1000), as the purge benches use.
 */
export async function seedRoomOfSize(app: App, events: number, options: { creator?: string; log?: boolean } = {}): Promise<{ roomId: string; seconds: number }> {
  const creator = options.creator ?? "@alice:test";
  const ctx = app.ctx(creator);
  const started = performance.now();
  const { roomId } = await createRoom(ctx, { creator });
  const onProgress = options.log ? (n: number) => n % 100_000 === 0 && console.log(`  seeded ${n.toLocaleString()}`) : undefined;
  await seedLargeRoom(ctx, { roomId, events, batch: 4000, onProgress });
  return { roomId, seconds: (performance.now() - started) / 1000 };
}

/** Runs a bench's main() when the file is the script (not when imported for its seed function). */
export function runIfMain(file: string, main: () => Promise<void>): void {
  if (!process.argv[1]?.endsWith(file)) return;
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
