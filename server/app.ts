import { hostname } from "node:os";
import { randomLetters } from "./events/ids";
import { systemClock, type Clock } from "./clock";
import { loadConfig, type Config } from "./config";
import type { Actor, Ctx } from "./context";
import { connect, type DbConnection } from "./db/client";
import { startEmbedded, type EmbeddedServer } from "./db/embedded";
import { runMigrations } from "./db/migrate";
import { consoleLogger, type Logger } from "./logger";

/** A long-lived part of an instance (task launcher, lock reaper, retention jobs). */
export interface BackgroundService {
  name: string;
  stop(): Promise<void>;
}

/** One running Scrollback instance: its database, configuration and background services. */
export interface App {
  conn: DbConnection;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Unique per process, so locks and tasks know which instance holds them. */
  instanceName: string;
  services: BackgroundService[];
  ctx(actor: Actor): Ctx;
  stop(): Promise<void>;
}

export function createApp(options: {
  conn: DbConnection;
  config: Config;
  clock?: Clock;
  logger?: Logger;
  instanceName?: string;
  onStop?: () => Promise<void>;
}): App {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger;
  const app: App = {
    conn: options.conn,
    config: options.config,
    clock,
    logger,
    instanceName: options.instanceName ?? options.config.instance_name ?? `${hostname()}-${process.pid}-${randomLetters(4)}`,
    services: [],
    ctx: (actor) => ({ db: options.conn.db, config: options.config, clock, logger, actor, instanceName: app.instanceName }),
    async stop() {
      for (const service of app.services.splice(0).reverse()) await service.stop();
      await options.conn.close();
      await options.onStop?.();
    },
  };
  return app;
}

export interface StartedDatabase {
  url: string;
  embedded: EmbeddedServer | null;
}

/** DATABASE_URL when set, else the embedded PostgreSQL under data_dir; migrated either way. */
export async function openDatabase(config: Config, logger: Logger): Promise<StartedDatabase> {
  let embedded: EmbeddedServer | null = null;
  let url = config.database_url;
  if (!url) {
    embedded = await startEmbedded({ dataDir: config.data_dir, port: config.embedded_port, logger });
    url = embedded.url;
    logger.info("embedded PostgreSQL started", { port: config.embedded_port, dataDir: config.data_dir, created: embedded.created });
  }
  await runMigrations(url);
  return { url, embedded };
}

type Global = typeof globalThis & { __scrollbackApp?: Promise<App> };

/**
 * The process-wide instance. Next.js evaluates server modules several times (instrumentation,
 * routes, actions), so the instance lives on globalThis and is created once.
 */
export function getApp(): Promise<App> {
  const g = globalThis as Global;
  g.__scrollbackApp ??= bootApp().catch((error: unknown) => {
    g.__scrollbackApp = undefined;
    throw error;
  });
  return g.__scrollbackApp;
}

async function bootApp(): Promise<App> {
  const config = loadConfig();
  const logger = consoleLogger;
  const database = await openDatabase(config, logger);
  const conn = connect(database.url);
  const app = createApp({ conn, config, logger, onStop: async () => database.embedded?.stop() });
  const { startBackground } = await import("./background");
  await startBackground(app, { embeddedCreated: database.embedded?.created ?? false });
  const stop = () => {
    app.stop().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return app;
}
