import { describe, expect, it } from "vitest";
import { createTestApi } from "../testing";
import { persistEvents, type StoredEvent } from "@/server/events";
import { paginateRoom } from "@/server/pagination";
import { registerPurgeActions, formatPurgeToken, isWaitingForRoomLock, PURGE_HISTORY_ACTION } from "@/server/purge";
import { orphanStateRows, roomCounters, shiftEventDepth, storedEvent } from "@/server/purge/testing/inspect";
import { PURGE_PAGINATION_LOCK, acquireLocks } from "@/server/locks";
import { cancelTask, createTaskScheduler, getTask, getTasks, scheduleTask } from "@/server/tasks";
import { until } from "@/server/tasks/testing";
import { listAudit } from "@/server/audit";
import { getCurrentState } from "@/server/rooms/state";

const api = await createTestApi();
const scheduler = createTaskScheduler(api.app, { listen: false });
registerPurgeActions(scheduler);
await scheduler.start();
const admin = await api.user("admin", { admin: true });
const alice = await api.user("alice");
const ctx = api.app.ctx("system:test");
const REMOTE = "@remote:other.example";

async function drain(): Promise<void> {
  await scheduler.tick();
  await scheduler.settle();
  await scheduler.idle();
  await scheduler.settle();
}

async function newRoom(): Promise<string> {
  const res = await api.post("/_matrix/client/v3/createRoom", {}, { token: alice.token });
  expect(res.status).toBe(200);
  return String(res.body.room_id);
}

let txn = 0;
async function send(roomId: string, body: string): Promise<StoredEvent> {
  const res = await api.put(`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${txn++}`, { msgtype: "m.text", body }, { token: alice.token });
  expect(res.status).toBe(200);
  return eventRow(String(res.body.event_id));
}

async function eventRow(eventId: string): Promise<StoredEvent> {
  const row = await storedEvent(ctx, eventId);
  if (!row) throw new Error(`no event ${eventId}`);
  return row;
}

async function exists(eventId: string): Promise<boolean> {
  return (await storedEvent(ctx, eventId)) !== null;
}

async function purge(roomId: string, body: unknown, eventId?: string) {
  const path = `/_synapse/admin/v1/purge_history/${encodeURIComponent(roomId)}${eventId ? `/${encodeURIComponent(eventId)}` : ""}`;
  return api.post(path, body, { token: admin.token });
}

async function status(purgeId: string) {
  return api.get(`/_synapse/admin/v1/purge_history_status/${purgeId}`, { token: admin.token });
}

describe("POST purge_history: negative cases", () => {
  it("needs a token and a server admin", async () => {
    const roomId = await newRoom();
    expect(await api.post(`/_synapse/admin/v1/purge_history/${roomId}`, {})).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    expect(await api.post(`/_synapse/admin/v1/purge_history/${roomId}`, {}, { token: "nope" })).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN" } });
    expect(await api.post(`/_synapse/admin/v1/purge_history/${roomId}`, {}, { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(`/_synapse/admin/v1/purge_history_status/abc`, { token: alice.token })).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect(await api.get(`/_synapse/admin/v1/purge_history_status/abc`)).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
  });

  it("26: rejects bodies and events Synapse rejects, and schedules nothing", async () => {
    const roomId = await newRoom();
    const other = await newRoom();
    const m = await send(other, "elsewhere");
    const before = (await getTasks(ctx, { actions: [PURGE_HISTORY_ACTION] })).length;
    expect(await purge(roomId, {})).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "must specify purge_up_to_event_id or purge_up_to_ts" } });
    expect(await purge(roomId, "")).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await purge(roomId, { purge_up_to_ts: "1" })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON", error: "purge_up_to_ts must be an int" } });
    expect(await purge(roomId, { purge_up_to_ts: true })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await purge(roomId, { purge_up_to_ts: 1.5 })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await purge(roomId, { purge_up_to_ts: null })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await purge(roomId, { purge_up_to_event_id: 5 })).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await purge(roomId, [1, 2])).toMatchObject({ status: 400, body: { errcode: "M_BAD_JSON" } });
    expect(await purge(roomId, "{not json")).toMatchObject({ status: 400, body: { errcode: "M_NOT_JSON" } });
    expect(await purge(roomId, { purge_up_to_event_id: m.eventId })).toMatchObject({ status: 400, body: { errcode: "M_UNKNOWN", error: "Event is for wrong room." } });
    expect(await purge(roomId, {}, m.eventId)).toMatchObject({ status: 400, body: { error: "Event is for wrong room." } });
    expect(await purge(roomId, {}, "$unknown")).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
    expect(await purge("!nosuchroom:test", { purge_up_to_ts: 0 })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND", error: "there is no event to be purged" } });
    expect((await getTasks(ctx, { actions: [PURGE_HISTORY_ACTION] })).length).toBe(before);
    const { entries } = await listAudit(ctx, { roomId, action: PURGE_HISTORY_ACTION });
    // Ten refusals reach the domain; bodies that are not a JSON object are refused by the HTTP layer first.
    expect(entries.length).toBe(10);
    expect(entries.every((e) => e.status === "failed" && e.actor === admin.userId)).toBe(true);
    expect(entries[0]?.result).toMatchObject({ errcode: "M_NOT_FOUND" });
  });

  it("26: unknown purge ids, and ids of other tasks, are 404", async () => {
    expect(await status("doesnotexist")).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND", error: "purge id 'doesnotexist' not found" } });
    const other = await scheduleTask(ctx, { action: "something_else", timestamp: api.app.clock.now() + 86_400_000 });
    expect(await status(other)).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
  });
});

