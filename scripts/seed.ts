// npm run seed: loads the demo data (console users, ~10 rooms, one with 200k events) into the
// database named by DATABASE_URL, or the embedded one under data_dir. Safe to run again: existing
// console users are kept, rooms are added, taken aliases get a suffix.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "../server/config";
import { connect } from "../server/db/client";
import { openDatabase } from "../server/app";
import { consoleLogger } from "../server/logger";
import { systemClock } from "../server/clock";
import { seedDemo, type SeedResult } from "../server/demo/seed";

function embeddedInUse(dataDir: string): boolean {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), 0);
    return true;
  } catch {
    return false;
  }
}

/** One line per seeded room, so a first start shows progress. */
export function printRoom(room: { name: string; events: number; seconds: number }): void {
  console.log(`  ${room.name.padEnd(20)} ${String(room.events).padStart(7)} events  ${room.seconds.toFixed(1)} s`);
}

export function printSeedResult(result: SeedResult): void {
  if (result.rooms > 0) {
    console.log(`Demo data: ${result.rooms} rooms, ${result.events} events in ${result.seconds.toFixed(1)} s`);
    console.log(`  bulk load: ${result.persist.events} events through persistEvents in ${result.persist.seconds.toFixed(1)} s = ${result.persist.eventsPerSecond} events/s`);
  }
  if (result.credentials.length === 0) return;
  console.log("");
  console.log("  Console users (passwords are shown once; keep them):");
  for (const c of result.credentials) console.log(`    ${c.role.padEnd(9)} ${c.userId.padEnd(28)} password: ${c.password}`);
  console.log("");
}

async function main() {
  const config = loadConfig();
  if (!config.database_url && embeddedInUse(path.resolve(config.data_dir))) {
    console.error("The embedded database is in use by a running Scrollback (npm start). Stop it first, or set DATABASE_URL.");
    process.exit(1);
  }
  // A fresh checkout has no data folder yet; the embedded server needs it to exist.
  if (!config.database_url) mkdirSync(config.data_dir, { recursive: true });
  const database = await openDatabase(config, consoleLogger);
  const conn = connect(database.url, { max: 4 });
  try {
    const ctx = { db: conn.db, config, clock: systemClock, logger: consoleLogger, actor: "system:seed", instanceName: "seed" };
    console.log(`Loading demo data into ${database.embedded ? "the embedded database" : "DATABASE_URL"} …`);
    printSeedResult(await seedDemo(ctx, { onRoom: printRoom }));
  } finally {
    await conn.close();
    await database.embedded?.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
