import { describe, expect, it } from "vitest";
import { persistEvents } from "@/server/events/persist-events";
import { paginateRoom } from "@/server/pagination";
import { listRetentionJobs, planRetentionRuns, registerRetentionTasks } from "@/server/retention";
import { createRoom, getCurrentStateEvent } from "@/server/rooms";
import { createTaskScheduler } from "@/server/tasks";
import { createTestApi } from "../testing";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Seven simulated days, three purge jobs, 500 rooms of six kinds of policy. Expected values are
// worked out by hand here (which job, which clamped lifetime), not with the code under test.
const api = await createTestApi({
  retention: {
    enabled: true,
    default_policy: { max_lifetime: "2d" },
    allowed_lifetime_min: "12h",
    allowed_lifetime_max: "20d",
    purge_jobs: [
      { longest_max_lifetime: "1d", interval: "6h" },
      { shortest_max_lifetime: "1d", longest_max_lifetime: "3d", interval: "12h" },
      { shortest_max_lifetime: "3d", interval: "1d" },
    ],
  },
});
const A = "job:*..1d/6h";
const B = "job:1d..3d/12h";
const C = "job:3d..*/1d";
const KINDS: Array<{ policy: Record<string, unknown> | null; job: string; lifetime: number }> = [
  { policy: null, job: B, lifetime: 2 * DAY }, // default 2d
  { policy: { max_lifetime: 8 * HOUR }, job: A, lifetime: 12 * HOUR }, // clamped up to allowed min
  { policy: { max_lifetime: DAY }, job: A, lifetime: DAY }, // upper bound is inclusive
  { policy: { max_lifetime: 4 * DAY }, job: C, lifetime: 4 * DAY },
  { policy: { max_lifetime: 30 * DAY }, job: C, lifetime: 20 * DAY }, // clamped down; nothing gets that old
  { policy: { min_lifetime: HOUR }, job: B, lifetime: 2 * DAY }, // no max: the default, via include_null
];
const ROOMS = 500;
const admin = await api.user("root", { admin: true });
const ctx = api.app.ctx("@alice:test");
const scheduler = createTaskScheduler(api.app, { listen: false });
registerRetentionTasks(scheduler);

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

interface Sent {
  eventId: string;
  roomIndex: number;
  ts: number;
}

async function nextRuns(): Promise<Map<string, { runId: string; plannedTs: number }>> {
  const res = await api.get("/_scrollback/v1/retention/jobs", { token: admin.token, query: { last_runs: 0 } });
  const jobs = res.body.jobs as Array<{ key: string; next_run: { run_id: string | null; planned_ts: number; planned: boolean } }>;
  return new Map(jobs.map((j) => [j.key, { runId: j.next_run.run_id ?? "", plannedTs: j.next_run.planned_ts }]));
}

/** Every event still stored in the room: the admin view hides nothing (expired or not). */
async function storedEventIds(roomId: string): Promise<string[]> {
  const ids: string[] = [];
  let from: string | undefined;
  for (;;) {
    const page = await paginateRoom(ctx, { roomId, viewer: { admin: true }, dir: "b", from, limit: 1000 });
    ids.push(...page.chunk.map((e) => String(e.event_id)));
    if (!page.end || page.chunk.length === 0) return ids;
    from = page.end;
  }
}

