import type { App } from "./app";

/**
 * Starts what runs inside every instance besides request handling. Each domain adds its service
 * here (task launcher, lock reaper, retention schedule, demo seed on first start).
 */
export async function startBackground(app: App, options: { embeddedCreated: boolean }): Promise<void> {
  void options;
  app.logger.info("Scrollback instance ready", { instance: app.instanceName, server_name: app.config.server_name });
}
