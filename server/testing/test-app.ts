import { afterAll } from "vitest";
import { createApp, type App } from "../app";
import { FakeClock } from "../clock";
import { parseConfig, type ConfigInput } from "../config";
import { silentLogger } from "../logger";
import { createTestDatabase } from "./test-db";

export interface TestApp extends App {
  clock: FakeClock;
  url: string;
}

/**
 * An App on its own fresh database with a fake clock and server_name "test", stopped after the file.
 * Pass config overrides as the YAML file would.
 */
export async function createTestApp(config: ConfigInput = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new FakeClock();
  const app = createApp({
    conn: database.conn,
    config: parseConfig({ server_name: "test", ...config }),
    clock,
    logger: silentLogger,
    instanceName: "test-instance",
    onStop: async () => {},
  });
  const testApp: TestApp = Object.assign(app, {
    clock,
    url: database.url,
    stop: async () => {
      for (const service of app.services.splice(0).reverse()) await service.stop();
      await database.drop();
    },
  });
  afterAll(() => testApp.stop());
  return testApp;
}
