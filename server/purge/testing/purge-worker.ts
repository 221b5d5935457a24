// A Scrollback instance that only runs tasks: the crash test starts it, kills it with SIGKILL in
// the middle of a purge, and starts it again. Usage: tsx purge-worker.ts <db url> <instance> <batch size> <clock offset ms>
import { createApp } from "../../app";
import type { Clock } from "../../clock";
import { parseConfig } from "../../config";
import { connect } from "../../db/client";
import { startLockService } from "../../locks";
import { silentLogger } from "../../logger";
import { createTaskScheduler } from "../../tasks";
import { registerPurgeActions } from "../index";

const [url = "", instanceName = "purge-worker", batch = "2000", offset = "0"] = process.argv.slice(2);
// A restart "later": the dead process's lease and lock rows are stale by then (2 min in production).
const clock: Clock = {
  now: () => Date.now() + Number(offset),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
const app = createApp({
  conn: connect(url),
  config: parseConfig({ server_name: "test", purge: { batch_size: Number(batch) }, tasks: { poll_interval: 500 } }),
  clock,
  logger: silentLogger,
  instanceName,
});
await startLockService(app);
const scheduler = createTaskScheduler(app);
registerPurgeActions(scheduler);
await scheduler.start();
process.stdout.write("ready\n");
