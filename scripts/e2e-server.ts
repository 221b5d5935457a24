// The server Playwright tests run against: a production build (`next build && next start`) on its
// own fresh database (embedded in a temporary folder, or a new database on DATABASE_URL).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3100";
const dataDir = mkdtempSync(path.join(tmpdir(), "scrollback-e2e-"));
chmodSync(dataDir, 0o755);
writeFileSync(path.join(dataDir, "README"), "Scrollback e2e test data; safe to delete.\n");

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: port,
  SCROLLBACK_DATA_DIR: dataDir,
  SCROLLBACK_EMBEDDED_PORT: String(Number(port) + 20000),
  SERVER_NAME: "e2e.test",
  SCROLLBACK_E2E: "1",
};

const next = path.resolve("node_modules/.bin/next");
if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync(next, ["build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn(next, ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
