// npm run bench:ingest — sustained send throughput through the HTTP API, and the bulk seed rate.
// An embedded PostgreSQL in a temp dir, an App, the production dispatcher (every route, as the
// Next.js catch-all route handlers call it) behind a real socket. The 8 keep-alive clients run in a
// child process (bench/ingest-clients.ts) and PUT m.room.message: first spread over 4 rooms (2
// clients each), then all into one shared room. Then the demo data is bulk-loaded (persistEvents).
// Besides events/s and latencies it prints CPU milliseconds per event of the server process,
// PostgreSQL and the clients: figures that do not fall when other work shares the machine.
// BENCH_SECONDS (default 20, split over the phases), BENCH_SEED_SCALE (default 0.25 of the demo),
// BENCH_WARMUP (default 2 s, not counted), BENCH_PHASES (order, default "4 rooms,shared"),
// BENCH_PGSS=1 (pg_stat_statements per phase: statements per event and where PostgreSQL's time goes).
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createApp, type App } from "../server/app";
import { createAccessToken, createUser } from "../server/auth";
import { systemClock } from "../server/clock";
import { parseConfig } from "../server/config";
import { connect } from "../server/db/client";
import { startEmbedded } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { seedDemo } from "../server/demo/seed";
import { silentLogger } from "../server/logger";
import { changeMembership, createRoom } from "../server/rooms";
import { createDispatcher } from "../app/_http/router";
import { allRoutes } from "../app/_http/routes";
import { serveDispatcher } from "../app/_http/test-server";
import { freePort } from "../server/testing/free-port";
import { postgresCpuMs } from "./process-cpu";
import { preloadStatements, printStatements, resetStatements } from "./ingest-pgss";

const CLIENTS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SEED_SCALE = Number(process.env.BENCH_SEED_SCALE ?? 0.25);
// BENCH_PGSS=1: print pg_stat_statements per phase. BENCH_PHASES: the phases in order (e.g. "shared,4 rooms").
const PGSS = process.env.BENCH_PGSS === "1";
const PHASES = (process.env.BENCH_PHASES ?? "4 rooms,shared").split(",");
// Not reported: JIT, the pool's connections and their prepared statements are made before the
// first measured phase (else it alone pays for them). BENCH_WARMUP=0 to leave it out.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CLIENT_SCRIPT = path.join(import.meta.dirname, "ingest-clients.ts");

interface ClientResult {
  sent: number;
  errors: number;
  elapsed: number;
  p50: number;
  p99: number;
  cpuMs: number;
}

interface CpuMark {
  node: NodeJS.CpuUsage;
  pg: number | null;
}

const cpuMark = (pgDir: string): CpuMark => ({ node: process.cpuUsage(), pg: postgresCpuMs(pgDir) });

function cpuSince(pgDir: string, mark: CpuMark): { nodeMs: number; pgMs: number | null } {
  const used = process.cpuUsage(mark.node);
  const pgAfter = postgresCpuMs(pgDir);
  return { nodeMs: (used.user + used.system) / 1000, pgMs: mark.pg === null || pgAfter === null ? null : pgAfter - mark.pg };
}

/** CPU used by this process and by PostgreSQL while `work` runs. */
async function measured<T>(pgDir: string, work: () => Promise<T>): Promise<{ result: T; nodeMs: number; pgMs: number | null }> {
  const mark = cpuMark(pgDir);
  const result = await work();
  return { result, ...cpuSince(pgDir, mark) };
}

/** Runs the load generator; CPU is counted from its "ready" (spawning it is not the server's work) to its answer. */
function runClients(pgDir: string, baseUrl: string, seconds: number, phase: string, clients: Array<{ token: string; roomId: string }>): Promise<{ result: ClientResult; nodeMs: number; pgMs: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLIENT_SCRIPT, baseUrl, String(seconds), phase, JSON.stringify(clients)], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    let mark: CpuMark | null = null;
    let cpu: { nodeMs: number; pgMs: number | null } | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!mark && out.startsWith("ready\n")) {
        out = out.slice("ready\n".length);
        mark = cpuMark(pgDir);
        child.stdin.end("go\n");
      }
      if (mark && !cpu && out.includes("\n")) cpu = cpuSince(pgDir, mark);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0 || !cpu) return reject(new Error(`clients exited with ${code}`));
      resolve({ result: JSON.parse(out.trim()) as ClientResult, ...cpu });
    });
  });
}

const perEvent = (ms: number | null, events: number) => (ms === null ? "n/a" : (ms / Math.max(1, events)).toFixed(2));