describe("POST purge_history: acceptance", () => {
  it("24: purge_up_to_ts 0 with local deletion → 200 {purge_id}, then complete (the room holds the first event)", async () => {
    const fresh = await createTestApi();
    const freshScheduler = createTaskScheduler(fresh.app, { listen: false });
    registerPurgeActions(freshScheduler);
    await freshScheduler.start();
    const freshAdmin = await fresh.user("admin", { admin: true });
    const created = await fresh.post("/_matrix/client/v3/createRoom", {}, { token: freshAdmin.token });
    const roomId = String(created.body.room_id);
    const res = await fresh.post(`/_synapse/admin/v1/purge_history/${roomId}`, { delete_local_events: true, purge_up_to_ts: 0 }, { token: freshAdmin.token });
    expect(res.status).toBe(200);
    expect(String(res.body.purge_id)).toMatch(/^[A-Za-z]{16}$/);
    await freshScheduler.tick();
    await freshScheduler.settle();
    await freshScheduler.idle();
    await freshScheduler.settle();
    const done = await fresh.get(`/_synapse/admin/v1/purge_history_status/${String(res.body.purge_id)}`, { token: freshAdmin.token });
    expect(done).toEqual({ status: 200, body: { status: "complete" } });
    await freshScheduler.stop();
  });

  it("purge_up_to_ts 0 in a room created after others finds no event to purge (received_ts maps over all rooms)", async () => {
    const roomId = await newRoom();
    await send(roomId, "hello");
    expect(await purge(roomId, { delete_local_events: true, purge_up_to_ts: 0 })).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });
  });

  it("19 + 3: purge up to message 4 deletes 1–3; /messages from old tokens answers, the purged range is empty", async () => {
    const roomId = await newRoom();
    const [m1, m2, m3, m4] = [await send(roomId, "1"), await send(roomId, "2"), await send(roomId, "3"), await send(roomId, "4")];
    if (!m1 || !m2 || !m3 || !m4) throw new Error("sends failed");
    const filter = { types: ["m.room.message"] };
    const t2 = formatPurgeToken({ depth: m2.depth, stream: m2.streamOrdering });
    const before = await paginateRoom(ctx, { roomId, viewer: { admin: true }, from: t2, dir: "b", filter });
    expect(before.chunk.map((e) => e.event_id)).toEqual([m2.eventId, m1.eventId]);
    const res = await purge(roomId, { delete_local_events: true }, m4.eventId);
    expect(res.status).toBe(200);
    await drain();
    expect(await status(String(res.body.purge_id))).toMatchObject({ body: { status: "complete" } });
    expect([await exists(m1.eventId), await exists(m2.eventId), await exists(m3.eventId), await exists(m4.eventId)]).toEqual([false, false, false, true]);
    const t1 = formatPurgeToken({ depth: m1.depth, stream: m1.streamOrdering });
    expect((await paginateRoom(ctx, { roomId, viewer: { admin: true }, from: t1, dir: "b", filter })).chunk).toEqual([]);
    expect((await paginateRoom(ctx, { roomId, viewer: { admin: true }, from: t2, dir: "b", filter })).chunk).toEqual([]);
    const forward = await paginateRoom(ctx, { roomId, viewer: { admin: true }, from: t1, dir: "f", filter });
    expect(forward.chunk.map((e) => e.event_id)).toEqual([m4.eventId]);
    const room = await roomCounters(ctx, roomId);
    expect(room?.eventCount).toBe(room?.storedEvents);
    expect(room?.minDepth).toBe(m4.depth);
  });

  it("20: a token beyond the forward extremities fails with 'greater than forward', nothing changes", async () => {
    const roomId = await newRoom();
    const sent = [await send(roomId, "1"), await send(roomId, "2"), await send(roomId, "3"), await send(roomId, "4")];
    const m4 = sent[3];
    if (!m4) throw new Error("send failed");
    const token = formatPurgeToken({ depth: m4.depth + 1, stream: m4.streamOrdering + 1 });
    const id = await scheduleTask(api.app.ctx(admin.userId), { action: PURGE_HISTORY_ACTION, resourceId: roomId, params: { token, delete_local_events: true } });
    await drain();
    const res = await status(id);
    expect(res.body).toEqual({ status: "failed", error: "400: topological_ordering is greater than forward extremities" });
    for (const e of sent) expect(await exists(e.eventId)).toBe(true);
  });

  it("fails a task without its parameters as Synapse does", async () => {
    const id = await scheduleTask(ctx, { action: PURGE_HISTORY_ACTION, resourceId: "!x:test", params: { token: "t1-1" } });
    await drain();
    expect((await status(id)).body).toEqual({ status: "failed", error: "Not enough parameters passed to _purge_history" });
  });

  it("23: without delete_local_events a remote message goes, local ones stay (the older one as an outlier)", async () => {
    const roomId = await newRoom();
    const l1 = await send(roomId, "L1");
    const [r] = await persistEvents(ctx, roomId, [{ type: "m.room.message", sender: REMOTE, content: { body: "R" } }]);
    const l2 = await send(roomId, "L2");
    if (!r) throw new Error("persist failed");
    expect(r.depth).toBe(l1.depth + 1);
    const res = await purge(roomId, { purge_up_to_event_id: l2.eventId });
    await drain();
    expect((await status(String(res.body.purge_id))).body).toEqual({ status: "complete" });
    expect(await exists(r.eventId)).toBe(false);
    expect((await eventRow(l1.eventId)).outlier).toBe(true);
    expect((await eventRow(l2.eventId)).outlier).toBe(false);
  });

  it("purge_up_to_ts picks the room's last event received at or before the first one received after ts", async () => {
    const roomId = await newRoom();
    const a = await send(roomId, "a");
    await api.app.clock.advance(60_000);
    const b = await send(roomId, "b");
    await api.app.clock.advance(60_000);
    const c = await send(roomId, "c");
    const res = await purge(roomId, { purge_up_to_ts: b.receivedTs - 1, delete_local_events: true });
    await drain();
    const task = await getTask(ctx, String(res.body.purge_id));
    expect(task?.params).toEqual({ token: formatPurgeToken({ depth: b.depth, stream: b.streamOrdering }), delete_local_events: true });
    expect([await exists(a.eventId), await exists(b.eventId), await exists(c.eventId)]).toEqual([false, true, true]);
  });

  it("the URL's event wins over the body's; any truthy delete_local_events counts", async () => {
    const roomId = await newRoom();
    const [a, b, c] = [await send(roomId, "a"), await send(roomId, "b"), await send(roomId, "c")];
    if (!a || !b || !c) throw new Error("sends failed");
    const res = await purge(roomId, { purge_up_to_event_id: c.eventId, delete_local_events: "yes" }, b.eventId);
    const task = await getTask(ctx, String(res.body.purge_id));
    expect(task?.params).toEqual({ token: formatPurgeToken({ depth: b.depth, stream: b.streamOrdering }), delete_local_events: true });
    await drain();
    expect([await exists(a.eventId), await exists(b.eventId), await exists(c.eventId)]).toEqual([false, true, true]);
  });

  it("21/22 adapted: kept state events still back the room's state; no orphan state rows", async () => {
    const roomId = await newRoom();
    const topics = [];
    for (let i = 1; i <= 4; i++) {
      const res = await api.put(`/_matrix/client/v3/rooms/${roomId}/state/m.room.topic/`, { topic: `S${i}` }, { token: alice.token });
      topics.push(await eventRow(String(res.body.event_id)));
    }
    const s4 = topics[3];
    if (!s4) throw new Error("state failed");
    const stateBefore = (await getCurrentState(ctx, roomId)).map((e) => e.eventId).sort();
    const res = await purge(roomId, { delete_local_events: true }, s4.eventId);
    await drain();
    expect((await status(String(res.body.purge_id))).body).toEqual({ status: "complete" });
    expect((await getCurrentState(ctx, roomId)).map((e) => e.eventId).sort()).toEqual(stateBefore);
    for (const s of topics.slice(0, 3)) expect((await eventRow(s.eventId)).outlier).toBe(true);
    expect(await orphanStateRows(ctx, roomId)).toEqual({ historyWithoutEvent: 0, stateEventsWithoutHistory: 0 });
  });

  it("status is active while the task waits for the room's purge lock; the audit log records request and outcome", async () => {
    const roomId = await newRoom();
    const m = [await send(roomId, "1"), await send(roomId, "2")];
    const held = await acquireLocks(ctx, [{ name: PURGE_PAGINATION_LOCK, key: roomId, write: true }]);
    const res = await purge(roomId, { delete_local_events: true }, m[1]?.eventId);
    const purgeId = String(res.body.purge_id);
    await scheduler.settle();
    expect((await status(purgeId)).body).toEqual({ status: "active" });
    await scheduler.tick();
    // The task says what it waits for (the console shows it); resolved, not thrown, so the lock is always released.
    const saidWaiting = await until(async () => isWaitingForRoomLock((await getTask(ctx, purgeId))?.result)).then(() => true, () => false);
    const keptMeanwhile = await exists(m[0]?.eventId ?? "");
    await held.release();
    expect(saidWaiting).toBe(true);
    expect(keptMeanwhile).toBe(true);
    await drain();
    expect((await status(purgeId)).body).toEqual({ status: "complete" });
    expect(isWaitingForRoomLock((await getTask(ctx, purgeId))?.result)).toBe(false);
    const { entries } = await listAudit(ctx, { roomId, action: PURGE_HISTORY_ACTION });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: admin.userId, status: "ok", taskId: purgeId, result: { phase: "done", deleted: 1, total: 1 } });
  });

  it("a failed purge is audited as failed with its error", async () => {
    const roomId = await newRoom();
    const m = await send(roomId, "1");
    // The forward extremity moves below the purge point after the request was accepted.
    const res = await purge(roomId, { delete_local_events: true }, m.eventId);
    await shiftEventDepth(ctx, m.eventId, -100);
    await drain();
    expect((await status(String(res.body.purge_id))).body).toMatchObject({ status: "failed" });
    const { entries } = await listAudit(ctx, { roomId, action: PURGE_HISTORY_ACTION });
    expect(entries[0]).toMatchObject({ status: "failed", result: { error: "400: topological_ordering is greater than forward extremities" } });
  });

  it("a purge cancelled while it waits for the lock reports active (as Synapse) and deletes nothing", async () => {
    const roomId = await newRoom();
    const m = [await send(roomId, "1"), await send(roomId, "2")];
    const held = await acquireLocks(ctx, [{ name: PURGE_PAGINATION_LOCK, key: roomId, write: true }]);
    const res = await purge(roomId, { delete_local_events: true }, m[1]?.eventId);
    const purgeId = String(res.body.purge_id);
    await scheduler.settle();
    expect(await cancelTask(ctx, purgeId)).toBeTruthy();
    await held.release();
    await drain();
    expect((await getTask(ctx, purgeId))?.status).toBe("cancelled");
    expect((await status(purgeId)).body).toEqual({ status: "active" });
    expect(await exists(m[0]?.eventId ?? "")).toBe(true);
  });
});
