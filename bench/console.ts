// npm run bench:console — the console in Chromium on a 1,000,000-event room (`next build` + `next start`).
// Measures, as medians over BENCH_SAMPLES (default 7) samples: navigation → first events visible
// (newest, jump to date, permalink; cold and warm cache), scroll → next page visible (older and
// newer), and the compressed JavaScript each main page transfers. BENCH_EVENTS (default 1,000,000)
// scales the room; BENCH_SKIP_BUILD=1 reuses .next; BENCH_DATA_DIR=<dir> keeps the seeded database
// there and reuses it on the next run (seeding 1M events takes minutes); BENCH_DIST_DIR=bench/out/<x>
// builds and serves there instead of the shared .next (then the e2e lock is not taken). The build and the measurements hold
// /tmp/scrollback-e2e.lock themselves (they write and serve the shared .next); run the whole under
// `flock /tmp/scrollback-bench.lock` for figures you report.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createApp } from "../server/app";
import { createAccessToken, createUser } from "../server/auth";
import { parseConfig } from "../server/config";
import { connect, runMigrations, startEmbedded } from "../server/db";
import { silentLogger } from "../server/logger";
import { createRoom } from "../server/rooms";
import { seedLargeRoom } from "../server/purge/testing/large-room";
import { installProbe, onScreenCheck, PROBE_COLUMNS, readProbe, type Probe } from "./console-probe";
import { freePort } from "../server/testing/free-port";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);
/** A build folder of the benchmark's own (under bench/out/), so it needs neither .next nor its lock. */
const DIST_DIR = process.env.BENCH_DIST_DIR ?? null;
const SERVER = "bench.console";
const CHROMIUM = { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;

/**
 * Holds a flock on `file` through a child `flock … sleep` until release(). The child runs in its own
 * process group (ours), and release() ends that group: the sleep holds the lock too.
 */
async function holdLock(file: string): Promise<{ release: () => void }> {
  const child = spawn("flock", [file, "sh", "-c", "echo locked; exec sleep 86400"], { stdio: ["ignore", "pipe", "inherit"], detached: true });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`flock exited ${code}`)));
  });
  return {
    release: () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    },
  };
}

async function seed(url: string) {
  const conn = connect(url, { max: 4 });
  const app = createApp({ conn, config: parseConfig({ server_name: SERVER }), logger: silentLogger, instanceName: "bench" });
  const ctx = app.ctx("system:bench");
  const admin = `@admin:${SERVER}`;
  await createUser(ctx, { userId: admin, admin: true });
  const token = (await createAccessToken(ctx, { userId: admin, validForMs: 86_400_000 })).accessToken;
  const { roomId } = await createRoom(ctx, { creator: "@alice:test", name: "Big room", preset: "public_chat" });
  const t0 = performance.now();
  await seedLargeRoom(ctx, { roomId, events: EVENTS, batch: 4000, onProgress: (n) => n % 100_000 === 0 && console.log(`  seeded ${n.toLocaleString("en")}`) });
  for (let i = 0; i < 20; i++) await createRoom(ctx, { creator: `@admin:${SERVER}`, name: `Small room ${i}`, preset: "public_chat" });
  console.log(`seeded ${EVENTS.toLocaleString("en")} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await conn.sql`vacuum analyze`;
  const [mid] = await conn.sql<{ event_id: string; ts: string }[]>`select event_id, origin_server_ts::text as ts from events where room_id = ${roomId} and type = 'm.room.message' order by depth offset ${Math.floor(EVENTS / 2)} limit 1`;
  await app.stop();
  return { token, roomId, midEvent: mid?.event_id ?? "", midTs: Number(mid?.ts ?? 0) };
}

/** `next build`; into BENCH_DIST_DIR, Next adds that folder to tsconfig.json: put the file back. */
function build(next: string, env: NodeJS.ProcessEnv) {
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  const result = spawnSync(next, ["build"], { stdio: "inherit", env: { ...env, SCROLLBACK_SKIP_BUILD_TYPECHECK: "1" } });
  if (DIST_DIR) {
    writeFileSync("tsconfig.json", tsconfig);
    rmSync(path.join(DIST_DIR, "types"), { recursive: true, force: true });
  }
  if (result.status !== 0) throw new Error("next build failed");
}

async function startNext(url: string, port: number): Promise<ChildProcess> {
  const next = path.resolve("node_modules/.bin/next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SERVER_NAME: SERVER, DATABASE_URL: url, SCROLLBACK_SEED_DEMO: "false", PORT: String(port), ...(DIST_DIR ? { SCROLLBACK_DIST_DIR: DIST_DIR } : {}) };
  if (process.env.BENCH_SKIP_BUILD !== "1") build(next, env);
  const server = spawn(next, ["start", "-p", String(port), "-H", "127.0.0.1"], { stdio: ["ignore", "ignore", "inherit"], env });
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/_matrix/client/versions`).then((r) => r.ok, () => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("next start did not answer");
}

async function newContext(browser: Browser, base: string, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: "scrollback_session", value: token, url: base }]);
  return context;
}

