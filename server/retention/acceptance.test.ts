import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "../db/schema";
import { createTaskScheduler } from "../tasks";
import { createTestApp } from "../testing/test-app";
import { createRoom } from "../rooms";
import { runRetentionNow } from "./run-now";
import { registerRetentionTasks, planRetentionRuns } from "./service";
import { DAY, HOUR, sendText, setPolicy } from "./test-helpers";

// §9 items 70–72 (Synapse's tests/rest/client/test_retention.py): default policy 1d/3d, allowed
// 1d–3d, the default daily purge job. Runs fire when time passes their planned time and the
// scheduler ticks, with the clock already advanced, as Synapse's test reactor fires timers.
const app = await createTestApp({
  retention: {
    enabled: true,
    default_policy: { min_lifetime: DAY, max_lifetime: 3 * DAY },
    allowed_lifetime_min: DAY,
    allowed_lifetime_max: 3 * DAY,
  },
});
const ctx = app.ctx("@alice:test");
const alice = "@alice:test";
const scheduler = createTaskScheduler(app, { listen: false });
registerRetentionTasks(scheduler);

// Start just after a daily run time (runs are aligned to the epoch), as Synapse's job timers start with the server.
await app.clock.advance(DAY - (app.clock.now() % DAY) + 60_000);
await planRetentionRuns(app.ctx("system:retention"));

/** Each request moves time a little, as Synapse's test reactor pumps 0.1 s per request. */
async function send(roomId: string, body: string): Promise<string> {
  const id = await sendText(ctx, roomId, alice, body);
  await app.clock.advance(100);
  return id;
}

async function advance(ms: number): Promise<void> {
  await app.clock.advance(ms);
  await scheduler.tick();
  await scheduler.idle();
  await scheduler.settle();
}

async function stored(eventId: string): Promise<boolean> {
  return (await app.conn.db.select({ id: t.events.eventId }).from(t.events).where(eq(t.events.eventId, eventId))).length > 0;
}

async function createEventOf(roomId: string): Promise<string> {
  const [row] = await app.conn.db.select({ id: t.events.eventId }).from(t.events).where(eq(t.events.roomId, roomId)).orderBy(t.events.depth).limit(1);
  if (!row) throw new Error("no create event");
  return row.id;
}

/** Send 1, wait `step`, send 2, wait `step`: event 1 is gone from the database, event 2 and the create event stay. */
async function expectPurgedAfterTwoSteps(roomId: string, step: number): Promise<void> {
  const first = await send(roomId, "1");
  await advance(step);
  expect(await stored(first)).toBe(true);
  const second = await send(roomId, "2");
  await advance(step);
  expect(await stored(first)).toBe(false);
  expect(await stored(second)).toBe(true);
  expect(await stored(await createEventOf(roomId))).toBe(true);
}

describe("retention purge jobs (§9 items 70–72)", () => {
  it("70: a room policy of 2d purges message 1 after 1.5d + 1.5d, keeps message 2 and the state", async () => {
    const { roomId } = await createRoom(ctx, { creator: alice });
    await setPolicy(ctx, roomId, alice, { max_lifetime: 2 * DAY });
    await expectPurgedAfterTwoSteps(roomId, 1.5 * DAY);
  });

  it("71: a room policy of 4d is clamped to 3d, one of 1h is clamped up to 1d", async () => {
    const { roomId } = await createRoom(ctx, { creator: alice });
    await setPolicy(ctx, roomId, alice, { max_lifetime: 4 * DAY });
    await expectPurgedAfterTwoSteps(roomId, 1.5 * DAY);

    await setPolicy(ctx, roomId, alice, { max_lifetime: HOUR });
    const third = await send(roomId, "3");
    await advance(DAY / 2);
    // A purge now would delete it with the room's 1h; the 1d floor keeps it.
    await runRetentionNow(app.ctx("@admin:test"), { roomId });
    await advance(0);
    expect(await stored(third)).toBe(true);
    const fourth = await send(roomId, "4");
    await advance(DAY / 2);
    expect(await stored(third)).toBe(false);
    expect(await stored(fourth)).toBe(true);
  });

  it("72: without a room policy the default 3d applies (2d steps)", async () => {
    const { roomId } = await createRoom(ctx, { creator: alice });
    await expectPurgedAfterTwoSteps(roomId, 2 * DAY);
  });

  it("records every run of the daily job, one at a time, each at or after its planned time", async () => {
    const runs = await app.conn.db.select().from(t.retentionRuns).orderBy(t.retentionRuns.plannedTs);
    const jobRuns = runs.filter((r) => r.roomId === null);
    const done = jobRuns.filter((r) => r.status === "complete");
    expect(done.length).toBeGreaterThanOrEqual(6);
    for (const run of done) {
      expect(run.startedTs).not.toBeNull();
      expect(run.startedTs ?? 0).toBeGreaterThanOrEqual(run.plannedTs);
      expect(run.plannedTs % DAY).toBe(0);
      expect(run.roomsExamined).toBeGreaterThan(0);
    }
    expect(done.reduce((n, r) => n + r.eventsDeleted, 0)).toBeGreaterThanOrEqual(4);
    expect(jobRuns.filter((r) => r.status === "scheduled")).toHaveLength(1);
    const roomRuns = runs.filter((r) => r.roomId !== null);
    expect(roomRuns).toHaveLength(1);
    // The run-now in item 71 kept message 3 (0.5d old) but deleted message 2 of the first half (2d old, over the 1d floor).
    expect(roomRuns[0]).toMatchObject({ status: "complete", roomsExamined: 1, roomsPurged: 1, eventsDeleted: 1 });
  });
});
