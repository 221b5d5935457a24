// Ad-hoc: pg_stat_statements of the bulk seed (persistEvents in batches of 2000). BENCH_SEED_SCALE (default 0.1).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../server/app";
import { systemClock } from "../server/clock";
import { parseConfig } from "../server/config";
import { connect } from "../server/db/client";
import { startEmbedded } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { seedDemo } from "../server/demo/seed";
import { silentLogger } from "../server/logger";
import { freePort } from "../server/testing/free-port";
import { preloadStatements, printStatements, resetStatements } from "./ingest-pgss";

const dir = mkdtempSync(path.join(tmpdir(), "scrollback-seedpgss-"));
chmodSync(dir, 0o755);
const port = await freePort();
let embedded = await startEmbedded({ dataDir: dir, port, logger: silentLogger });
try {
  embedded = await preloadStatements(embedded, dir, port);
  await runMigrations(embedded.url);
  const app = createApp({ conn: connect(embedded.url), config: parseConfig({ server_name: "bench" }), clock: systemClock, logger: silentLogger, instanceName: "seed" });
  await resetStatements(embedded.url);
  const result = await seedDemo(app.ctx("system:seed"), { scale: Number(process.env.BENCH_SEED_SCALE ?? 0.1) });
  console.log(`${result.persist.events} events in ${result.persist.seconds.toFixed(1)} s = ${result.persist.eventsPerSecond} events/s`);
  await printStatements(embedded.url, result.persist.events);
  await app.stop();
} finally {
  await embedded.stop();
  rmSync(dir, { recursive: true, force: true });
}