async function runPhase(pgDir: string, baseUrl: string, name: string, clients: Array<{ token: string; roomId: string }>, seconds: number, dbUrl: string) {
  if (PGSS) await resetStatements(dbUrl);
  const { result: r, nodeMs, pgMs } = await runClients(pgDir, baseUrl, seconds, name, clients);
  const ok = r.sent - r.errors;
  const cpu = nodeMs + (pgMs ?? 0);
  console.log(
    `${name.padEnd(8)} ${String(ok).padStart(6)} events in ${r.elapsed.toFixed(1)} s = ${(ok / r.elapsed).toFixed(0).padStart(5)} events/s` +
      `   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   errors ${r.errors}` +
      `   CPU ms/event: server ${perEvent(nodeMs, ok)}, PostgreSQL ${perEvent(pgMs, ok)}, clients ${perEvent(r.cpuMs, ok)}` +
      // What two otherwise idle cores could serve if the server and PostgreSQL had them to themselves.
      `   → 2 idle cores ≈ ${pgMs === null ? "n/a" : ((2000 * ok) / cpu).toFixed(0)} events/s`,
  );
  if (PGSS) await printStatements(dbUrl, ok);
  return { ok, elapsed: r.elapsed };
}

async function setUp(app: App): Promise<{ tokens: string[]; rooms: string[] }> {
  const ctx = app.ctx("system:bench");
  const users: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const userId = `@user${i}:bench`;
    await createUser(ctx, { userId });
    users.push(userId);
    tokens.push((await createAccessToken(ctx, { userId, deviceId: `DEV${i}` })).accessToken);
  }
  const rooms: string[] = [];
  for (let r = 0; r < 5; r++) rooms.push((await createRoom(ctx, { creator: users[0] ?? "", preset: "public_chat" })).roomId);
  for (const room of rooms) for (const user of users.slice(1)) await changeMembership(app.ctx(user), { roomId: room, sender: user, target: user, action: "join" });
  return { tokens, rooms };
}

async function bulkSeed(app: App, pgDir: string): Promise<void> {
  const { result, nodeMs, pgMs } = await measured(pgDir, () => seedDemo(app.ctx("system:seed"), { scale: SEED_SCALE }));
  const { events, seconds, eventsPerSecond } = result.persist;
  console.log(
    `bulk seed (demo data × ${SEED_SCALE}, batches of 2000): ${events} events through persistEvents in ${seconds.toFixed(1)} s = ${eventsPerSecond} events/s` +
      `   CPU ms/event: node ${perEvent(nodeMs, events)}, PostgreSQL ${perEvent(pgMs, events)} (whole seed: ${result.events} events in ${result.seconds.toFixed(1)} s)`,
  );
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "scrollback-bench-"));
  chmodSync(dir, 0o755);
  const pgDir = path.join(dir, "pg");
  const port = await freePort();
  let embedded = await startEmbedded({ dataDir: dir, port, logger: silentLogger });
  try {
    if (PGSS) embedded = await preloadStatements(embedded, dir, port);
    await runMigrations(embedded.url);
    const app = createApp({ conn: connect(embedded.url), config: parseConfig({ server_name: "bench" }), clock: systemClock, logger: silentLogger, instanceName: "bench" });
    const server = await serveDispatcher(createDispatcher(async () => app, allRoutes));
    const { tokens, rooms } = await setUp(app);
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: import.meta.dirname }).toString().trim();
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores (a busy machine lowers events/s, not CPU ms/event); commit ${commit}`);
    console.log(`ingest: ${CLIENTS} keep-alive clients in a child process, PUT /send, ${SECONDS} s after a ${WARMUP} s warm-up, dispatcher with every route over a socket`);
    const layouts: Record<string, Array<{ token: string; roomId: string }>> = {
      "4 rooms": tokens.map((token, c) => ({ token, roomId: rooms[c % 4] ?? "" })),
      shared: tokens.map((token) => ({ token, roomId: rooms[4] ?? "" })),
    };
    if (WARMUP > 0) {
      const warm = await runClients(pgDir, server.baseUrl, WARMUP, "warmup", [...(layouts["4 rooms"] ?? []), ...(layouts.shared ?? [])]);
      console.log(`warm-up  ${warm.result.sent} events in ${warm.result.elapsed.toFixed(1)} s (not counted)`);
    }
    let total = 0;
    let elapsed = 0;
    for (const phase of PHASES) {
      const clients = layouts[phase];
      if (!clients) throw new Error(`unknown phase ${phase} (BENCH_PHASES: ${Object.keys(layouts).join(", ")})`);
      const r = await runPhase(pgDir, server.baseUrl, phase, clients, SECONDS / PHASES.length, embedded.url);
      total += r.ok;
      elapsed += r.elapsed;
    }
    console.log(`overall  ${total} events in ${elapsed.toFixed(1)} s = ${(total / elapsed).toFixed(0)} events/s (goal ≥ 500/s on 2 cores)`);
    await server.close();
    if (SEED_SCALE > 0) await bulkSeed(app, pgDir);
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} at the end`);
    await app.stop();
  } finally {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
