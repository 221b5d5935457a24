import { and, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import * as t from "../db/schema";
import { MatrixError } from "../errors";
import { isLocalId, newEventId } from "./ids";
import { redactsOf } from "./redaction";

export interface EventDraft {
  eventId?: string;
  type: string;
  stateKey?: string | null;
  sender: string;
  content: Record<string, unknown>;
  originServerTs?: number;
  /** Explicit DAG parents (imports). Absent: the previous draft, or the room's forward extremities. */
  prevEvents?: string[];
  outlier?: boolean;
  rejectionReason?: string | null;
  softFailed?: boolean;
  /** The client transaction this event answers (idempotent sends, unsigned.transaction_id). */
  txn?: { deviceId: string; txnId: string };
}

export type StoredEvent = t.EventRow;

interface Placed {
  draft: EventDraft;
  eventId: string;
  prevEvents: string[];
  depth: number;
}

/**
 * Stores a batch of events in one room, in order, in one transaction: the events, DAG edges and
 * extremities, state and membership history, relations, redactions, labels, retention policies and
 * room counters. Used by sends, createRoom, imports and the bulk seeder alike.
 */
export interface PersistOptions {
  /**
   * Runs under the room lock before anything is written (authorization checks, idempotency):
   * return stored events to answer with them and write nothing.
   */
  beforeWrite?: (tx: DbHandle) => Promise<StoredEvent[] | void>;
}

export async function persistEvents(ctx: Ctx, roomId: string, drafts: EventDraft[], options: PersistOptions = {}): Promise<StoredEvent[]> {
  if (drafts.length === 0) return [];
  return ctx.db.transaction(async (tx) => {
    const room = await lockRoom(tx, roomId);
    const answer = await options.beforeWrite?.(tx);
    if (answer) return answer;
    const placed = await placeInDag(tx, roomId, drafts);
    const now = ctx.clock.now();
    const streams = await nextStreamOrderings(tx, drafts.length);
    const rows: t.NewEventRow[] = placed.map((p, i) => ({
      eventId: p.eventId,
      roomId,
      streamOrdering: streams[i] ?? 0,
      depth: p.depth,
      type: p.draft.type,
      stateKey: p.draft.stateKey ?? null,
      sender: p.draft.sender,
      content: p.draft.content,
      prevEvents: p.prevEvents,
      originServerTs: p.draft.originServerTs ?? now,
      receivedTs: now,
      isLocal: isLocalId(p.draft.sender, ctx.config.server_name),
      outlier: p.draft.outlier ?? false,
      rejectionReason: p.draft.rejectionReason ?? null,
      softFailed: p.draft.softFailed ?? false,
      containsUrl: typeof p.draft.content.url === "string",
    }));
    const stored = await tx.insert(t.events).values(rows).returning();
    await writeSideRows(tx, roomId, stored, placed, now);
    await updateExtremities(tx, roomId, stored);
    await updateState(tx, roomId, stored, ctx.config.server_name);
    // A fresh random event id cannot have been redacted before it existed: only redactions in the
    // batch, or events with given ids (imports), can need it.
    if (drafts.some((d) => d.eventId !== undefined || d.type === "m.room.redaction")) await applyRedactions(tx, roomId, stored);
    const maxDepth = Math.max(room.maxDepth, ...stored.map((e) => e.depth));
    await tx
      .update(t.rooms)
      .set({
        eventCount: sql`${t.rooms.eventCount} + ${stored.length}`,
        lastActivityTs: now,
        maxDepth,
        minDepth: room.minDepth === null ? Math.min(...stored.map((e) => e.depth)) : room.minDepth,
      })
      .where(eq(t.rooms.roomId, roomId));
    // Redactions applied to events of this batch are visible in the returned rows too.
    const redacted = stored.some((e) => e.type === "m.room.redaction");
    if (!redacted) return stored;
    const fresh = await tx.select().from(t.events).where(inArray(t.events.eventId, stored.map((e) => e.eventId)));
    const byId = new Map(fresh.map((e) => [e.eventId, e]));
    return stored.map((e) => byId.get(e.eventId) ?? e);
  });
}

/** Serialises writers of one room (depth and extremities are computed from the room's newest events). */
async function lockRoom(tx: DbHandle, roomId: string): Promise<t.RoomRow> {
  const [room] = await tx.select().from(t.rooms).where(eq(t.rooms.roomId, roomId)).for("update");
  if (!room) throw new MatrixError("M_NOT_FOUND", `Unknown room ${roomId}`);
  return room;
}

async function nextStreamOrderings(tx: DbHandle, count: number): Promise<number[]> {
  const result = await tx.execute<{ n: number }>(
    sql`select nextval('events_stream_seq') as n from generate_series(1, ${count}) order by 1`,
  );
  return result.map((r) => Number(r.n));
}

async function placeInDag(tx: DbHandle, roomId: string, drafts: EventDraft[]): Promise<Placed[]> {
  const explicit = new Set(drafts.flatMap((d) => d.prevEvents ?? []));
  const known = new Map<string, number>();
  if (explicit.size > 0) {
    const found = await tx
      .select({ eventId: t.events.eventId, depth: t.events.depth, roomId: t.events.roomId })
      .from(t.events)
      .where(inArray(t.events.eventId, [...explicit]));
    for (const e of found) if (e.roomId === roomId) known.set(e.eventId, e.depth);
  }
  let tips: Array<{ eventId: string; depth: number }> | null = null;
  const placed: Placed[] = [];
  for (const draft of drafts) {
    const eventId = draft.eventId ?? newEventId();
    let prevEvents: string[];
    if (draft.prevEvents) {
      prevEvents = draft.prevEvents;
    } else if (placed.length > 0) {
      const last = placed[placed.length - 1];
      prevEvents = last ? [last.eventId] : [];
    } else {
      tips ??= await forwardExtremities(tx, roomId);
      prevEvents = tips.map((e) => e.eventId);
      for (const tip of tips) known.set(tip.eventId, tip.depth);
    }
    let depth = 0;
    for (const prev of prevEvents) {
      const prevDepth = known.get(prev);
      if (prevDepth === undefined) {
        throw new MatrixError("M_BAD_JSON", `Event ${eventId} refers to unknown prev_event ${prev} in ${roomId}`);
      }
      depth = Math.max(depth, prevDepth);
    }
    // Depth is 1 + the deepest parent, capped as in the spec.
    depth = Math.min(depth + 1, Number.MAX_SAFE_INTEGER);
    known.set(eventId, depth);
    placed.push({ draft, eventId, prevEvents, depth });
  }
  return placed;
}

export async function forwardExtremities(tx: DbHandle, roomId: string): Promise<Array<{ eventId: string; depth: number }>> {
  return tx
    .select({ eventId: t.events.eventId, depth: t.events.depth })
    .from(t.eventForwardExtremities)
    .innerJoin(t.events, eq(t.events.eventId, t.eventForwardExtremities.eventId))
    .where(eq(t.eventForwardExtremities.roomId, roomId));
}

function relationOf(content: Record<string, unknown>): { relType: string; eventId: string; key: string | null } | null {
  const rel = content["m.relates_to"];
  if (!rel || typeof rel !== "object" || Array.isArray(rel)) return null;
  const { rel_type: relType, event_id: eventId, key } = rel as Record<string, unknown>;
  if (typeof relType !== "string" || typeof eventId !== "string") return null;
  return { relType, eventId, key: typeof key === "string" ? key : null };
}

function labelsOf(content: Record<string, unknown>): string[] {
  const labels = content["org.matrix.labels"];
  if (!Array.isArray(labels)) return [];
  return [...new Set(labels.filter((l): l is string => typeof l === "string"))];
}

/** Synapse stores a retention policy only if it has a key and every present key is an integer. */
export function retentionPolicyOf(content: Record<string, unknown>): { min: number | null; max: number | null } | null {
  const hasMin = "min_lifetime" in content;
  const hasMax = "max_lifetime" in content;
  if (!hasMin && !hasMax) return null;
  const min = content.min_lifetime;
  const max = content.max_lifetime;
  if (hasMin && !Number.isSafeInteger(min)) return null;
  if (hasMax && !Number.isSafeInteger(max)) return null;
  return { min: hasMin ? (min as number) : null, max: hasMax ? (max as number) : null };
}

async function writeSideRows(tx: DbHandle, roomId: string, stored: StoredEvent[], placed: Placed[], now: number) {
  const edges = stored.flatMap((e) => e.prevEvents.map((prev) => ({ eventId: e.eventId, prevEventId: prev, roomId })));
  if (edges.length > 0) await tx.insert(t.eventEdges).values(edges).onConflictDoNothing();

  const relations = stored.flatMap((e) => {
    const rel = relationOf(e.content);
    return rel ? [{ eventId: e.eventId, relatesToId: rel.eventId, relType: rel.relType, aggregationKey: rel.key, roomId }] : [];
  });
  if (relations.length > 0) await tx.insert(t.eventRelations).values(relations);

  const labels = stored.flatMap((e) => labelsOf(e.content).map((label) => ({ eventId: e.eventId, label, roomId })));
  if (labels.length > 0) await tx.insert(t.eventLabels).values(labels);

  const redactionRows = stored.flatMap((e) => {
    if (e.type !== "m.room.redaction") return [];
    const redacts = redactsOf(e.content);
    return redacts ? [{ eventId: e.eventId, redacts, roomId }] : [];
  });
  if (redactionRows.length > 0) await tx.insert(t.redactions).values(redactionRows);

  const retention = stored.flatMap((e) => {
    if (e.type !== "m.room.retention" || e.stateKey === null || e.outlier) return [];
    const policy = retentionPolicyOf(e.content);
    return policy ? [{ roomId, eventId: e.eventId, minLifetime: policy.min, maxLifetime: policy.max }] : [];
  });
  if (retention.length > 0) await tx.insert(t.roomRetention).values(retention);

  const txns = placed.flatMap((p, i) => {
    const e = stored[i];
    if (!p.draft.txn || !e) return [];
    return [{ eventId: e.eventId, roomId, userId: e.sender, deviceId: p.draft.txn.deviceId, txnId: p.draft.txn.txnId, insertedTs: now }];
  });
  if (txns.length > 0) await tx.insert(t.eventTxnIds).values(txns);
}

async function updateExtremities(tx: DbHandle, roomId: string, stored: StoredEvent[]) {
  const live = stored.filter((e) => !e.outlier);
  if (live.length === 0) return;
  const parents = [...new Set(live.flatMap((e) => e.prevEvents))];
  const children = new Set(parents);
  if (parents.length > 0) {
    await tx
      .delete(t.eventForwardExtremities)
      .where(and(eq(t.eventForwardExtremities.roomId, roomId), inArray(t.eventForwardExtremities.eventId, parents)));
  }
  const tips = live.filter((e) => !children.has(e.eventId)).map((e) => ({ eventId: e.eventId, roomId }));
  if (tips.length > 0) await tx.insert(t.eventForwardExtremities).values(tips).onConflictDoNothing();
}

async function updateState(tx: DbHandle, roomId: string, stored: StoredEvent[], serverName: string) {
  const stateEvents = stored.filter((e) => e.stateKey !== null && !e.outlier && e.rejectionReason === null);
  const members = stored.filter((e) => e.type === "m.room.member" && e.stateKey !== null && e.rejectionReason === null);
  if (members.length > 0) {
    await tx.insert(t.roomMemberships).values(
      members.map((e) => ({
        eventId: e.eventId,
        roomId,
        userId: e.stateKey ?? "",
        sender: e.sender,
        membership: typeof e.content.membership === "string" ? e.content.membership : "leave",
        isLocal: isLocalId(e.stateKey ?? "", serverName),
        depth: e.depth,
        streamOrdering: e.streamOrdering,
      })),
    );
  }
  if (stateEvents.length === 0) return;
  await tx.insert(t.roomStateHistory).values(
    stateEvents.map((e) => ({
      eventId: e.eventId,
      roomId,
      type: e.type,
      stateKey: e.stateKey ?? "",
      depth: e.depth,
      streamOrdering: e.streamOrdering,
    })),
  );
  // Later events of the batch win; an imported event on a shallower branch does not replace deeper state.
  const latest = new Map<string, StoredEvent>();
  for (const e of stateEvents) latest.set(`${e.type}\u0000${e.stateKey}`, e);
  // One statement per 5,000 keys (a round trip per key made big membership batches slow).
  const keys = [...latest.values()];
  for (let i = 0; i < keys.length; i += 5000) {
    const rows = keys.slice(i, i + 5000).map(
      (e) => sql`(${roomId}, ${e.type}, ${e.stateKey}, ${e.eventId}, ${e.type === "m.room.member" ? String(e.content.membership ?? "leave") : null})`,
    );
    await tx.execute(sql`
      insert into current_state (room_id, type, state_key, event_id, membership)
      values ${sql.join(rows, sql`, `)}
      on conflict (room_id, type, state_key) do update
        set event_id = excluded.event_id, membership = excluded.membership
        where (select depth from events where event_id = current_state.event_id)
           <= (select depth from events where event_id = excluded.event_id)`);
  }
}

async function applyRedactions(tx: DbHandle, roomId: string, stored: StoredEvent[]) {
  const idList = sql`(${sql.join(stored.map((e) => sql`${e.eventId}`), sql`, `)})`;
  // Redactions in this batch redact earlier events; events in this batch may also have been redacted
  // before they arrived (imports). Redactions of m.room.create are ignored.
  await tx.execute(sql`
    update events set redacted_by = r.event_id
    from redactions r
    where r.room_id = ${roomId}
      and events.event_id = r.redacts
      and events.room_id = ${roomId}
      and events.redacted_by is null
      and events.type <> 'm.room.create'
      and (r.event_id in ${idList} or events.event_id in ${idList})`);
}
