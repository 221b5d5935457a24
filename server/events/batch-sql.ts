import { sql, type SQL } from "drizzle-orm";
import type * as t from "../db/schema";
import type { Send } from "./event-tx";

// The statements of the event write path. Each passes its rows as ONE jsonb parameter and expands
// it with jsonb_to_recordset, so the statement text never depends on the batch size: postgres.js
// prepares it once per connection (no Parse/Describe round trip per new row count, no unbounded
// statement cache) and no Node time goes into building tens of thousands of bind parameters.
// Id lists are `= any(array(...))` and events are looked up per row (scalar subqueries) so the
// plans are index probes whatever the statistics say: a prepared statement may keep a generic plan
// made while a table was small (a hash join over a sequential scan of events grows with the table).

type StoredEvent = t.EventRow;

// Every row carries its room: one statement writes the batches of several rooms (group commit).
export interface SideRows {
  edges: Array<{ event_id: string; prev_event_id: string; room_id: string }>;
  relations: Array<{ event_id: string; relates_to_id: string; rel_type: string; aggregation_key: string | null; room_id: string }>;
  labels: Array<{ event_id: string; label: string; room_id: string }>;
  redactions: Array<{ event_id: string; redacts: string; room_id: string }>;
  retention: Array<{ event_id: string; min_lifetime: number | null; max_lifetime: number | null; room_id: string }>;
  txns: Array<{ event_id: string; user_id: string; device_id: string; txn_id: string; inserted_ts: number; room_id: string }>;
  memberships: Array<{ event_id: string; user_id: string; sender: string; membership: string; is_local: boolean; depth: number; stream_ordering: number; room_id: string }>;
  stateHistory: Array<{ event_id: string; type: string; state_key: string; depth: number; stream_ordering: number; room_id: string }>;
}

export const emptySideRows = (): SideRows => ({ edges: [], relations: [], labels: [], redactions: [], retention: [], txns: [], memberships: [], stateHistory: [] });

export interface RoomUpdate {
  room_id: string;
  count: number;
  now: number;
  max_depth: number;
  min_depth: number;
}

/** Forward extremities: `parents` (of live events) stop being tips, `tips` (live events without a child in the batch) become ones. */
export interface ExtremityChange {
  parents: Array<{ room_id: string; event_id: string }>;
  tips: Array<{ room_id: string; event_id: string }>;
}

const json = (value: unknown) => JSON.stringify(value);

/** The relation types that pages bundle (synapse-behaviour.md §2.11); annotations are counted apart. */
const BUNDLED_REL_TYPES = ["m.reference", "m.replace", "m.thread"];
const BUNDLED_REL_TYPES_SQL = sql.raw(BUNDLED_REL_TYPES.map((t) => `'${t}'`).join(", "));

/** Events of the batch that a bundled relation of the batch points at, and such targets stored earlier. */
function bundledTargets(events: StoredEvent[], relations: SideRows["relations"]): { inBatch: Set<string>; earlier: string[] } {
  const ids = new Set(events.map((e) => e.eventId));
  const targets = new Set(relations.filter((r) => BUNDLED_REL_TYPES.includes(r.rel_type)).map((r) => r.relates_to_id));
  return { inBatch: new Set([...targets].filter((id) => ids.has(id))), earlier: [...targets].filter((id) => !ids.has(id)) };
}

function eventRecord(e: StoredEvent, hasBundledRelations: boolean) {
  return {
    event_id: e.eventId,
    room_id: e.roomId,
    stream_ordering: e.streamOrdering,
    depth: e.depth,
    type: e.type,
    state_key: e.stateKey,
    sender: e.sender,
    content: e.content,
    prev_events: e.prevEvents,
    origin_server_ts: e.originServerTs,
    received_ts: e.receivedTs,
    is_local: e.isLocal,
    outlier: e.outlier,
    rejection_reason: e.rejectionReason,
    soft_failed: e.softFailed,
    contains_url: e.containsUrl,
    has_bundled_relations: hasBundledRelations,
  };
}

/**
 * The events, their side rows, the forward extremities and the room counters of any number of
 * rooms in one statement. Foreign keys to events are checked at the end of the statement, so side
 * rows may refer to events inserted by a sibling CTE. (Nothing here reads what a sibling writes:
 * they share one snapshot.) Side tables without rows are left out of the statement: each insert
 * costs its executor start (the table and its indexes opened and locked) even with no rows, and a
 * message batch has rows for three of the eight. The text then depends only on which tables have
 * rows, so it still has few variants, each prepared once per connection.
 */
