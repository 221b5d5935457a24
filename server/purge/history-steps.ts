import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";
import { MatrixError } from "../errors";
import { pruneContent } from "../events/redaction";
import { deletableSql } from "./purge-point";
import type { PurgeProgress } from "./progress";
import { deleteEventsWithSideRows, idsParam } from "./event-rows";

export { EVENT_SIDE_TABLES } from "./event-rows";

export interface HistoryPurgeJob {
  roomId: string;
  /** Events strictly below this depth are candidates (§4.4). */
  depth: number;
  deleteLocalEvents: boolean;
}


const count = (rows: { count: number }) => Number(rows.count);

/** Serialises with event writes (persistEvents locks the same row first), so no deadlock is possible. */
export async function lockRoomRow(tx: DbHandle, roomId: string): Promise<{ roomVersion: string } | null> {
  const rows = await tx.execute<{ room_version: string }>(sql`select room_version from rooms where room_id = ${roomId} for update`);
  const row = rows[0];
  return row ? { roomVersion: row.room_version } : null;
}

/**
 * §4.4 steps 1–4 (safety check, totals, new backward extremities), walked over the candidates in
 * purge order one chunk per transaction, so that a large room shows progress during this step too
 * (one statement over 500,000 candidates took over ten seconds). The first chunk checks and clears
 * the room's backward extremities; each chunk adds its deletable events to `total` and marks its
 * candidates that an event outside the candidate set points at. `cursor` is the walk's position;
 * the delete phase starts again from the beginning. Events arriving meanwhile are handled as during
 * the batches (the finish step's pass).
 */
export async function prepareChunk(tx: DbHandle, job: HistoryPurgeJob, progress: PurgeProgress, chunkSize: number): Promise<PurgeProgress> {
  const { roomId, depth } = job;
  await lockRoomRow(tx, roomId);
  const first = progress.cursor === null;
  if (first) await checkForwardExtremities(tx, job);
  const after = progress.cursor ? sql`and (e.depth, e.stream_ordering) > (${progress.cursor[0]}, ${progress.cursor[1]})` : sql``;
  const del = deletableSql("e", job.deleteLocalEvents);
  const rows = await tx.execute<{ event_id: string; depth: number; stream_ordering: number; deletable: boolean }>(sql`
    select e.event_id, e.depth, e.stream_ordering, ${del} as deletable from events e
    where e.room_id = ${roomId} and e.depth < ${depth} and (not e.outlier or ${del}) ${after}
    order by e.depth, e.stream_ordering limit ${chunkSize}`);
  if (first && rows.length === 0) return { ...progress, phase: "done", total: 0 };
  let next = progress;
  if (first) {
    const [stream] = await tx.execute<{ max: number | null }>(sql`select max(stream_ordering) as max from events where room_id = ${roomId}`);
    await tx.execute(sql`delete from event_backward_extremities where room_id = ${roomId}`);
    next = { ...next, total: 0, max_stream: stream?.max === null || stream?.max === undefined ? null : Number(stream.max) };
  }
  const delC = deletableSql("c", job.deleteLocalEvents);
  // Candidates (deleted or kept) that an event outside the candidate set points at.
  if (rows.length > 0) {
    await tx.execute(sql`
      insert into event_backward_extremities (room_id, event_id)
      select distinct ${roomId}, ee.prev_event_id
      from event_edges ee join events c on c.event_id = ee.event_id
      where ee.prev_event_id = any(${idsParam(rows.map((r) => r.event_id))})
        and not (c.depth < ${depth} and (not c.outlier or ${delC}))
      on conflict do nothing`);
  }
  const total = next.total + rows.filter((r) => r.deletable).length;
  const last = rows.length === chunkSize ? rows[rows.length - 1] : undefined;
  if (last) return { ...next, phase: "prepare", total, cursor: [Number(last.depth), Number(last.stream_ordering)] };
  return { ...next, phase: "delete", total, cursor: null };
}

async function checkForwardExtremities(tx: DbHandle, job: HistoryPurgeJob): Promise<void> {
  const [ext] = await tx.execute<{ max: number | null }>(sql`
    select max(e.depth) as max from event_forward_extremities f join events e on e.event_id = f.event_id
    where f.room_id = ${job.roomId}`);
  if (ext && ext.max !== null && Number(ext.max) < job.depth) {
    throw new MatrixError("M_UNKNOWN", "topological_ordering is greater than forward extremities");
  }
}

