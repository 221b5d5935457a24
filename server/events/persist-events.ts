import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import type * as t from "../db/schema";
import { MatrixError } from "../errors";
import {
  applyRedactions,
  depthsOf,
  redactedBy,
  forwardExtremityDepths,
  insertBatch,
  lockRoomRow,
  nextStreamOrderings,
  upsertCurrentState,
  type SideRows,
} from "./batch-sql";
import { inEventTransaction, inOrder, quiet, settle, unsettle, type EventTx } from "./event-tx";
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

export interface PersistOptions {
  /**
   * Runs under the room lock before anything is written (authorization checks, idempotency):
   * return stored events to answer with them and write nothing.
   */
  beforeWrite?: (tx: DbHandle) => Promise<StoredEvent[] | void>;
}

/**
 * Stores a batch of events in one room, in order, in one transaction: the events, DAG edges and
 * extremities, state and membership history, relations, redactions, labels, retention policies and
 * room counters. Used by sends, createRoom, imports and the bulk seeder alike.
 *
 * Round trips per batch, whatever its size: BEGIN; the room lock; the reads (authorization by the
 * caller, forward extremities, stream orderings) pipelined; one statement for every row; current
 * state and redactions only when the batch has such events; COMMIT.
 */
export async function persistEvents(ctx: Ctx, roomId: string, drafts: EventDraft[], options: PersistOptions = {}): Promise<StoredEvent[]> {
  if (drafts.length === 0) return [];
  const [stored] = await persistRoomBatches(ctx, [{ roomId, drafts, options }]);
  return stored ?? [];
}

export interface RoomBatch {
  roomId: string;
  drafts: EventDraft[];
  options?: PersistOptions;
}

/**
 * Several rooms' batches in one transaction, so they share one commit (group commit across rooms:
 * the send batcher's messages). Rooms are locked in room id order, so two such transactions cannot
 * deadlock. Answers per batch, in the order given; any failure fails them all.
 */
export async function persistRoomBatches(ctx: Ctx, batches: RoomBatch[]): Promise<StoredEvent[][]> {
  const sorted = batches.filter((b) => b.drafts.length > 0).sort((x, y) => (x.roomId < y.roomId ? -1 : x.roomId > y.roomId ? 1 : 0));
  const results = new Map<RoomBatch, StoredEvent[]>();
  if (sorted.length > 0) {
    await inEventTransaction(ctx, async (tx) => {
      const stages: Array<Promise<Staged>> = [];
      for (const batch of sorted) {
        const stage = quiet(stageRoom(ctx, tx, batch));
        stages.push(stage);
        // Through a savepoint (no pipelining): one room after the other.
        if (!tx.pipelined) await (await stage).done;
      }
      // Every room's writes are sent: COMMIT goes out behind them.
      const staged = await Promise.all(stages);
      const stored = await tx.commitWith(Promise.all(staged.map((s) => s.done)));
      sorted.forEach((batch, i) => results.set(batch, stored[i] ?? []));
    });
  }
  return batches.map((b) => results.get(b) ?? []);
}

interface Staged {
  /** The stored rows, once the room's statements are answered. */
  done: Promise<StoredEvent[]>;
}

/** One room's part of the transaction; resolves once its writes are sent (pipelined) or done. */
async function stageRoom(ctx: Ctx, tx: EventTx, { roomId, drafts, options = {} }: RoomBatch): Promise<Staged> {
  // Serialises the room's writers: depth and extremities are computed from its newest events.
  const locked = lockRoomRow(tx.send, roomId);
  if (!tx.pipelined && !(await locked)) throw unknownRoom(roomId);
  // Independent reads, executed after the lock is held (each sees every earlier commit).
  const explicit = [...new Set(drafts.flatMap((d) => d.prevEvents ?? []))];
  const reads = settle(
    Promise.all([
      options.beforeWrite?.(tx.db),
      depthsOf(tx.send, roomId, explicit),
      // Only the first draft can need the room's tips: later ones default to the draft before them.
      drafts[0]?.prevEvents === undefined ? forwardExtremityDepths(tx.send, roomId) : Promise.resolve([]),
      nextStreamOrderings(tx.send, drafts.length),
    ]),
  );
  if (!(await locked)) throw unknownRoom(roomId);
  const [answer, known, tips, streams] = unsettle(await reads);
  if (answer) return { done: Promise.resolve(answer) };
  const now = ctx.clock.now();
  const stored = placeInDag(roomId, drafts, known, tips).map((p, i) => toRow(ctx, roomId, p, streams[i] ?? 0, now));
  const room = { count: stored.length, now, maxDepth: Math.max(...stored.map((e) => e.depth)), minDepth: Math.min(...stored.map((e) => e.depth)), ...extremityChange(stored) };
  // A fresh random event id cannot have been redacted before it existed: only redactions in the
  // batch, or events with given ids (imports), can need it.
  const redactions = drafts.some((d) => d.eventId !== undefined || d.type === "m.room.redaction");
  const ids = stored.map((e) => e.eventId);
  const steps: Array<() => Promise<unknown>> = [
    () => insertBatch(tx.send, roomId, stored, sideRows(stored, drafts, ctx.config.server_name, now), room),
    // Reads the depths of the events just written: after insertBatch.
    () => upsertCurrentState(tx.send, roomId, latestState(stored)),
    ...(redactions ? [() => applyRedactions(tx.send, roomId, ids)] : []),
  ];
  const by = inOrder(tx.pipelined, steps, () => (redactions ? redactedBy(tx.send, ids) : Promise.resolve(new Map<string, string>())));
  // Redactions applied to events of this batch (imports) are visible in the returned rows too.
  const done = by.then((redacted) =>
    stored.map((e) => {
      const redactor = redacted.get(e.eventId);
      return redactor === undefined ? e : { ...e, redactedBy: redactor };
    }),
  );
  return { done: quiet(done) };
}

