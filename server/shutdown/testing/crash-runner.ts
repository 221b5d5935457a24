// A Scrollback instance that only runs tasks, for the shutdown crash test:
//   npx tsx server/shutdown/testing/crash-runner.ts <database url> <instance name> <member batch>
// The test kills it with SIGKILL mid-shutdown and starts it again under the same instance name, as
// a restarted process would be.
import { createApp } from "../../app";
import { parseConfig } from "../../config";
import { connect } from "../../db/client";
import { startLockService } from "../../locks";
import { silentLogger } from "../../logger";
import { registerPurgeActions } from "../../purge";
import { createTaskScheduler } from "../../tasks";
import { SHUTDOWN_ACTION } from "../schemas";
import { createShutdownTask } from "../task";

async function main(): Promise<void> {
  const [url, instanceName, batch] = process.argv.slice(2);
  if (!url || !instanceName) throw new Error("usage: crash-runner.ts <database url> <instance name> [member batch]");
  const app = createApp({
    conn: connect(url, { max: 4 }),
    config: parseConfig({ server_name: "test", tasks: { poll_interval: 250 } }),
    logger: silentLogger,
    instanceName,
  });
  await startLockService(app);
  const scheduler = createTaskScheduler(app, { listen: false });
  scheduler.register(SHUTDOWN_ACTION, createShutdownTask({ batchSize: Number(batch ?? 25) }));
  registerPurgeActions(scheduler);
  await scheduler.start();
  process.stdout.write("ready\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
