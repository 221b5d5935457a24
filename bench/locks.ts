// npm run bench:locks — worker locks and the task scheduler on a real PostgreSQL.
// An embedded PostgreSQL in a temp dir; prints, with the machine's load:
//  1. 500 waiters on one write lock in one process, handed over one by one: CPU and latency per hand-over;
//  2. hand-overs between two instances (two connection pools): latency, woken by the release NOTIFY;
//  3. 200 tasks on two schedulers: throughput, and that each ran exactly once;
//  4. a reference: the CPU of 1000 "select 1" round trips right now.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createApp, type App } from "../server/app";
import { parseConfig } from "../server/config";
import { connect } from "../server/db/client";
import { startEmbedded } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";
import { startLockService, withLocks } from "../server/locks";
import { silentLogger } from "../server/logger";
import { createTaskScheduler, getTasks, scheduleTask } from "../server/tasks";
import { freePort } from "../server/testing/free-port";

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function handOversInOneProcess(app: App): Promise<void> {
  const ctx = app.ctx("bench");
  const gaps: number[] = [];
  let last = performance.now();
  const before = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 500 }, () =>
      withLocks(ctx, [{ name: "bench", key: "!one", write: true }], async () => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }),
    ),
  );
  const cpu = cpuMs(process.cpuUsage(before));
  console.log(`1. 500 waiters, one process: ${cpu.toFixed(0)} ms CPU (${(cpu / 500).toFixed(2)} ms per hand-over), ${(performance.now() - started).toFixed(0)} ms wall; hand-over p50 ${pct(gaps, 50).toFixed(2)} ms, p99 ${pct(gaps, 99).toFixed(2)} ms`);
}

async function handOversBetweenInstances(a: App, b: App): Promise<void> {
  const rounds = 100;
  const latencies: number[] = [];
  let releasedAt = 0;
  for (let i = 0; i < rounds; i++) {
    const [holder, waiter] = i % 2 === 0 ? [a, b] : [b, a];
    let release: () => void = () => {};
    let held: () => void = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    const first = withLocks(holder.ctx("bench"), [{ name: "bench", key: "!two", write: true }], async () => {
      held();
      await new Promise<void>((resolve) => (release = resolve));
      releasedAt = performance.now();
    });
    await holding;
    const second = withLocks(waiter.ctx("bench"), [{ name: "bench", key: "!two", write: true }], async () => {
      latencies.push(performance.now() - releasedAt);
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await Promise.all([first, second]);
  }
  console.log(`2. hand-over between two instances (NOTIFY): p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms over ${rounds}`);
}

async function tasksOnTwoInstances(a: App, b: App): Promise<void> {
  const runs = new Map<string, number>();
  const schedulers = [a, b].map((app) => {
    const s = createTaskScheduler(app);
    s.register("bench", async (_ctx, task) => {
      runs.set(task.id, (runs.get(task.id) ?? 0) + 1);
      return { status: "complete" };
    });
    return s;
  });
  await Promise.all(schedulers.map((s) => s.start()));
  const ctx = a.ctx("bench");
  const started = performance.now();
  for (let i = 0; i < 200; i++) await scheduleTask(ctx, { action: "bench" });
  while ((await getTasks(ctx, { statuses: ["complete"] })).length < 200) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  const once = [...runs.values()].every((n) => n === 1) && runs.size === 200;
  console.log(`3. 200 tasks on two schedulers: ${(200 / seconds).toFixed(0)} tasks/s (scheduling included); each ran exactly once: ${once}`);
  await Promise.all(schedulers.map((s) => s.stop()));
}

async function reference(app: App): Promise<void> {
  const before = process.cpuUsage();
  for (let i = 0; i < 1000; i++) await app.conn.sql`select 1`;
  console.log(`4. reference: 1000 "select 1" round trips = ${cpuMs(process.cpuUsage(before)).toFixed(0)} ms CPU`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "scrollback-bench-"));
  chmodSync(dir, 0o755);
  const embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
  try {
    await runMigrations(embedded.url);
    const config = parseConfig({ server_name: "bench" });
    const a = createApp({ conn: connect(embedded.url), config, logger: silentLogger, instanceName: "bench-a" });
    const b = createApp({ conn: connect(embedded.url), config, logger: silentLogger, instanceName: "bench-b" });
    await startLockService(a);
    await startLockService(b);
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores (a busy machine raises every figure)`);
    await reference(a);
    await handOversInOneProcess(a);
    await handOversBetweenInstances(a, b);
    await tasksOnTwoInstances(a, b);
    await reference(a);
    await a.stop();
    await b.stop();
  } finally {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
