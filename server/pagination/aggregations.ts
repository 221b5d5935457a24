import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { StoredEvent } from "../events";
import { serializeEvent, type SerializeOptions } from "../events/serialize";
import { runSql } from "./run-sql";
import { textArray } from "./sql-arrays";

// Bundled aggregations (synapse-behaviour.md §2.11) for a whole page in one query: the latest
// applicable edit, references and thread summaries. The latest thread events get their own bundle
// (one more query, only when the page has threads).

export interface AggregationInput {
  events: StoredEvent[];
  viewerId: string | null;
  ignoredUsers: ReadonlySet<string>;
  serialize: SerializeOptions & { raw?: boolean };
}

type Json = Record<string, unknown>;

function ownRelType(event: StoredEvent): string | null {
  if (event.redactedBy) return null; // pruned content carries no relation
  const rel = event.content["m.relates_to"];
  if (!rel || typeof rel !== "object" || Array.isArray(rel)) return null;
  const relType = (rel as Json).rel_type;
  return typeof relType === "string" ? relType : null;
}


/** An events row as json_agg/to_json returns it (snake_case keys). */
export function eventFromJson(row: Json): StoredEvent {
  const n = (k: string) => Number(row[k]);
  const s = (k: string) => (row[k] === null || row[k] === undefined ? null : String(row[k]));
  return {
    eventId: String(row.event_id),
    roomId: String(row.room_id),
    streamOrdering: n("stream_ordering"),
    depth: n("depth"),
    type: String(row.type),
    stateKey: s("state_key"),
    sender: String(row.sender),
    content: (row.content ?? {}) as Json,
    prevEvents: (row.prev_events ?? []) as string[],
    originServerTs: n("origin_server_ts"),
    receivedTs: n("received_ts"),
    isLocal: Boolean(row.is_local),
    outlier: Boolean(row.outlier),
    rejectionReason: s("rejection_reason"),
    softFailed: Boolean(row.soft_failed),
    containsUrl: Boolean(row.contains_url),
    redactedBy: s("redacted_by"),
  };
}

const LIVE = sql.raw("not ev.outlier and ev.rejection_reason is null and ev.redacted_by is null");

async function query(ctx: Ctx, edits: string[], refs: string[], threads: string[], viewerId: string, ignored: string[]) {
  const [row] = await runSql<{ edits: Json[] | null; refs: Json[] | null; threads: Json[] | null }>(ctx, sql`
    select
      (select json_agg(x) from (
        select distinct on (r.relates_to_id) r.relates_to_id as target, to_json(ev) as event
        from event_relations r join events ev on ev.event_id = r.event_id join events o on o.event_id = r.relates_to_id
        where r.relates_to_id = any(${textArray(edits)}) and r.rel_type = 'm.replace' and ${LIVE}
          and ev.sender = o.sender and ev.type = o.type and ev.room_id = o.room_id
        order by r.relates_to_id, ev.origin_server_ts desc, ev.event_id desc) x) as edits,
      (select json_agg(x) from (
        select r.relates_to_id as target, r.event_id
        from event_relations r join events ev on ev.event_id = r.event_id
        where r.relates_to_id = any(${textArray(refs)}) and r.rel_type = 'm.reference' and ${LIVE}
          and ev.sender <> all(${textArray(ignored)})
        order by ev.depth, ev.stream_ordering) x) as refs,
      (select json_agg(x) from (
        select t.target, t.count, t.participated, to_json(le) as latest from (
          select r.relates_to_id as target, count(*) as count, bool_or(ev.sender = ${viewerId}) as participated,
            (array_agg(ev.event_id order by ev.depth desc, ev.stream_ordering desc))[1] as latest_id
          from event_relations r join events ev on ev.event_id = r.event_id
          where r.relates_to_id = any(${textArray(threads)}) and r.rel_type = 'm.thread' and ${LIVE}
            and ev.sender <> all(${textArray(ignored)})
          group by r.relates_to_id) t
        join events le on le.event_id = t.latest_id) x) as threads`);
  return { edits: row?.edits ?? [], refs: row?.refs ?? [], threads: row?.threads ?? [] };
}

/** unsigned["m.relations"] per event id, only for events that have any. */
export async function bundleAggregations(ctx: Ctx, input: AggregationInput, nested = false): Promise<Map<string, Json>> {
  const out = new Map<string, Json>();
  const eligible = input.events.filter((e) => {
    const rel = ownRelType(e);
    return e.stateKey === null && rel !== "m.annotation" && rel !== "m.replace";
  });
  if (eligible.length === 0) return out;
  const ids = eligible.map((e) => e.eventId);
  const editable = eligible.filter((e) => !e.redactedBy).map((e) => e.eventId);
  const threadable = nested ? [] : eligible.filter((e) => ownRelType(e) === null).map((e) => e.eventId);
  const result = await query(ctx, editable, ids, threadable, input.viewerId ?? "", [...input.ignoredUsers]);
  const slot = (id: string) => {
    let relations = out.get(id);
    if (!relations) out.set(id, (relations = {}));
    return relations;
  };
  for (const edit of result.edits) {
    slot(String(edit.target))["m.replace"] = serializeEvent(eventFromJson(edit.event as Json), input.serialize, { raw: input.serialize.raw });
  }
  for (const ref of result.refs) {
    const relations = slot(String(ref.target));
    const chunk = ((relations["m.reference"] as { chunk: Json[] } | undefined) ?? { chunk: [] }).chunk;
    chunk.push({ event_id: ref.event_id });
    relations["m.reference"] = { chunk };
  }
  if (result.threads.length > 0) await addThreads(ctx, input, eligible, result.threads, slot);
  return out;
}

async function addThreads(ctx: Ctx, input: AggregationInput, roots: StoredEvent[], threads: Json[], slot: (id: string) => Json) {
  const latest = threads.map((t) => eventFromJson(t.latest as Json));
  const nested = await bundleAggregations(ctx, { ...input, events: latest }, true);
  const senders = new Map(roots.map((e) => [e.eventId, e.sender]));
  threads.forEach((thread, i) => {
    const event = latest[i];
    if (!event) return;
    const serialized = serializeEvent(event, input.serialize, { raw: input.serialize.raw });
    const bundle = nested.get(event.eventId);
    if (bundle) (serialized.unsigned as Json)["m.relations"] = bundle;
    const target = String(thread.target);
    slot(target)["m.thread"] = {
      latest_event: serialized,
      count: Number(thread.count),
      current_user_participated: Boolean(thread.participated) || (input.viewerId !== null && senders.get(target) === input.viewerId),
    };
  });
}
