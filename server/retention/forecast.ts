import { eq, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { isMatrixError, notFound } from "../errors";
import { previewPurge, type PurgePreview } from "../purge/preview-purge";
import { deletableSql } from "../purge/purge-point";
import { streamAt } from "./boundary";
import { describeRoomRetention, type RoomRetention } from "./describe-room-retention";
import { hasBounds, purgeJobsOf, purgeMaxLifetime, type PurgeJob } from "./jobs";
import { pendingRun } from "./runs";
import { nextPlannedRun } from "./schedule";
import { rangeCondition, selectionSql } from "./select-rooms";

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

const TOP = 20;
/** Stands for "no stored max_lifetime" in the value list (lifetimes are never negative). */
const NO_STORED_MAX = -1;

/**
 * What the job's next run would delete if nothing changed until then: per room the boundary for
 * cutoff = run time − clamped max_lifetime, then the events a purge with delete_local_events would
 * delete (the purge domain's own should_delete rule). One statement for the whole job: the job's
 * selection, each room's clamped max and stream position from a small value list, an early skip of
 * rooms that cannot hold a message (rooms.event_count no larger than the room's current state: every
 * event counted there is then a state event, and state is never purged), and the boundary and count
 * probes only for the rooms left. Only rooms with deletions come back.
 */
export async function forecastJob(ctx: Ctx, jobKey: string): Promise<JobForecast> {
  const retention = ctx.config.retention;
  const job = retention.enabled ? purgeJobsOf(retention).find((j) => j.key === jobKey) : undefined;
  if (!job) throw notFound(`No purge job ${jobKey}`);
  const pending = await pendingRun(ctx, job.key);
  const at = pending?.status === "scheduled" ? Math.max(pending.plannedTs, ctx.clock.now()) : nextPlannedRun(job.interval, ctx.clock.now());
  const forecast: JobForecast = { job: job.key, at, rooms_selected: 0, rooms_with_deletions: 0, events: { total: 0, local: 0, remote: 0 }, top_rooms: [] };
  const lifetimes = await lifetimeValues(ctx, job, at);
  const rows = await ctx.db.execute<{ room_id: string | null; n: number; local: number; max: number | null }>(sql`
    with sel as materialized (${selectionSql(ctx, job)}),
    busy as materialized (
      select s.room_id, s.max_lifetime from sel s join rooms r on r.room_id = s.room_id
      where r.event_count > (select count(*) from current_state cs where cs.room_id = s.room_id)
    ),
    candidates as (
      select b.room_id, m.max, m.stream from busy b
      join (values ${lifetimes}) as m(stored, max, stream) on m.stored = coalesce(b.max_lifetime, ${NO_STORED_MAX})
    )
    select null::text as room_id, (select count(*) from sel)::int as n, 0 as local, null::bigint as max
    union all
    select k.room_id, c.n, c.local, k.max from candidates k
    cross join lateral (
      select e.depth from events e
      where e.room_id = k.room_id and e.stream_ordering <= k.stream and not e.outlier and e.rejection_reason is null
      order by e.stream_ordering desc limit 1
    ) b
    cross join lateral (
      select count(*)::int as n, (count(*) filter (where e.is_local))::int as local
      from events e where e.room_id = k.room_id and e.depth < b.depth and ${deletableSql("e", true)}
    ) c where c.n > 0`);
  for (const row of rows) {
    if (row.room_id === null) forecast.rooms_selected = Number(row.n);
    else addRoom(forecast, row.room_id, Number(row.n), Number(row.local), Number(row.max), at);
  }
  forecast.top_rooms.sort((a, b) => b.events - a.events || a.room_id.localeCompare(b.room_id));
  forecast.top_rooms = forecast.top_rooms.slice(0, TOP);
  return forecast;
}

/**
 * `(stored, clamped max, stream position of the cutoff)` for every stored max_lifetime the job can
 * meet (a superset: older policy rows too) and for "none stored": the few distinct lifetimes, each
 * with one global stream search, instead of a search or a probe per room.
 */
async function lifetimeValues(ctx: Ctx, job: PurgeJob, at: number): Promise<SQL> {
  const stored = await ctx.db.execute<{ max_lifetime: number | null }>(sql`
    select distinct rr.max_lifetime from room_retention rr where ${hasBounds(job) ? sql`rr.max_lifetime is not null and ${rangeCondition(job)}` : sql`true`}`);
  const values = new Set<number>([NO_STORED_MAX, ...stored.map((r) => (r.max_lifetime === null ? NO_STORED_MAX : Number(r.max_lifetime)))]);
  const memo = new Map<number, number>();
  const rows: SQL[] = [];
  for (const value of values) {
    const max = purgeMaxLifetime(value === NO_STORED_MAX ? null : value, ctx.config.retention);
    if (max === null) continue;
    rows.push(sql`(${value}::bigint, ${max}::bigint, ${await streamAt(ctx, at - max, memo)}::bigint)`);
  }
  // A row that can match nothing keeps the statement valid when no lifetime applies.
  if (rows.length === 0) rows.push(sql`(${NO_STORED_MAX - 1}::bigint, 0::bigint, 0::bigint)`);
  return sql.join(rows, sql`, `);
}

function addRoom(forecast: JobForecast, roomId: string, n: number, local: number, max: number, at: number): void {
  forecast.rooms_with_deletions += 1;
  forecast.events.total += n;
  forecast.events.local += local;
  forecast.events.remote += n - local;
  forecast.top_rooms.push({ room_id: roomId, events: n, max_lifetime: max, cutoff: at - max });
  if (forecast.top_rooms.length > TOP * 4) {
    forecast.top_rooms.sort((a, b) => b.events - a.events);
    forecast.top_rooms.length = TOP;
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
