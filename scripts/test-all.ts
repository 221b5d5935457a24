// npm test: every test. Vitest (unit and integration on real PostgreSQL), then Playwright in Chromium
// against `next build && next start`. Ends with one "N passed, N failed" line for both.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

mkdirSync("test-results", { recursive: true });
const bin = (name: string) => path.resolve("node_modules/.bin", name);
const only = process.argv[2]; // "unit" or "e2e" to run one half

interface Counts { passed: number; failed: number; skipped: number }
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  return result.status ?? 1;
}

if (only !== "e2e") {
  const status = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]);
  if (status !== 0) exitCode = status;
  if (existsSync("test-results/vitest.json")) {
    const report = JSON.parse(readFileSync("test-results/vitest.json", "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  } else exitCode ||= 1;
}

if (only !== "unit") {
  const status = run(bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" });
  if (status !== 0) exitCode = status;
  if (existsSync("test-results/playwright.json")) {
    const report = JSON.parse(readFileSync("test-results/playwright.json", "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    totals.passed += report.stats.expected + report.stats.flaky;
    totals.failed += report.stats.unexpected;
    totals.skipped += report.stats.skipped;
  } else exitCode ||= 1;
}

console.log("");
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode || (totals.failed > 0 ? 1 : 0));