export async function insertBatch(send: Send, events: StoredEvent[], side: SideRows, rooms: RoomUpdate[], extremities: ExtremityChange): Promise<void> {
  const bundled = bundledTargets(events, side.relations);
  const parts: SQL[] = [
    sql`ev as (
      insert into events (event_id, room_id, stream_ordering, depth, type, state_key, sender, content, prev_events,
        origin_server_ts, received_ts, is_local, outlier, rejection_reason, soft_failed, contains_url, has_bundled_relations)
      select event_id, room_id, stream_ordering, depth, type, state_key, sender, content, prev_events,
        origin_server_ts, received_ts, is_local, outlier, rejection_reason, soft_failed, contains_url, has_bundled_relations
      from jsonb_to_recordset(${json(events.map((e) => eventRecord(e, bundled.inBatch.has(e.eventId))))}::jsonb) as x(event_id text, room_id text,
        stream_ordering bigint, depth bigint, type text, state_key text, sender text, content jsonb, prev_events jsonb, origin_server_ts bigint,
        received_ts bigint, is_local boolean, outlier boolean, rejection_reason text, soft_failed boolean, contains_url boolean,
        has_bundled_relations boolean)
    )`,
  ];
  const add = (rows: unknown[], part: (rows: string) => SQL) => {
    if (rows.length > 0) parts.push(part(json(rows)));
  };
  // Targets stored by earlier batches (a sibling CTE cannot update the rows that ev inserts: those
  // got the flag above).
  add(bundled.earlier, (ids) => sql`bundled as (
      update events set has_bundled_relations = true
      where event_id = any(array(select jsonb_array_elements_text(${ids}::jsonb))) and not has_bundled_relations
    )`);
  add(side.edges, (rows) => sql`edges as (
      insert into event_edges (event_id, prev_event_id, room_id)
      select event_id, prev_event_id, room_id from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, prev_event_id text, room_id text)
      on conflict do nothing
    )`);
  add(side.relations, (rows) => sql`rel as (
      insert into event_relations (event_id, relates_to_id, rel_type, aggregation_key, room_id)
      select event_id, relates_to_id, rel_type, aggregation_key, room_id
      from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, relates_to_id text, rel_type text, aggregation_key text, room_id text)
    )`);
  add(side.labels, (rows) => sql`lab as (
      insert into event_labels (event_id, label, room_id)
      select event_id, label, room_id from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, label text, room_id text)
    )`);
  add(side.redactions, (rows) => sql`red as (
      insert into redactions (event_id, redacts, room_id)
      select event_id, redacts, room_id from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, redacts text, room_id text)
    )`);
  add(side.retention, (rows) => sql`ret as (
      insert into room_retention (room_id, event_id, min_lifetime, max_lifetime)
      select room_id, event_id, min_lifetime, max_lifetime
      from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, min_lifetime bigint, max_lifetime bigint, room_id text)
    )`);
  add(side.txns, (rows) => sql`txn as (
      insert into event_txn_ids (event_id, room_id, user_id, device_id, txn_id, inserted_ts)
      select event_id, room_id, user_id, device_id, txn_id, inserted_ts
      from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, user_id text, device_id text, txn_id text, inserted_ts bigint, room_id text)
    )`);
  add(side.memberships, (rows) => sql`mem as (
      insert into room_memberships (event_id, room_id, user_id, sender, membership, is_local, depth, stream_ordering)
      select event_id, room_id, user_id, sender, membership, is_local, depth, stream_ordering
      from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, user_id text, sender text, membership text,
        is_local boolean, depth bigint, stream_ordering bigint, room_id text)
    )`);
  add(side.stateHistory, (rows) => sql`hist as (
      insert into room_state_history (event_id, room_id, type, state_key, depth, stream_ordering)
      select event_id, room_id, type, state_key, depth, stream_ordering
      from jsonb_to_recordset(${rows}::jsonb) as x(event_id text, type text, state_key text, depth bigint, stream_ordering bigint, room_id text)
    )`);
  add(extremities.parents, (rows) => sql`fwd_old as (
      delete from event_forward_extremities f
      using jsonb_to_recordset(${rows}::jsonb) as x(room_id text, event_id text)
      where f.room_id = x.room_id and f.event_id = x.event_id
    )`);
  add(extremities.tips, (rows) => sql`fwd_new as (
      insert into event_forward_extremities (event_id, room_id)
      select event_id, room_id from jsonb_to_recordset(${rows}::jsonb) as x(room_id text, event_id text)
      on conflict do nothing
    )`);
  await send(sql`
    with ${sql.join(parts, sql`,\n`)}
    update rooms set
      event_count = rooms.event_count + x.count,
      last_activity_ts = x.now,
      max_depth = greatest(rooms.max_depth, x.max_depth),
      min_depth = coalesce(rooms.min_depth, x.min_depth)
    from jsonb_to_recordset(${json(rooms)}::jsonb) as x(room_id text, count bigint, now bigint, max_depth bigint, min_depth bigint)
    where rooms.room_id = x.room_id`);
}

/**
 * Current state: later events of the batch win; an imported event on a shallower branch does not
 * replace deeper state. A statement of its own because it reads the depths of the events just written.
 */
