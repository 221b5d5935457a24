// The server Playwright tests run against: a production build (`next build && next start`) on its
// own fresh database (embedded in a temporary folder, or a new database on DATABASE_URL). The
// database URL goes to test-results/e2e-db.json so the tests can seed through the core.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbedded, type EmbeddedServer } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { consoleLogger } from "../server/logger";
import { randomLetters } from "../server/events/ids";

export const E2E_DB_FILE = path.resolve("test-results/e2e-db.json");
const port = process.env.E2E_PORT ?? "3100";
const serverName = "e2e.test";

async function freshDatabase(): Promise<{ url: string; embedded: EmbeddedServer | null; cleanup: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `scrollback_e2e_${randomLetters(8).toLowerCase()}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { url: url.toString(), embedded: null, cleanup: async () => { await admin.unsafe(`drop database if exists ${name} with (force)`); await admin.end(); } };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "scrollback-e2e-"));
  chmodSync(dataDir, 0o755);
  const embedded = await startEmbedded({ dataDir, port: Number(port) + 20000, logger: consoleLogger });
  return { url: embedded.url, embedded, cleanup: async () => { await embedded.stop(); rmSync(dataDir, { recursive: true, force: true }); } };
}

async function main() {
  const next = path.resolve("node_modules/.bin/next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: port, SERVER_NAME: serverName, SCROLLBACK_SEED_DEMO: "false", SCROLLBACK_CONFIG: path.resolve("e2e/scrollback.e2e.yaml") };
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const build = spawnSync(next, ["build"], { stdio: "inherit", env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const database = await freshDatabase();
  await runMigrations(database.url);
  mkdirSync(path.dirname(E2E_DB_FILE), { recursive: true });
  writeFileSync(E2E_DB_FILE, JSON.stringify({ url: database.url, serverName }));
  const server = spawn(next, ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env: { ...env, DATABASE_URL: database.url } });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await database.cleanup().catch(() => {});
    rmSync(E2E_DB_FILE, { force: true });
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      server.kill(signal);
    });
  }
  server.on("exit", (code) => void stop(code ?? 0));
}

void main();
