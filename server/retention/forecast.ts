import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { isMatrixError, notFound } from "../errors";
import { previewPurge, type PurgePreview } from "../purge/preview-purge";
import { deletableSql } from "../purge/purge-point";
import { boundaryOf, roomList, streamAt } from "./boundary";
import { describeRoomRetention, type RoomRetention } from "./describe-room-retention";
import { purgeJobsOf, purgeMaxLifetime } from "./jobs";
import { pendingRun } from "./runs";
import { nextPlannedRun } from "./schedule";
import { selectRoomsForJob } from "./select-rooms";

export interface JobForecast {
  job: string;
  /** When the forecast is for: the job's next run. */
  at: number;
  rooms_selected: number;
  /** Rooms with at least one event the run would delete. */
  rooms_with_deletions: number;
  events: { total: number; local: number; remote: number };
  /** The rooms losing the most events, largest first. */
  top_rooms: Array<{ room_id: string; events: number; max_lifetime: number; cutoff: number }>;
}

const CHUNK = 1000;
const TOP = 20;

/**
 * What the job's next run would delete if nothing changed until then: per room the boundary for
 * cutoff = run time − clamped max_lifetime, then the events a purge with delete_local_events would
 * delete (the purge domain's own should_delete rule), counted set-based for all rooms at once.
 */
export async function forecastJob(ctx: Ctx, jobKey: string): Promise<JobForecast> {
  const retention = ctx.config.retention;
  const job = retention.enabled ? purgeJobsOf(retention).find((j) => j.key === jobKey) : undefined;
  if (!job) throw notFound(`No purge job ${jobKey}`);
  const pending = await pendingRun(ctx, job.key);
  const at = pending?.status === "scheduled" ? Math.max(pending.plannedTs, ctx.clock.now()) : nextPlannedRun(job.interval, ctx.clock.now());
  const rooms = await selectRoomsForJob(ctx, job);
  const byMax = new Map<number, string[]>();
  for (const room of rooms) {
    const max = purgeMaxLifetime(room.storedMax, retention);
    if (max === null) continue;
    const group = byMax.get(max);
    if (group) group.push(room.roomId);
    else byMax.set(max, [room.roomId]);
  }
  const forecast: JobForecast = { job: job.key, at, rooms_selected: rooms.length, rooms_with_deletions: 0, events: { total: 0, local: 0, remote: 0 }, top_rooms: [] };
  const memo = new Map<number, number>();
  for (const [max, roomIds] of byMax) {
    const stream = await streamAt(ctx, at - max, memo);
    for (let i = 0; i < roomIds.length; i += CHUNK) {
      await countDeletions(ctx, roomIds.slice(i, i + CHUNK), stream, max, at, forecast);
    }
  }
  forecast.top_rooms.sort((a, b) => b.events - a.events || a.room_id.localeCompare(b.room_id));
  forecast.top_rooms = forecast.top_rooms.slice(0, TOP);
  return forecast;
}

/** One statement per chunk of rooms: each room's boundary, then the deletable events below it. */
async function countDeletions(ctx: Ctx, roomIds: string[], stream: number, max: number, at: number, forecast: JobForecast) {
  const del = deletableSql("e", true);
  const rows = await ctx.db.execute<{ room_id: string; n: number; local: number }>(sql`
    select r.room_id, c.n, c.local
    from ${roomList(roomIds)}
    cross join lateral ${boundaryOf(stream)} b
    cross join lateral (
      select count(*)::int as n, (count(*) filter (where e.is_local))::int as local
      from events e where e.room_id = r.room_id and e.depth < b.depth and ${del}
    ) c where c.n > 0`);
  for (const row of rows) {
    const n = Number(row.n);
    forecast.rooms_with_deletions += 1;
    forecast.events.total += n;
    forecast.events.local += Number(row.local);
    forecast.events.remote += n - Number(row.local);
    forecast.top_rooms.push({ room_id: row.room_id, events: n, max_lifetime: max, cutoff: at - max });
    if (forecast.top_rooms.length > TOP * 4) {
      forecast.top_rooms.sort((a, b) => b.events - a.events);
      forecast.top_rooms.length = TOP;
    }
  }
}

export interface RoomForecast {
  room: RoomRetention;
  at: number;
  cutoff: number | null;
  /** The purge preview for a retention purge of this room now; null when nothing can be purged. */
  preview: PurgePreview | null;
  reason: string | null;
}

/** What a retention purge of one room would delete now (the purge domain's preview). */
export async function forecastRoom(ctx: Ctx, roomId: string): Promise<RoomForecast> {
  const [exists] = await ctx.db.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, roomId)).limit(1);
  if (!exists) throw notFound(`Unknown room ${roomId}`);
  const [room] = await describeRoomRetention(ctx, [roomId]);
  if (!room) throw notFound(`Unknown room ${roomId}`);
  const at = ctx.clock.now();
  if (!room.enabled) return { room, at, cutoff: null, preview: null, reason: "retention is not enabled" };
  if (room.purgeMaxLifetime === null) return { room, at, cutoff: null, preview: null, reason: "the room has no max_lifetime and there is no default" };
  const cutoff = at - room.purgeMaxLifetime;
  try {
    const preview = await previewPurge(ctx, { roomId, ts: cutoff, deleteLocalEvents: true });
    return { room, at, cutoff, preview, reason: null };
  } catch (error) {
    if (isMatrixError(error) && error.errcode === "M_NOT_FOUND") return { room, at, cutoff, preview: null, reason: error.message };
    throw error;
  }
}
