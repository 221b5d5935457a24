// npm run bench:purge-crash — issue #4's crash test at full size: kill -9 the process running a
// history purge of BENCH_EVENTS events (default 500,000) in the middle, restart it, let the task
// resume and finish, then compare every table with an uninterrupted purge of the same room.
// One embedded PostgreSQL in a temp dir; the room is seeded once and the database copied (CREATE
// DATABASE … TEMPLATE), so both purges start from byte-identical rows and ids need no mapping.
// Both purges run as scheduled tasks in a separate worker process (server/purge/testing/purge-worker.ts),
// as the server would run them. BENCH_KILL_AT (default 0.3): the fraction deleted before the kill.
import { spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { App } from "../server/app";
import { PURGE_HISTORY_ACTION, progressFrom, resolvePurgePoint, type PurgeProgress } from "../server/purge";
import { STATE_TABLES } from "../server/purge/testing/db-state";
import { getTask, scheduleTask } from "../server/tasks";
import { openBenchApp, seedRoomOfSize, withBenchPostgres } from "./seed-room";

const PURGE = Number(process.env.BENCH_EVENTS ?? 500_000);
const KILL_AT = Number(process.env.BENCH_KILL_AT ?? 0.3);
// A kept tail after the purge point (20% of the room), with a topic change every 1000 events.
const ROOM_EVENTS = Math.ceil(PURGE * 1.25);
const WORKER = path.join(import.meta.dirname, "..", "server", "purge", "testing", "purge-worker.ts");
// The restarted worker's clock runs 3 minutes ahead: the killed one's task lease and room locks
// (2-minute leases) are stale by then, as after a real restart that waited for them.
const RESTART_OFFSET_MS = 180_000;

const seconds = (from: number) => (performance.now() - from) / 1000;
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

const openApp = (url: string): App => openBenchApp(url, { max: 4 });

function startWorker(url: string, instance: string, offsetMs: number): Promise<ChildProcess> {
  // node itself (not npx), so SIGKILL hits the process that runs the purge.
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, url, instance, "2000", String(offsetMs)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

async function waitFor(app: App, taskId: string, done: Until): Promise<{ progress: PurgeProgress; status: string }> {
  const ctx = app.ctx("system:bench");
  for (;;) {
    const task = await getTask(ctx, taskId);
    const progress = progressFrom(task?.result);
    if (task?.status === "failed" || task?.status === "cancelled") throw new Error(`purge task ${task.status}: ${task.error ?? ""}`);
    if (done(progress, task?.status ?? "")) return { progress, status: task?.status ?? "" };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Count and digest of every row of each table, in SQL (a full-size room does not fit comfortably in JS memory twice). */
async function digests(sql: postgres.Sql): Promise<Map<string, { rows: number; md5: string }>> {
  const out = new Map<string, { rows: number; md5: string }>();
  for (const table of STATE_TABLES) {
    const [row] = await sql<{ rows: number; md5: string | null }[]>`
      select count(*)::int as rows, md5(string_agg(x::text, E'\n' order by x::text)) as md5 from ${sql(table)} x`;
    out.set(table, { rows: row?.rows ?? 0, md5: row?.md5 ?? "" });
  }
  return out;
}

/** The first rows that differ between the two databases for a table (only read when digests differ). */
async function differences(a: postgres.Sql, b: postgres.Sql, table: string): Promise<string[]> {
  const rows = async (sql: postgres.Sql) => new Set((await sql<{ r: string }[]>`select x::text as r from ${sql(table)} x`).map((r) => r.r));
  const [left, right] = [await rows(a), await rows(b)];
  const onlyLeft = [...left].filter((r) => !right.has(r)).slice(0, 5).map((r) => `  only after crash: ${r.slice(0, 200)}`);
  const onlyRight = [...right].filter((r) => !left.has(r)).slice(0, 5).map((r) => `  only in reference: ${r.slice(0, 200)}`);
  return [...onlyLeft, ...onlyRight];
}

type Until = (p: PurgeProgress, status: string) => boolean;
const completed: Until = (_, status) => status === "complete";

interface WorkerRun {
  app: App;
  url: string;
  taskId: string;
  instance: string;
  offsetMs: number;
  children: Set<ChildProcess>;
}

/** A worker process runs the task until `until` holds, then is stopped with `signal` (SIGKILL: the crash). */
async function workUntil(run: WorkerRun, until: Until, signal: NodeJS.Signals): Promise<{ seen: { progress: PurgeProgress; status: string }; seconds: number }> {
  const t0 = performance.now();
  const worker = await startWorker(run.url, run.instance, run.offsetMs);
  run.children.add(worker);
  const seen = await waitFor(run.app, run.taskId, until);
  await stopWorker(worker, signal);
  run.children.delete(worker);
  return { seen, seconds: seconds(t0) };
}

async function purgeTask(app: App, roomId: string, token: string): Promise<string> {
  return scheduleTask(app.ctx("@admin:test"), { action: PURGE_HISTORY_ACTION, resourceId: roomId, params: { token, delete_local_events: true } });
}

async function main(): Promise<void> {
  const children = new Set<ChildProcess>();
  const killChildren = () => {
    for (const child of children) child.kill("SIGKILL");
  };
  await withBenchPostgres("crash", async ({ createDatabase }) => {
    console.log(`load average ${load()}; purge ${PURGE.toLocaleString()} events of a ${ROOM_EVENTS.toLocaleString()}-event room, kill -9 after ${KILL_AT * 100}% deleted`);
    const crashUrl = await createDatabase("crash");
    let app = openApp(crashUrl);
    const { roomId, seconds: seedSeconds } = await seedRoomOfSize(app, ROOM_EVENTS, { log: true });
    // The boundary: the PURGE-th message, so exactly PURGE events are older non-state ones.
    const [boundary] = await app.conn.sql<{ event_id: string }[]>`
      select event_id from events where room_id = ${roomId} and state_key is null order by depth, stream_ordering offset ${PURGE} limit 1`;
    const point = await resolvePurgePoint(app.ctx("@admin:test"), { roomId, eventId: boundary?.event_id ?? "" });
    await app.conn.sql`vacuum analyze`;
    await app.stop();
    const t0 = performance.now();
    const refUrl = await createDatabase("reference", "crash");
    console.log(`seeded ${ROOM_EVENTS.toLocaleString()} events in ${seedSeconds.toFixed(0)} s; copied the database in ${seconds(t0).toFixed(1)} s`);

    // The interrupted purge.
    app = openApp(crashUrl);
    const taskId = await purgeTask(app, roomId, point.token);
    const run = (a: App, url: string, id: string, instance: string, offsetMs = 0) => ({ app: a, url, taskId: id, instance, offsetMs, children });
    const { seen: before, seconds: killedAfter } = await workUntil(run(app, crashUrl, taskId, "crash-worker"), (p) => p.phase === "delete" && p.deleted >= p.total * KILL_AT, "SIGKILL");
    const stored = progressFrom((await getTask(app.ctx("system:bench"), taskId))?.result);
    const [left] = await app.conn.sql<{ n: number }[]>`
      select count(*)::int as n from events where room_id = ${roomId} and depth < ${point.depth} and state_key is null`;
    console.log(
      `kill -9 after ${killedAfter.toFixed(1)} s: progress seen ${before.progress.deleted.toLocaleString()}, stored ${stored.deleted.toLocaleString()} of ${stored.total.toLocaleString()}; ` +
        `${(left?.n ?? 0).toLocaleString()} candidates left (${left?.n === stored.total - stored.deleted ? "= total − deleted" : "≠ total − deleted!"})`,
    );
    const { seen: resumed, seconds: resumeSeconds } = await workUntil(run(app, crashUrl, taskId, "crash-worker", RESTART_OFFSET_MS), completed, "SIGTERM");
    await app.stop();

    // The reference: the same task, never interrupted.
    const ref = openApp(refUrl);
    const refTask = await purgeTask(ref, roomId, point.token);
    const { seen: reference, seconds: refSeconds } = await workUntil(run(ref, refUrl, refTask, "reference-worker"), completed, "SIGTERM");
    await ref.stop();

    const crashSql = postgres(crashUrl, { max: 1, onnotice: () => {} });
    const refSql = postgres(refUrl, { max: 1, onnotice: () => {} });
    try {
      const [a, b] = [await digests(crashSql), await digests(refSql)];
      const report: string[] = [];
      for (const table of STATE_TABLES) {
        const x = a.get(table);
        const y = b.get(table);
        if (x?.md5 === y?.md5 && x?.rows === y?.rows) continue;
        report.push(`${table}: ${x?.rows} rows after the crash, ${y?.rows} in the reference`, ...(await differences(crashSql, refSql, table)));
      }
      console.table({
        "interrupted: first run until kill -9": { seconds: killedAfter.toFixed(1), deleted: stored.deleted },
        "interrupted: restarted run to completion": { seconds: resumeSeconds.toFixed(1), deleted: resumed.progress.deleted - stored.deleted },
        "interrupted: total": { seconds: (killedAfter + resumeSeconds).toFixed(1), deleted: resumed.progress.deleted },
        "reference: uninterrupted": { seconds: refSeconds.toFixed(1), deleted: reference.progress.deleted },
      });
      const rows = [...a.values()].reduce((sum, d) => sum + d.rows, 0);
      console.log(`compared ${STATE_TABLES.length} tables, ${rows.toLocaleString()} rows (every column, ids as stored: both databases are copies of one seed)`);
      console.log(report.length === 0 ? "identical" : `DIFFERENT:\n${report.join("\n")}`);
      console.log(`load average ${load()} at the end`);
      if (report.length > 0 || resumed.progress.deleted !== PURGE || reference.progress.deleted !== PURGE) process.exitCode = 1;
    } finally {
      await crashSql.end();
      await refSql.end();
    }
  }, killChildren);
}

await main();
