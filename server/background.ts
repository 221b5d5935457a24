import type { App } from "./app";
import { startLockService } from "./locks";
import { createTaskScheduler, type TaskScheduler } from "./tasks";
import { SHUTDOWN_ACTION, shutdownAndPurgeRoomTask } from "./shutdown";
import { registerRetentionTasks, startRetentionService } from "./retention";
import { registerPurgeActions } from "./purge";
import { PART_DEACTIVATED_USER_ACTION, partDeactivatedUserTask } from "./auth";

/**
 * Starts what runs inside every instance besides request handling. Each domain adds its service
 * here (task launcher, lock reaper, retention schedule, demo seed on first start).
 */
export async function startBackground(app: App, options: { embeddedCreated: boolean }): Promise<void> {
  void options;
  await startLockService(app);
  const tasks = createTaskScheduler(app);
  registerTaskActions(tasks);
  await tasks.start();
  startRetentionService(app);
  app.logger.info("Scrollback instance ready", { instance: app.instanceName, server_name: app.config.server_name });
}

/** Each domain registers the task actions it runs: tasks.register("purge_history", purgeHistoryTask). */
function registerTaskActions(tasks: TaskScheduler): void {
  void tasks;
  tasks.register(SHUTDOWN_ACTION, shutdownAndPurgeRoomTask);
  registerRetentionTasks(tasks);
  registerPurgeActions(tasks);
  tasks.register(PART_DEACTIVATED_USER_ACTION, partDeactivatedUserTask);
}