const rowCount = (page: Page) => page.locator('[data-testid="timeline"] > li').count();

/**
 * Navigation start → the first animation frame with the selector's first match on screen (the
 * first row, or the linked/dated event), on the page's own clock (performance.now() counts from
 * the navigation's start), as the probe installed before the page's scripts sees it: the frame's
 * paint follows its animation callbacks. Cold: a new browser context (empty cache), created and
 * given its session cookie before the navigation (no login, no redirect: the page answers 200).
 * The old figure is kept beside it: Playwright's `waitFor({state: "visible"})` from before
 * `page.goto`, which retries after 0, 20, 50, 100, 100, then every 500 ms (and ignores the
 * viewport), so it sees the rows up to half a second after they are painted.
 */
async function timeNavigation(browser: Browser, base: string, token: string, url: string, selector: string) {
  const polled: { cold: number[]; warm: number[] } = { cold: [], warm: [] };
  const probes: { cold: Probe[]; warm: Probe[] } = { cold: [], warm: [] };
  let html = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const context = await newContext(browser, base, token);
    await installProbe(context, selector);
    const page = await context.newPage();
    for (const kind of ["cold", "warm"] as const) {
      const t0 = performance.now();
      await page.goto(`${base}${url}`, { waitUntil: "commit" });
      await Promise.all([
        page.waitForFunction(onScreenCheck(selector), null, { polling: "raf" }),
        page
          .locator(selector)
          .first()
          .waitFor({ state: "visible" })
          .then(() => polled[kind].push(performance.now() - t0)),
      ]);
      probes[kind].push(await readProbe(page));
    }
    html = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.decodedBodySize ?? 0);
    await context.close();
  }
  return { cold: probes.cold.map((p) => p.shown), warm: probes.warm.map((p) => p.shown), polled, probes, html };
}

/** Scroll to a sentinel → more rows rendered; `dir` older scrolls to the bottom, newer to the top. */
async function timeScroll(browser: Browser, base: string, token: string, url: string, dir: "older" | "newer"): Promise<number[]> {
  const context = await newContext(browser, base, token);
  const page = await context.newPage();
  await page.goto(`${base}${url}`);
  await page.locator('[data-testid="timeline"] > li').first().waitFor();
  await page.waitForTimeout(1000); // hydration and the permalink's own scroll settle
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const before = await rowCount(page);
    const t0 = performance.now();
    await page.evaluate((d) => window.scrollTo(0, d === "older" ? document.body.scrollHeight : 0), dir);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline"] > li').length > n, before, { timeout: 30_000 });
    times.push(performance.now() - t0);
    await page.waitForTimeout(300);
  }
  await context.close();
  return times;
}

/** Compressed (as transferred) and decoded bytes of every JS response while the page loads, cold. */
async function jsBytes(browser: Browser, base: string, token: string, url: string, ready: string) {
  const context = await newContext(browser, base, token);
  const page = await context.newPage();
  const pending: Promise<{ wire: number; raw: number; encoded: boolean }>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      (async () => {
        const sizes = await response.request().sizes();
        const encoding = (await response.allHeaders())["content-encoding"] ?? "";
        const body = await response.body().catch(() => Buffer.alloc(0));
        return { wire: sizes.responseBodySize, raw: body.length, encoded: /gzip|br|zstd/.test(encoding) };
      })(),
    );
  });
  const response = await page.goto(`${base}${url}`, { waitUntil: "networkidle" });
  await page.locator(ready).first().waitFor({ state: "attached", timeout: 30_000 }).catch(() => {});
  const all = await Promise.all(pending);
  await context.close();
  return { status: response?.status() ?? 0, wire: all.reduce((a, b) => a + b.wire, 0), raw: all.reduce((a, b) => a + b.raw, 0), files: all.length, compressed: all.every((a) => a.encoded) };
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows) console.log(line(r));
}