export async function upsertCurrentState(send: Send, latest: StoredEvent[]): Promise<void> {
  if (latest.length === 0) return;
  const rows = latest.map((e) => ({
    room_id: e.roomId,
    type: e.type,
    state_key: e.stateKey ?? "",
    event_id: e.eventId,
    membership: e.type === "m.room.member" ? String(e.content.membership ?? "leave") : null,
  }));
  await send(sql`
    insert into current_state (room_id, type, state_key, event_id, membership)
    select room_id, type, state_key, event_id, membership
    from jsonb_to_recordset(${json(rows)}::jsonb) as x(room_id text, type text, state_key text, event_id text, membership text)
    on conflict (room_id, type, state_key) do update
      set event_id = excluded.event_id, membership = excluded.membership
      where (select depth from events where event_id = current_state.event_id)
         <= (select depth from events where event_id = excluded.event_id)`);
}

/**
 * Redactions in this batch redact earlier events; events in this batch may also have been redacted
 * before they arrived (imports). Redactions of m.room.create are ignored.
 */
export async function applyRedactions(send: Send, roomId: string, eventIds: string[]): Promise<void> {
  // One room per statement: with the room as a plain parameter the plan starts from the room's
  // redactions (1 ms for a seed batch of 2,000 events; a list of rooms made it 100 ms).
  await send(sql`
    with batch as (select jsonb_array_elements_text(${json(eventIds)}::jsonb) as event_id)
    update events set redacted_by = r.event_id
    from redactions r
    where r.room_id = ${roomId}
      and events.event_id = r.redacts
      and events.room_id = ${roomId}
      and events.redacted_by is null
      and events.type <> 'm.room.create'
      and (r.event_id in (select event_id from batch) or events.event_id in (select event_id from batch))`);
}

/**
 * Events with given ids (imports) may arrive after relations that point at them: flag those. A
 * fresh random id cannot have been related to before it existed, so sends never need this.
 */
export async function flagRelatedEvents(send: Send, eventIds: string[]): Promise<void> {
  await send(sql`
    update events e set has_bundled_relations = true
    where e.event_id = any(array(select jsonb_array_elements_text(${json(eventIds)}::jsonb))) and not e.has_bundled_relations
      and exists (select 1 from event_relations r where r.relates_to_id = e.event_id and r.rel_type in (${BUNDLED_REL_TYPES_SQL}))`);
}

/**
 * Takes the rooms' row locks (writers of one room are serialised) in room id order, so two
 * transactions locking several rooms cannot deadlock; answers the rooms that exist.
 */
export async function lockRooms(send: Send, roomIds: string[]): Promise<Set<string>> {
  const rows = await send<{ room_id: string }>(sql`
    select room_id from rooms where room_id = any(array(select jsonb_array_elements_text(${json(roomIds)}::jsonb)))
    order by room_id for update`);
  return new Set(rows.map((r) => r.room_id));
}

export async function nextStreamOrderings(send: Send, count: number): Promise<number[]> {
  const result = await send<{ n: number }>(sql`select nextval('events_stream_seq') as n from generate_series(1, ${count}::int) order by 1`);
  return result.map((r) => Number(r.n));
}

export interface Placement {
  eventId: string;
  roomId: string;
  depth: number;
}

/** The depths of the given events (explicit prev_events of imports); the caller keeps those of the right room. */
export async function depthsOf(send: Send, eventIds: string[]): Promise<Placement[]> {
  if (eventIds.length === 0) return [];
  const rows = await send<{ event_id: string; room_id: string; depth: number }>(sql`
    select event_id, room_id, depth from events where event_id = any(array(select jsonb_array_elements_text(${json(eventIds)}::jsonb)))`);
  return rows.map((r) => ({ eventId: r.event_id, roomId: r.room_id, depth: Number(r.depth) }));
}

/** The rooms' forward extremities with their depths. */
export async function forwardExtremityDepths(send: Send, roomIds: string[]): Promise<Placement[]> {
  if (roomIds.length === 0) return [];
  const rows = await send<{ event_id: string; room_id: string; depth: number }>(sql`
    select f.event_id, f.room_id, (select e.depth from events e where e.event_id = f.event_id) as depth
    from event_forward_extremities f
    where f.room_id = any(array(select jsonb_array_elements_text(${json(roomIds)}::jsonb)))`);
  return rows.map((r) => ({ eventId: r.event_id, roomId: r.room_id, depth: Number(r.depth) }));
}

/** redacted_by of those of the given events that are redacted. */
export async function redactedBy(send: Send, eventIds: string[]): Promise<Map<string, string>> {
  const rows = await send<{ event_id: string; redacted_by: string }>(sql`
    select event_id, redacted_by from events
    where event_id = any(array(select jsonb_array_elements_text(${json(eventIds)}::jsonb))) and redacted_by is not null`);
  return new Map(rows.map((r) => [r.event_id, r.redacted_by]));
}
