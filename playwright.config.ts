import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);

// Debian's Chromium: Playwright cannot download its own browsers here.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
const browser = { ...devices["Desktop Chrome"], launchOptions: chromium };

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e/output",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: the shared CI machines are often heavily loaded (a login took 30 s at load 30).
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromium,
    trace: "retain-on-failure",
    // No action waits for ever (the default): an element that went away fails the action, not the whole test's time.
    actionTimeout: 60_000,
  },
  projects: [
    // Seeds the fresh database through the core, then logs in once per role (storageState).
    { name: "seed", testMatch: /seed\.setup\.ts/, use: browser },
    { name: "auth", testMatch: /auth\.setup\.ts/, dependencies: ["seed"], use: browser },
    { name: "chromium", testMatch: /.*\.spec\.ts/, dependencies: ["auth"], use: browser },
  ],
  webServer: {
    command: `tsx scripts/e2e-server.ts`,
    url: `http://127.0.0.1:${PORT}/_matrix/client/versions`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the e2e server stop its embedded PostgreSQL and remove its temporary data.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: { E2E_PORT: String(PORT) },
  },
});
