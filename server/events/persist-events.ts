import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import type * as t from "../db/schema";
import { MatrixError } from "../errors";
import {
  applyRedactions,
  depthsOf,
  emptySideRows,
  flagRelatedEvents,
  redactedBy,
  forwardExtremityDepths,
  insertBatch,
  lockRooms,
  nextStreamOrderings,
  upsertCurrentState,
  type ExtremityChange,
  type Placement,
  type RoomUpdate,
} from "./batch-sql";
import { inEventTransaction, inOrder, quiet, settle, unsettle, type EventTx, type Send } from "./event-tx";
import { isLocalId, newEventId } from "./ids";
import { addSideRows } from "./side-rows";

// Imported from here by the retention code and the events index.
export { retentionPolicyOf } from "./side-rows";

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
   * return stored events to answer with them and write nothing. `send` runs a statement in the
   * transaction's pipeline (prepared, no round trip of its own); `tx` is a drizzle handle on it.
   */
  beforeWrite?: (tx: DbHandle, send: Send) => Promise<StoredEvent[] | void>;
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

export interface BatchOptions {
  /**
   * Runs once in the first flight, its statements sent after the lock statement (so they see every
   * earlier writer of these rooms): answers, per batch in the order given, the drafts to write
   * (a subset of the batch's, in order). `locked` resolves to the rooms that exist; with a screen,
   * a missing room fails nothing (the screen leaves its drafts out), without one it fails the call.
   */
  screen?: (tx: EventTx, locked: Promise<Set<string>>) => Promise<EventDraft[][]>;
}

/**
 * Several rooms' batches (one per room) in one transaction and the same statements as one room's:
 * one lock statement (rooms locked in room id order, so two such transactions cannot deadlock), one
 * read of the forward extremities, one of stream orderings, one write. Group commit across rooms.
 * Answers per batch, in the order given: the stored events of the drafts written; any failure of a
 * statement fails them all.
 */
export async function persistRoomBatches(ctx: Ctx, batches: RoomBatch[], options: BatchOptions = {}): Promise<StoredEvent[][]> {
  const roomIds = [...new Set(batches.filter((b) => b.drafts.length > 0).map((b) => b.roomId))].sort();
  if (roomIds.length === 0) return batches.map(() => []);
  if (roomIds.length !== batches.filter((b) => b.drafts.length > 0).length) throw new Error("persistRoomBatches takes one batch per room");
  return inEventTransaction(ctx, async (tx) => {
    const locked = quiet(lockRooms(tx.send, roomIds));
    // Through a savepoint (no pipelining) the reads wait for the lock.
    if (!tx.pipelined) await locked;
    const explicit = [...new Set(batches.flatMap((b) => b.drafts.flatMap((d) => d.prevEvents ?? [])))];
    const total = batches.reduce((n, b) => n + b.drafts.length, 0);
    const reads = settle(
      Promise.all([
        options.screen?.(tx, locked),
        Promise.all(batches.map((b) => (b.drafts.length > 0 ? b.options?.beforeWrite?.(tx.db, tx.send) : undefined))),
        depthsOf(tx.send, explicit),
        forwardExtremityDepths(tx.send, roomIds),
        nextStreamOrderings(tx.send, total),
      ]),
    );
    const present = await locked;
    const missing = roomIds.find((r) => !present.has(r));
    if (missing !== undefined && !options.screen) throw unknownRoom(missing);
    const [screened, answers, known, tips, streams] = unsettle(await reads);
    const plans = batches.map((b, i): Plan => ({ roomId: b.roomId, drafts: screened?.[i] ?? b.drafts, answer: answers[i] ?? undefined }));
    const written = placeAll(ctx, plans, known, tips, streams);
    if (written.length === 0) return plans.map((p) => p.answer ?? []);
    const stored = await tx.commitWith(writeRows(ctx, tx, written));
    return plans.map((p) => p.answer ?? stored.get(p.roomId) ?? []);
  });
}

interface Plan {
  roomId: string;
  drafts: EventDraft[];
  answer: StoredEvent[] | undefined;
}

interface Written {
  roomId: string;
  drafts: EventDraft[];
  rows: StoredEvent[];
}

