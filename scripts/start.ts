// npm start: check the configuration, prepare the database (embedded unless DATABASE_URL), seed demo
// data on a first start, build when sources changed, then serve with `next start`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "../server/config";
import { connect } from "../server/db/client";
import { openDatabase } from "../server/app";
import { consoleLogger } from "../server/logger";
import { createConsoleUser, isEmptyDatabase, seedDemo } from "../server/demo/seed";
import { systemClock } from "../server/clock";
import { printRoom, printSeedResult } from "./seed";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const NEXT_BIN = path.resolve("node_modules/.bin/next");

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== "node_modules" && !entry.endsWith(".test.ts")) visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function needsBuild(): boolean {
  const buildId = ".next/BUILD_ID";
  if (!existsSync(buildId)) return true;
  const sources = ["app", "components", "server", "next.config.ts", "package.json", "instrumentation.ts", "postcss.config.mjs"];
  return newestMtime(sources) > statSync(buildId).mtimeMs;
}

async function prepareDatabase() {
  const config = loadConfig();
  // A fresh checkout has no data folder yet; the embedded server needs it to exist.
  if (!config.database_url) mkdirSync(config.data_dir, { recursive: true });
  const database = await openDatabase(config, consoleLogger);
  const conn = connect(database.url, { max: 4 });
  try {
    const ctx = { db: conn.db, config, clock: systemClock, logger: consoleLogger, actor: "system:seed", instanceName: "seed" };
    if (await isEmptyDatabase(ctx)) {
      // Demo data by default on the embedded database only; a real DATABASE_URL gets it when asked.
      if (config.seed_demo ?? Boolean(database.embedded)) {
        console.log("First start: loading demo data (11 rooms, ~250,000 events; a minute or two) …");
        printSeedResult(await seedDemo(ctx, { onRoom: printRoom }));
      } else {
        const admin = await createConsoleUser(ctx, "admin", "admin");
        if (admin) printSeedResult({ admin, credentials: [admin], rooms: 0, events: 0, seconds: 0, persist: { events: 0, seconds: 0, eventsPerSecond: 0 } });
      }
    }
  } finally {
    await conn.close();
    await database.embedded?.stop();
  }
  return config;
}

async function main() {
  let config;
  try {
    config = await prepareDatabase();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (needsBuild()) {
    console.log("Building the console (next build) …");
    const build = spawnSync(NEXT_BIN, ["build"], { stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  console.log(`Serving Scrollback at http://localhost:${config.port}`);
  const server = spawn(NEXT_BIN, ["start", "-p", String(config.port)], { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => server.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  server.on("exit", (code) => process.exit(code ?? 0));
}

void main();
