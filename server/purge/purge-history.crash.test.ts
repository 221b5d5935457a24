import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { FakeClock } from "../clock";
import { parseConfig } from "../config";
import { connect, type DbConnection } from "../db/client";
import { silentLogger } from "../logger";
import { createRoom } from "../rooms";
import { createTestDatabase } from "../testing/test-db";
import { getTask, scheduleTask } from "../tasks";
import { PURGE_HISTORY_ACTION } from "./actions-names";
import { purgeHistory } from "./purge-history";
import { resolvePurgePoint } from "./purge-point";
import { progressFrom } from "./progress";
import { readTables, toState } from "./testing/db-state";
import { seedLargeRoom } from "./testing/large-room";

// Scaled down from 500,000 events: on this shared 2-core machine persistEvents seeds ~500 events/s,
// so 500k would take ~17 min before the purge even starts. The mechanics do not depend on size.
const EVENTS = Number(process.env.CRASH_TEST_EVENTS ?? 12_000);
const WORKER = path.join(import.meta.dirname, "testing", "purge-worker.ts");
const INSTANCE = "crash-worker";

function startWorker(url: string, clockOffsetMs: number): Promise<ChildProcess> {
  // node itself (not npx), so SIGKILL hits the process that runs the purge.
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, url, INSTANCE, "100", String(clockOffsetMs)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function until(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const withName = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

describe("crash in the middle of a purge", () => {
  it("kill -9 mid-purge; after a restart the task resumes from its stored progress and ends as an uninterrupted purge", { timeout: 600_000 }, async () => {
    const db = await createTestDatabase();
    const name = new URL(db.url).pathname.slice(1);
    const admin = postgres(withName(db.url, "postgres"), { max: 1, onnotice: () => {} });
    const refName = `${name}_ref`;
    let conn: DbConnection = db.conn;
    try {
      const config = parseConfig({ server_name: "test" });
      const app = createApp({ conn, config, clock: new FakeClock(), logger: silentLogger, instanceName: "seeder" });
      const ctx = app.ctx("@admin:test");
      const { roomId } = await createRoom(ctx, { creator: "@alice:test" });
      await seedLargeRoom(ctx, { roomId, events: EVENTS });
      const [boundary] = await conn.sql<{ event_id: string }[]>`
        select event_id from events where room_id = ${roomId} order by depth offset ${Math.floor(EVENTS * 0.8)} limit 1`;
      const point = await resolvePurgePoint(ctx, { roomId, eventId: boundary?.event_id ?? "" });
      const job = { roomId, depth: point.depth, deleteLocalEvents: true };

      // The reference: an exact copy of the database before the purge.
      await conn.close();
      await admin.unsafe(`create database ${refName} template ${name}`);
      conn = connect(db.url);
      const live = createApp({ conn, config, clock: new FakeClock(), logger: silentLogger, instanceName: "test" }).ctx("@admin:test");
      const taskId = await scheduleTask(live, { action: PURGE_HISTORY_ACTION, resourceId: roomId, params: { token: point.token, delete_local_events: true } });

      const first = await startWorker(db.url, 0);
      let killedAt = 0;
      await until(async () => {
        const p = progressFrom((await getTask(live, taskId))?.result);
        killedAt = p.deleted;
        return p.phase === "delete" && p.deleted >= p.total * 0.3;
      }, 300_000);
      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("exit", resolve));

      const interrupted = await getTask(live, taskId);
      const stored = progressFrom(interrupted?.result);
      expect(interrupted?.status).toBe("active");
      expect(stored.deleted).toBeGreaterThanOrEqual(killedAt);
      expect(stored.deleted).toBeLessThan(stored.total);
      const [left] = await conn.sql<{ n: number }[]>`
        select count(*)::int as n from events where room_id = ${roomId} and depth < ${point.depth} and state_key is null`;
      // Progress is committed with its batch: the rows still there are exactly the ones not yet counted.
      expect(left?.n).toBe(stored.total - stored.deleted);

      // Restarted later (same instance name): the dead holder's lease and lock rows are stale by then.
      const second = await startWorker(db.url, 180_000);
      try {
        await until(async () => (await getTask(live, taskId))?.status === "complete", 300_000);
      } finally {
        second.kill("SIGTERM");
        await new Promise((resolve) => second.once("exit", resolve));
      }
      const done = progressFrom((await getTask(live, taskId))?.result);
      expect(done).toMatchObject({ phase: "done", deleted: stored.total, total: stored.total });

      const refConn = connect(withName(db.url, refName));
      try {
        const refApp = createApp({ conn: refConn, config, clock: new FakeClock(), logger: silentLogger, instanceName: "ref" });
        const uninterrupted = await purgeHistory(refApp.ctx("@admin:test"), job, { batchSize: 100_000 });
        expect(uninterrupted.deleted).toBe(done.deleted);
        expect(toState(await readTables(conn.sql))).toEqual(toState(await readTables(refConn.sql)));
      } finally {
        await refConn.close();
      }
    } finally {
      await conn.close().catch(() => {});
      await admin.unsafe(`drop database if exists ${refName} with (force)`);
      await admin.end();
      await db.drop();
    }
  });
});
