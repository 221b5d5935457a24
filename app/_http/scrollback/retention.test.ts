import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit";
import { getRoomEvent } from "@/server/pagination";
import { registerRetentionTasks } from "@/server/retention";
import { getRun } from "@/server/retention/runs";
import { createTaskScheduler, getTask } from "@/server/tasks";
import { createTestApi } from "../testing";

const DAY = 86_400_000;
const BASE = "/_scrollback/v1/retention";
const V3 = "/_matrix/client/v3";

const api = await createTestApi({
  retention: {
    enabled: true,
    default_policy: { max_lifetime: "3d" },
    allowed_lifetime_min: "1d",
    allowed_lifetime_max: "30d",
    purge_jobs: [
      { longest_max_lifetime: "2d", interval: "12h" },
      { shortest_max_lifetime: "2d", longest_max_lifetime: "7d", interval: "1d" },
    ],
  },
});
const admin = await api.user("root", { admin: true });
const operator = await api.user("op", { consoleRole: "operator" });
const moderator = await api.user("mod", { consoleRole: "moderator" });
const alice = await api.user("alice");
const ctx = api.app.ctx("system:test");
/** The audit entry of a task (this room's entries, newest first). */
const auditOf = async (taskId: string) => (await listAudit(ctx, { roomId: shortRoom })).entries.find((e) => e.taskId === taskId);
/** The event as the admin API sees it (nothing hidden, expired or not): throws M_NOT_FOUND once purged. */
const storedEvent = (eventId: string) => getRoomEvent(ctx, { roomId: shortRoom, eventId, viewer: { admin: true } });
let shortRoom = "";
let oldMessage = "";

beforeAll(async () => {
  const created = await api.post(`${V3}/createRoom`, {}, { token: alice.token });
  shortRoom = String(created.body.room_id);
  await api.put(`${V3}/rooms/${encodeURIComponent(shortRoom)}/state/m.room.retention`, { max_lifetime: 12 * 3_600_000 }, { token: alice.token });
  oldMessage = String((await api.put(`${V3}/rooms/${encodeURIComponent(shortRoom)}/send/m.room.message/t1`, { msgtype: "m.text", body: "old" }, { token: alice.token })).body.event_id);
  await api.app.clock.advance(2 * DAY);
  await api.put(`${V3}/rooms/${encodeURIComponent(shortRoom)}/send/m.room.message/t2`, { msgtype: "m.text", body: "new" }, { token: alice.token });
  await api.post(`${V3}/createRoom`, {}, { token: alice.token });
});