async function measure(base: string, s: Seeded) {
  const browser = await chromium.launch(CHROMIUM);
  const room = `/rooms/${encodeURIComponent(s.roomId)}`;
  const at = new Date(s.midTs).toISOString().slice(0, 16);
  try {
    const nav: string[][] = [];
    const split: string[][] = [];
    for (const [name, url, selector] of [
      ["newest events", room, '[data-testid="timeline"] > li'],
      ["jump to date (mid-room)", `${room}?at=${at}`, "li[aria-current=true]"],
      ["permalink (mid-room)", `${room}?event=${encodeURIComponent(s.midEvent)}`, "li[aria-current=true]"],
      ["members tab", `${room}?tab=members`, '[data-testid="member-row"]'],
    ] as const) {
      const t = await timeNavigation(browser, base, s.token, url, selector);
      nav.push([name, ms(median(t.cold)), ms(median(t.warm)), ms(Math.max(...t.cold)), ms(median(t.probes.cold.map((p) => p.firstByte))), `${ms(median(t.polled.cold))} / ${ms(median(t.polled.warm))}`, `${(t.html / 1000).toFixed(0)} kB`]);
      for (const kind of ["cold", "warm"] as const) split.push([`${name}, ${kind}`, ...PROBE_COLUMNS.map(([key]) => ms(median(t.probes[kind].map((p) => p[key]))))]);
    }
    const older = await timeScroll(browser, base, s.token, room, "older");
    const newer = await timeScroll(browser, base, s.token, `${room}?event=${encodeURIComponent(s.midEvent)}`, "newer");
    const pages: string[][] = [];
    for (const [name, url, ready] of [
      ["/rooms", "/rooms", '[data-testid="room-row"]'],
      ["room timeline", room, '[data-testid="timeline"] > li'],
      ["room members", `${room}?tab=members`, '[data-testid="member-row"]'],
      ["room state", `${room}?tab=state`, "table"],
      ["/retention", "/retention", "main"],
      ["/tasks", "/tasks", "main"],
      ["/audit", "/audit", "main"],
      ["/users", "/users", "main"],
    ] as const) {
      const r = await jsBytes(browser, base, s.token, url, ready);
      pages.push([name, String(r.status), `${(r.wire / 1024).toFixed(1)} kB`, `${(r.raw / 1024).toFixed(1)} kB`, String(r.files), r.compressed ? "yes" : "NO", r.wire <= 250 * 1024 ? "ok" : "over"]);
    }
    return { nav, split, older, newer, pages };
  } finally {
    await browser.close();
  }
}

type Seeded = Awaited<ReturnType<typeof seed>>;

/** The seeded room kept in BENCH_DATA_DIR by an earlier run of the same size, if any. */
function reuse(dir: string): Seeded | null {
  const file = path.join(dir, "seed.json");
  if (!existsSync(file)) return null;
  const saved = JSON.parse(readFileSync(file, "utf8")) as Seeded & { events: number };
  return saved.events === EVENTS ? saved : null;
}

async function main() {
  const keep = process.env.BENCH_DATA_DIR ? path.resolve(process.env.BENCH_DATA_DIR) : null;
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ?? mkdtempSync(path.join(tmpdir(), "scrollback-bench-console-"));
  chmodSync(dir, 0o755);
  let seeded = keep ? reuse(keep) : null;
  // A kept database without its seed.json was left half-seeded: start it again.
  if (keep && !seeded) rmSync(path.join(keep, "pg"), { recursive: true, force: true });
  const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
  let server: ChildProcess | null = null;
  let lock: { release: () => void } | null = null;
  try {
    await runMigrations(embedded.url);
    if (seeded) console.log(`reusing the ${EVENTS.toLocaleString("en")}-event room in ${dir}`);
    else {
      console.log(`seeding a ${EVENTS.toLocaleString("en")}-event room…`);
      seeded = await seed(embedded.url);
      if (keep) writeFileSync(path.join(keep, "seed.json"), JSON.stringify({ ...seeded, events: EVENTS }));
    }
    lock = process.env.BENCH_NO_E2E_LOCK === "1" || DIST_DIR ? null : await holdLock("/tmp/scrollback-e2e.lock");
    const port = await freePort();
    server = await startNext(embedded.url, port);
    const [held, next] = [lock, server];
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        next.kill("SIGTERM");
        held?.release();
        process.exit(1);
      });
    }
    const r = await measure(`http://127.0.0.1:${port}`, seeded);
    console.log(`\nbench:console — ${EVENTS.toLocaleString("en")}-event room, ${SAMPLES} samples, Chromium at 1280×900, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log("\nNavigation → first events on screen (goal ≤ 1 s): the first row, or the linked/dated event");
    table(["view", "median cold", "median warm", "max cold", "median first byte (cold)", "Playwright waitFor cold / warm", "HTML (decoded)"], r.nav);
    console.log("\nWhere the time goes: medians on the page's clock, from its navigation start");
    table(["view", ...PROBE_COLUMNS.map(([, label]) => label)], r.split);
    console.log("\nScroll → next page visible (goal ≤ 300 ms)");
    table(["direction", "median", "max"], [
      ["older (from the newest)", ms(median(r.older)), ms(Math.max(...r.older))],
      ["newer (from a permalink)", ms(median(r.newer)), ms(Math.max(...r.newer))],
    ]);
    console.log("\nJavaScript per page, cold cache (goal ≤ 250 kB compressed)");
    table(["page", "status", "compressed", "decoded", "files", "all compressed", "goal"], r.pages);
  } finally {
    server?.kill("SIGTERM");
    lock?.release();
    await embedded.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