describe("seven days of retention with three jobs and 500 rooms", () => {
  it("purges every expired message, touches nothing unexpired, records every run at the time the schedule API announced", async () => {
    const midnight = Math.ceil(api.app.clock.now() / DAY) * DAY;
    await api.app.clock.advance(midnight - HOUR - api.app.clock.now());
    // Rooms are created a few at a time, as concurrent clients would.
    const rooms: string[] = [];
    for (let i = 0; i < ROOMS; i += 8) {
      const batch = Array.from({ length: Math.min(8, ROOMS - i) }, async (_, j) => {
        const { roomId } = await createRoom(ctx, { creator: "@alice:test" });
        const policy = KINDS[(i + j) % KINDS.length]?.policy;
        if (policy) await persistEvents(ctx, roomId, [{ type: "m.room.retention", stateKey: "", sender: "@alice:test", content: policy }]);
        return roomId;
      });
      rooms.push(...(await Promise.all(batch)));
    }
    await planRetentionRuns(api.app.ctx("system:retention"));

    const sent: Sent[] = [];
    const announced: Array<{ job: string; runId: string; plannedTs: number }> = [];
    const end = midnight + 7 * DAY;
    let nextSend = midnight - HOUR + 17 * 60_000;
    for (;;) {
      const runs = await nextRuns();
      const nextRun = Math.min(...[...runs.values()].map((r) => r.plannedTs));
      if (nextSend < nextRun && nextSend <= end) {
        await api.app.clock.advance(nextSend - api.app.clock.now());
        // 12 random rooms get 4 messages each (local and remote senders), one write per room.
        for (let k = 0; k < 12; k++) {
          const roomIndex = Math.floor(random() * ROOMS);
          const drafts = [0, 1, 2, 3].map((j) => ({ type: "m.room.message", sender: j === 3 ? "@bob:remote" : "@alice:test", content: { body: `m${sent.length + j}` } }));
          const events = await persistEvents(ctx, rooms[roomIndex] ?? "", drafts);
          for (const event of events) sent.push({ eventId: event.eventId, roomIndex, ts: api.app.clock.now() });
        }
        nextSend += 6 * HOUR;
        continue;
      }
      if (nextRun > end) break;
      for (const [job, run] of runs) if (run.plannedTs === nextRun) announced.push({ job, ...run });
      await api.app.clock.advance(nextRun - api.app.clock.now());
      await scheduler.tick();
      await scheduler.idle();
      await scheduler.settle();
    }

    // Every run happened exactly when the schedule API said it would, and is recorded with its counts.
    const schedule = await listRetentionJobs(ctx, { lastRuns: 1000 });
    const finished = schedule.jobs.flatMap((j) => j.last_runs.map((run) => ({ jobKey: j.key, ...run })));
    const byId = new Map(finished.map((r) => [r.id, r]));
    const expectedRuns: Record<string, number> = { [A]: 29, [B]: 15, [C]: 8 };
    for (const [job, count] of Object.entries(expectedRuns)) expect(announced.filter((a) => a.job === job)).toHaveLength(count);
    const roomsPerJob = (job: string) => Array.from({ length: ROOMS }, (_, i) => KINDS[i % KINDS.length]?.job).filter((j) => j === job).length;
    for (const a of announced) {
      const row = byId.get(a.runId);
      expect(row).toMatchObject({ jobKey: a.job, planned_ts: a.plannedTs, started_ts: a.plannedTs, status: "complete", rooms_examined: roomsPerJob(a.job), errors: [] });
    }

    // Every expired message is gone (but the boundary one, which a purge keeps), nothing else was touched.
    const present = new Set<string>();
    for (const roomIndex of new Set(sent.map((s) => s.roomIndex))) for (const id of await storedEventIds(rooms[roomIndex] ?? "")) present.add(id);
    let deleted = 0;
    let keptBoundaries = 0;
    for (let i = 0; i < ROOMS; i++) {
      const kind = KINDS[i % KINDS.length];
      if (!kind) continue;
      const cutoff = end - kind.lifetime;
      const mine = sent.filter((s) => s.roomIndex === i);
      const expired = mine.filter((s) => s.ts < cutoff);
      for (const s of mine.filter((m) => m.ts >= cutoff)) expect(present.has(s.eventId)).toBe(true);
      for (const s of expired.slice(0, -1)) expect(present.has(s.eventId)).toBe(false);
      const newestExpired = expired[expired.length - 1];
      if (newestExpired && present.has(newestExpired.eventId)) keptBoundaries += 1;
      deleted += expired.filter((s) => !present.has(s.eventId)).length;
    }
    // Every job run (the pending ones have deleted nothing yet).
    const total = finished.reduce((n, r) => n + r.events_deleted, 0);
    expect(total).toBe(deleted);
    expect(deleted).toBeGreaterThan(500);
    expect(keptBoundaries).toBeLessThan(ROOMS);
    // State events are never deleted: every room still has its create event and its policy.
    let creates = 0;
    for (const roomId of rooms) if (await getCurrentStateEvent(ctx, roomId, "m.room.create")) creates += 1;
    expect(creates).toBe(ROOMS);
    // One pending run per job remains for after the end.
    expect(schedule.jobs.filter((j) => j.next_run.status === "scheduled").map((j) => j.key).sort()).toEqual([A, B, C]);
  }, 900_000);
});