const unknownRoom = (roomId: string) => new MatrixError("M_NOT_FOUND", `Unknown room ${roomId}`);


function toRow(ctx: Ctx, roomId: string, p: Placed, streamOrdering: number, now: number): StoredEvent {
  return {
    eventId: p.eventId,
    roomId,
    streamOrdering,
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
    redactedBy: null,
  };
}

function placeInDag(roomId: string, drafts: EventDraft[], known: Map<string, number>, tips: Array<{ eventId: string; depth: number }>): Placed[] {
  for (const tip of tips) known.set(tip.eventId, tip.depth);
  const placed: Placed[] = [];
  for (const draft of drafts) {
    const eventId = draft.eventId ?? newEventId();
    const last = placed[placed.length - 1];
    const prevEvents = draft.prevEvents ?? (last ? [last.eventId] : tips.map((e) => e.eventId));
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

function sideRows(stored: StoredEvent[], drafts: EventDraft[], serverName: string, now: number): SideRows {
  const side: SideRows = { edges: [], relations: [], labels: [], redactions: [], retention: [], txns: [], memberships: [], stateHistory: [] };
  stored.forEach((e, i) => {
    const id = e.eventId;
    for (const prev of e.prevEvents) side.edges.push({ event_id: id, prev_event_id: prev });
    const rel = relationOf(e.content);
    if (rel) side.relations.push({ event_id: id, relates_to_id: rel.eventId, rel_type: rel.relType, aggregation_key: rel.key });
    for (const label of labelsOf(e.content)) side.labels.push({ event_id: id, label });
    const redacts = e.type === "m.room.redaction" ? redactsOf(e.content) : null;
    if (redacts) side.redactions.push({ event_id: id, redacts });
    const txn = drafts[i]?.txn;
    if (txn) side.txns.push({ event_id: id, user_id: e.sender, device_id: txn.deviceId, txn_id: txn.txnId, inserted_ts: now });
    if (e.stateKey !== null) stateRows(side, e, e.stateKey, serverName);
  });
  return side;
}

function stateRows(side: SideRows, e: StoredEvent, stateKey: string, serverName: string): void {
  const id = e.eventId;
  // Outlier memberships are history too (purges demote members' events); rejected events are nothing.
  if (e.type === "m.room.member" && e.rejectionReason === null) {
    const membership = typeof e.content.membership === "string" ? e.content.membership : "leave";
    side.memberships.push({ event_id: id, user_id: stateKey, sender: e.sender, membership, is_local: isLocalId(stateKey, serverName), depth: e.depth, stream_ordering: e.streamOrdering });
  }
  if (!e.outlier && e.rejectionReason === null) {
    side.stateHistory.push({ event_id: id, type: e.type, state_key: stateKey, depth: e.depth, stream_ordering: e.streamOrdering });
  }
  const policy = e.type === "m.room.retention" && !e.outlier ? retentionPolicyOf(e.content) : null;
  if (policy) side.retention.push({ event_id: id, min_lifetime: policy.min, max_lifetime: policy.max });
}

/** Live events replace their parents as forward extremities; those without a child in the batch are the new tips. */
function extremityChange(stored: StoredEvent[]): { parents: string[]; tips: string[] } {
  const live = stored.filter((e) => !e.outlier);
  const parents = [...new Set(live.flatMap((e) => e.prevEvents))];
  const children = new Set(parents);
  return { parents, tips: live.filter((e) => !children.has(e.eventId)).map((e) => e.eventId) };
}

/** The newest state event per (type, state_key) of the batch; outliers and rejected events set no state. */
function latestState(stored: StoredEvent[]): StoredEvent[] {
  const latest = new Map<string, StoredEvent>();
  for (const e of stored) if (e.stateKey !== null && !e.outlier && e.rejectionReason === null) latest.set(`${e.type}\u0000${e.stateKey}`, e);
  return [...latest.values()];
}