describe("retention schedule API: negative cases", () => {
  const endpoints: Array<[string, string, unknown?]> = [
    ["GET", `${BASE}/jobs`],
    ["GET", `${BASE}/rooms`],
    ["GET", `${BASE}/forecast?job=x`],
    ["POST", `${BASE}/run`, { room_id: "!a:test" }],
  ];
  it.each(endpoints)("%s %s: 401 without a token, 401 with a bad one, 403 for users and moderators", async (method, path, body) => {
    const none = await api.call(method, path, { body });
    expect([none.status, none.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
    const bad = await api.call(method, path, { body, token: "garbage" });
    expect([bad.status, bad.body.errcode]).toEqual([401, "M_UNKNOWN_TOKEN"]);
    for (const token of [alice.token, moderator.token]) {
      const res = await api.call(method, path, { body, token });
      expect([res.status, res.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
    }
  });

  it("rejects malformed queries and bodies", async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ["GET", `${BASE}/rooms?limit=0`, undefined, 400, "M_INVALID_PARAM"],
      ["GET", `${BASE}/rooms?limit=abc`, undefined, 400, "M_INVALID_PARAM"],
      ["GET", `${BASE}/jobs?last_runs=-1`, undefined, 400, "M_INVALID_PARAM"],
      ["GET", `${BASE}/forecast`, undefined, 400, "M_INVALID_PARAM"],
      ["GET", `${BASE}/forecast?job=a&room_id=!a:test`, undefined, 400, "M_INVALID_PARAM"],
      ["GET", `${BASE}/forecast?room_id=nope`, undefined, 400, "M_INVALID_PARAM"],
      ["POST", `${BASE}/run`, "{not json", 400, "M_NOT_JSON"],
      ["POST", `${BASE}/run`, [1], 400, "M_BAD_JSON"],
      ["POST", `${BASE}/run`, { room_id: 5 }, 400, "M_BAD_JSON"],
      ["POST", `${BASE}/run`, {}, 400, "M_BAD_JSON"],
    ];
    for (const [method, path, body, status, errcode] of cases) {
      const res = await api.call(method, path, { body, token: admin.token });
      expect([path, res.status, res.body.errcode]).toEqual([path, status, errcode]);
    }
  });

  it("answers 404 for an unknown job or room", async () => {
    const job = await api.get(`${BASE}/forecast`, { token: admin.token, query: { job: "job:nope" } });
    expect([job.status, job.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
    const rooms = await api.get(`${BASE}/rooms`, { token: admin.token, query: { job: "job:nope" } });
    expect([rooms.status, rooms.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
    const room = await api.get(`${BASE}/forecast`, { token: admin.token, query: { room_id: "!missing:test" } });
    expect([room.status, room.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
    const run = await api.post(`${BASE}/run`, { room_id: "!missing:test" }, { token: operator.token });
    expect([run.status, run.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
  });
});

describe("retention schedule API", () => {
  it("GET jobs: ranges, interval, include_null, next run and the uncovered range", async () => {
    const res = await api.get(`${BASE}/jobs`, { token: operator.token });
    expect(res.status).toBe(200);
    const jobs = res.body.jobs as Array<Record<string, unknown>>;
    expect(jobs.map((j) => [j.key, j.shortest_max_lifetime, j.longest_max_lifetime, j.interval, j.include_null])).toEqual([
      ["job:*..2d/12h", null, 2 * DAY, DAY / 2, false],
      ["job:2d..1w/1d", 2 * DAY, 7 * DAY, DAY, true],
    ]);
    const now = api.app.clock.now();
    const next = jobs[0]?.next_run as { planned_ts: number; planned: boolean };
    expect(next.planned).toBe(false); // no service started in this test: computed, not yet stored
    expect(next.planned_ts).toBe((Math.floor(now / (DAY / 2)) + 1) * (DAY / 2));
    expect(res.body.uncovered).toEqual([{ from: 7 * DAY, to: null }]);
    expect(res.body.allowed_lifetime).toEqual({ min: DAY, max: 30 * DAY });
  });

  it("GET rooms: effective policy, clamp and covering job, paged", async () => {
    const first = await api.get(`${BASE}/rooms`, { token: admin.token, query: { limit: 1 } });
    expect(first.status).toBe(200);
    const page1 = first.body.rooms as Array<Record<string, unknown>>;
    expect(page1).toHaveLength(1);
    expect(first.body.next_from).toBe(page1[0]?.room_id);
    const second = await api.get(`${BASE}/rooms`, { token: admin.token, query: { limit: 5, from: String(first.body.next_from) } });
    expect(second.body.next_from).toBeNull();
    const all = [...page1, ...(second.body.rooms as Array<Record<string, unknown>>)];
    expect(all).toHaveLength(2);
    const short = all.find((r) => r.room_id === shortRoom);
    expect(short).toMatchObject({
      room: { max_lifetime: 12 * 3_600_000 },
      default: { max_lifetime: 3 * DAY },
      effective: { max_lifetime: 12 * 3_600_000, source: { max_lifetime: "room" } },
      purge_max_lifetime: DAY,
      clamped: true,
      job: "job:*..2d/12h",
    });
    const other = all.find((r) => r.room_id !== shortRoom);
    expect(other).toMatchObject({ room: null, effective: { max_lifetime: 3 * DAY, source: { max_lifetime: "default" } }, clamped: false, job: "job:2d..1w/1d" });
    const byJob = await api.get(`${BASE}/rooms`, { token: admin.token, query: { job: "job:*..2d/12h" } });
    expect((byJob.body.rooms as Array<{ room_id: string }>).map((r) => r.room_id)).toEqual([shortRoom]);
  });

  it("GET forecast for one room now, and for a job's next run, agree with what the purge deletes", async () => {
    const room = await api.get(`${BASE}/forecast`, { token: operator.token, query: { room_id: shortRoom } });
    expect(room.status).toBe(200);
    expect(room.body.cutoff).toBe(api.app.clock.now() - DAY);
    const preview = room.body.preview as { delete: { total: number; local: number }; keep: { state_events: number } };
    expect(preview.delete).toMatchObject({ total: 1, local: 1 });
    const job = await api.get(`${BASE}/forecast`, { token: operator.token, query: { job: "job:*..2d/12h" } });
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ rooms_selected: 1, rooms_with_deletions: 1, events: { total: 1, local: 1, remote: 0 } });
    expect((job.body.top_rooms as Array<{ room_id: string }>)[0]?.room_id).toBe(shortRoom);
  });

  it("POST run: schedules a retention_purge task for the room, audit logged", async () => {
    const res = await api.post(`${BASE}/run`, { room_id: shortRoom }, { token: operator.token });
    expect(res.status).toBe(200);
    const taskId = String(res.body.task_id);
    const task = await getTask(ctx, taskId);
    expect(task).toMatchObject({ action: "retention_purge", status: "scheduled", resourceId: shortRoom, actor: operator.userId });
    const audit = await auditOf(taskId);
    expect(audit).toMatchObject({ action: "retention_purge", actor: operator.userId, roomId: shortRoom, status: "requested" });
    const run = await getRun(ctx, String(res.body.run_id));
    expect(run).toMatchObject({ roomId: shortRoom, status: "scheduled", taskId });
    expect(await storedEvent(oldMessage)).toMatchObject({ event_id: oldMessage });
    // Running it deletes what the forecast announced: the old message, nothing else.
    const scheduler = createTaskScheduler(api.app, { listen: false });
    registerRetentionTasks(scheduler);
    await scheduler.tick();
    await scheduler.idle();
    await scheduler.settle();
    const done = await getRun(ctx, String(res.body.run_id));
    expect(done).toMatchObject({ status: "complete", roomsExamined: 1, roomsPurged: 1, eventsDeleted: 1 });
    await expect(storedEvent(oldMessage)).rejects.toMatchObject({ errcode: "M_NOT_FOUND" });
    const finished = await auditOf(taskId);
    expect(finished?.status).toBe("ok");
  });
});
