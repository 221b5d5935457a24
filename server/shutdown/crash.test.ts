import { spawn, type ChildProcess } from "node:child_process";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "../db/schema";
import { getTask } from "../tasks";
import { createTestApi } from "@/app/_http/testing";
import { requestRoomDeletion } from "./delete-room";
import { DEFAULT_MESSAGE, progressFromResult } from "./schemas";
import { seedRoom } from "./testing/seed";

// kill -9 during the member phase of a 2,000-member room with a notice room; after a restart the
// task completes and nothing was done twice. The runner is a real child process on the test database.
const api = await createTestApi();
const app = api.app;
const ctx = app.ctx("@admin:test");
const MEMBERS = 2_000;
const INSTANCE = "crash-runner";

function startRunner(): ChildProcess {
  // Its own process group, so kill -9 reaches the node process behind npx and tsx too.
  return spawn("npx", ["tsx", "server/shutdown/testing/crash-runner.ts", app.url, INSTANCE, "50"], { stdio: ["ignore", "ignore", "inherit"], detached: true });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined) process.kill(-child.pid, signal);
}

/** Real time, not the fake clock: the child process runs on the system clock. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== null) return value;
    await pause(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

async function countBy(roomId: string, membership: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ userId: t.events.stateKey, n: sql<number>`count(*)::int` })
    .from(t.events)
    .where(and(eq(t.events.roomId, roomId), eq(t.events.type, "m.room.member"), sql`${t.events.content}->>'membership' = ${membership}`))
    .groupBy(t.events.stateKey);
  return new Map(rows.map((r) => [r.userId ?? "", r.n]));
}

describe("shutdown survives kill -9", () => {
  it("resumes after a crash in the member phase: every member leaves once, joins the notice room once, one notice", async () => {
    const members = Array.from({ length: MEMBERS }, (_, i) => `@m${i}:test`);
    const roomId = await seedRoom(ctx, { creator: "@admin:test", joined: members, aliases: ["#crash:test"] });
    // purge: false keeps the old room's events, so the leaves can be counted afterwards.
    const { delete_id: taskId } = await requestRoomDeletion(ctx, { roomId, body: { new_room_user_id: "@admin:test", purge: false, block: true } });

    const first = startRunner();
    const kickedAtKill = await waitFor("a quarter of the users handled", async () => {
      const kicked = progressFromResult((await getTask(ctx, taskId))?.result).kicked_users.length;
      return kicked >= 500 && kicked < MEMBERS ? kicked : null;
    }, 60_000);
    killGroup(first, "SIGKILL");
    await exited(first);
    const afterKill = await getTask(ctx, taskId);
    expect(afterKill?.status).toBe("active");
    const committed = progressFromResult(afterKill?.result).kicked_users.length;
    expect(committed).toBeGreaterThanOrEqual(kickedAtKill);
    expect(committed).toBeLessThan(MEMBERS + 1);
    // The status endpoint reports the interrupted task with what it had committed.
    const { token } = await api.user("admin", { admin: true });
    const during = await api.get(`/_synapse/admin/v2/rooms/delete_status/${taskId}`, { token });
    expect(during.body.status).toBe("active");
    expect((during.body.shutdown_room as { kicked_users: string[] }).kicked_users).toHaveLength(committed);
    console.log(`killed with ${committed} of ${MEMBERS + 1} users handled (progress seen before the kill: ${kickedAtKill})`);

    const second = startRunner();
    try {
      const done = await waitFor("the task to finish", async () => {
        const task = await getTask(ctx, taskId);
        return task && (task.status === "complete" || task.status === "failed") ? task : null;
      }, 120_000);
      expect([done.status, done.error]).toEqual(["complete", null]);
      const result = progressFromResult(done.result);
      const everyone = ["@admin:test", ...members];
      expect(result.kicked_users).toHaveLength(everyone.length);
      expect(new Set(result.kicked_users)).toEqual(new Set(everyone));
      expect(result.failed_to_kick_users).toEqual([]);
      expect(result.local_aliases).toEqual(["#crash:test"]);

      const leaves = await countBy(roomId, "leave");
      expect(leaves.size).toBe(everyone.length);
      expect([...leaves.values()].every((n) => n === 1)).toBe(true);
      const noticeRoom = result.new_room_id ?? "";
      const joins = await countBy(noticeRoom, "join");
      expect(joins.size).toBe(everyone.length);
      expect([...joins.values()].every((n) => n === 1)).toBe(true);
      const notices = await ctx.db.select().from(t.events).where(and(eq(t.events.roomId, noticeRoom), eq(t.events.type, "m.room.message")));
      expect(notices.map((e) => e.content.body)).toEqual([DEFAULT_MESSAGE]);
      const unforgotten = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(t.roomMemberships)
        .where(and(eq(t.roomMemberships.roomId, roomId), eq(t.roomMemberships.forgotten, false)));
      expect(unforgotten[0]?.n).toBe(0);
      const after = await api.get(`/_synapse/admin/v2/rooms/${encodeURIComponent(roomId)}/delete_status`, { token });
      expect((after.body.results as Array<{ status: string }>).map((r) => r.status)).toEqual(["complete"]);
      const audit = await ctx.db.select().from(t.auditLog).where(eq(t.auditLog.taskId, taskId));
      expect(audit.map((a) => a.status)).toEqual(["ok"]);
    } finally {
      killGroup(second, "SIGKILL");
      await exited(second);
    }
  }, 240_000);
});