/** Depths, parents and stream orderings of every draft to write (rooms in the order given). */
function placeAll(ctx: Ctx, plans: Plan[], known: Placement[], tips: Placement[], streams: number[]): Written[] {
  const now = ctx.clock.now();
  let next = 0;
  const written: Written[] = [];
  for (const plan of plans) {
    if (plan.answer || plan.drafts.length === 0) continue;
    const depths = new Map(known.filter((k) => k.roomId === plan.roomId).map((k) => [k.eventId, k.depth]));
    // Only the first draft can need the room's tips: later ones default to the draft before them.
    const roomTips = plan.drafts[0]?.prevEvents === undefined ? tips.filter((t) => t.roomId === plan.roomId) : [];
    const rows = placeInDag(plan.roomId, plan.drafts, depths, roomTips).map((p) => toRow(ctx, plan.roomId, p, streams[next++] ?? 0, now));
    written.push({ roomId: plan.roomId, drafts: plan.drafts, rows });
  }
  return written;
}

/** The second flight: every row of every room, current state, redactions; the stored rows per room. */
async function writeRows(ctx: Ctx, tx: EventTx, written: Written[]): Promise<Map<string, StoredEvent[]>> {
  const serverName = ctx.config.server_name;
  const events = written.flatMap((w) => w.rows);
  const side = emptySideRows();
  for (const w of written) addSideRows(side, w.rows, w.drafts, serverName);
  const rooms = written.map((w) => roomUpdate(w.roomId, w.rows));
  const extremities: ExtremityChange = { parents: [], tips: [] };
  for (const w of written) extremityChange(extremities, w.roomId, w.rows);
  // A fresh random event id cannot have been redacted before it existed: only redactions in the
  // batch, or events with given ids (imports), can need it.
  const redacting = written.filter((w) => w.drafts.some((d) => d.eventId !== undefined || d.type === "m.room.redaction"));
  const redactions = redacting.length > 0;
  const ids = events.map((e) => e.eventId);
  const givenIds = written.flatMap((w) => w.rows.filter((_, i) => w.drafts[i]?.eventId !== undefined).map((e) => e.eventId));
  const latest = written.flatMap((w) => latestState(w.rows));
  const steps: Array<() => Promise<unknown>> = [
    () => insertBatch(tx.send, events, side, rooms, extremities),
    // Reads the depths of the events just written: after insertBatch.
    ...(latest.length > 0 ? [() => upsertCurrentState(tx.send, latest)] : []),
    ...redacting.map((w) => () => applyRedactions(tx.send, w.roomId, w.rows.map((e) => e.eventId))),
    // Updates the events just written: after insertBatch.
    ...(givenIds.length > 0 ? [() => flagRelatedEvents(tx.send, givenIds)] : []),
  ];
  const redacted = await inOrder(tx.pipelined, steps, () => (redactions ? redactedBy(tx.send, ids) : Promise.resolve(new Map<string, string>())));
  // Redactions applied to events of this batch (imports) are visible in the returned rows too.
  return new Map(
    written.map((w) => [
      w.roomId,
      w.rows.map((e) => {
        const redactor = redacted.get(e.eventId);
        return redactor === undefined ? e : { ...e, redactedBy: redactor };
      }),
    ]),
  );
}

function roomUpdate(roomId: string, rows: StoredEvent[]): RoomUpdate {
  let max = -Infinity;
  let min = Infinity;
  for (const e of rows) {
    max = Math.max(max, e.depth);
    min = Math.min(min, e.depth);
  }
  return { room_id: roomId, count: rows.length, now: rows[0]?.receivedTs ?? 0, max_depth: max, min_depth: min };
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

/** Live events replace their parents as forward extremities; those without a child in the batch are the new tips. */
function extremityChange(change: ExtremityChange, roomId: string, stored: StoredEvent[]): void {
  const live = stored.filter((e) => !e.outlier);
  const parents = [...new Set(live.flatMap((e) => e.prevEvents))];
  const children = new Set(parents);
  for (const event_id of parents) change.parents.push({ room_id: roomId, event_id });
  for (const e of live) if (!children.has(e.eventId)) change.tips.push({ room_id: roomId, event_id: e.eventId });
}

/** The newest state event per (type, state_key) of the batch; outliers and rejected events set no state. */
function latestState(stored: StoredEvent[]): StoredEvent[] {
  const latest = new Map<string, StoredEvent>();
  for (const e of stored) if (e.stateKey !== null && !e.outlier && e.rejectionReason === null) latest.set(`${e.type}\u0000${e.stateKey}`, e);
  return [...latest.values()];
}