/**
 * One batch, oldest first: the next `batchSize` events below the purge depth are handled in one
 * transaction — deletable ones deleted with every side row, kept ones marked outlier — so at any
 * moment the live events of the room are a suffix of what they were: a page is never half-purged.
 * The batch is read once, with the rooms row locked (no event of the room can arrive meanwhile),
 * and then addressed by event id, so every statement is an index probe per event.
 */
export async function purgeBatch(tx: DbHandle, job: HistoryPurgeJob, progress: PurgeProgress, batchSize: number): Promise<PurgeProgress> {
  const { roomId, depth } = job;
  const room = await lockRoomRow(tx, roomId);
  const after = progress.cursor ? sql`and (e.depth, e.stream_ordering) > (${progress.cursor[0]}, ${progress.cursor[1]})` : sql``;
  const del = deletableSql("e", job.deleteLocalEvents);
  const rows = await tx.execute<{ event_id: string; depth: number; stream_ordering: number; deletable: boolean; outlier: boolean }>(sql`
    select e.event_id, e.depth, e.stream_ordering, ${del} as deletable, e.outlier from events e
    where e.room_id = ${roomId} and e.depth < ${depth} ${after}
    order by e.depth, e.stream_ordering limit ${batchSize}`);
  const doomed = rows.filter((r) => r.deletable).map((r) => r.event_id);
  const kept = rows.filter((r) => !r.deletable && !r.outlier).map((r) => r.event_id);
  if (room && doomed.length > 0) await pruneSurvivingTargets(tx, doomed, room.roomVersion);
  const deleted = await deleteEventsWithSideRows(tx, doomed);
  const demoted = kept.length === 0 ? 0 : count(await tx.execute(sql`update events set outlier = true where event_id = any(${idsParam(kept)})`));
  if (deleted > 0) {
    await tx.execute(sql`update rooms set event_count = greatest(event_count - ${deleted}, 0) where room_id = ${roomId}`);
  }
  // A full batch: more may follow (the cursor is its last event). A short one was the last.
  const last = rows.length === batchSize ? rows[rows.length - 1] : undefined;
  return {
    ...progress,
    phase: last ? "delete" : "finish",
    deleted: progress.deleted + deleted,
    demoted: progress.demoted + demoted,
    cursor: last ? [Number(last.depth), Number(last.stream_ordering)] : progress.cursor,
  };
}

/**
 * A purged redaction must not un-redact what it redacted: the surviving target keeps redacted_by
 * (a tombstone) and its content is pruned for good, so nothing depends on the deleted event.
 */
async function pruneSurvivingTargets(tx: DbHandle, doomed: string[], roomVersion: string): Promise<void> {
  const list = idsParam(doomed);
  const targets = await tx.execute<{ event_id: string; type: string; content: Record<string, unknown> }>(sql`
    select t.event_id, t.type, t.content from redactions r
    join events t on t.event_id = r.redacts and t.redacted_by = r.event_id
    where r.event_id = any(${list}) and not (t.event_id = any(${list}))`);
  for (const target of targets) {
    const pruned = pruneContent(target.type, target.content, roomVersion);
    await tx.execute(sql`update events set content = ${JSON.stringify(pruned)}::jsonb where event_id = ${target.event_id}`);
  }
}

/** Backward extremities for events that arrived during the purge, and min_depth (§4.4 step 8). */
export async function finishPurge(tx: DbHandle, job: HistoryPurgeJob, progress: PurgeProgress): Promise<PurgeProgress> {
  const { roomId } = job;
  await lockRoomRow(tx, roomId);
  if (progress.max_stream !== null) {
    await tx.execute(sql`
      insert into event_backward_extremities (room_id, event_id)
      select distinct ${roomId}, ee.prev_event_id
      from events c join event_edges ee on ee.event_id = c.event_id
      where c.room_id = ${roomId} and c.stream_ordering > ${progress.max_stream}
        and not exists (select 1 from events p where p.event_id = ee.prev_event_id)
      on conflict do nothing`);
  }
  await tx.execute(sql`
    update rooms set min_depth = (
      select coalesce(min(c.depth), 0)
      from event_backward_extremities b
      join event_edges ee on ee.prev_event_id = b.event_id
      join events c on c.event_id = ee.event_id
      where b.room_id = ${roomId} and c.room_id = ${roomId})
    where room_id = ${roomId}`);
  return { ...progress, phase: "done" };
}
