import { inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import * as t from "../db/schema";
import { persistRoomBatches, type EventDraft, type StoredEvent } from "../events/persist-events";
import { checkSendEvent } from "./auth-rules";
import { loadAuthStates, txnKeyString, type AuthAnswer, type AuthQuery } from "./auth-state";
import { writeAuthorizedEvent, type AuthorizedWrite } from "./write-event";

// Group commit for messages: concurrent sends share one transaction (one commit, one fsync, two
// round trips, the same five statements whatever the number of rooms), so the cost per event
// falls as load rises instead of each room queueing on its own lock and commit. Only non-state
// events are batched; state and membership changes go one at a time. The queue is per process;
// what makes it correct across instances is in PostgreSQL: the rooms' row locks, taken in room
// id order, and the unique index on client transaction ids.

export interface MessageWrite {
  roomId: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  txn?: { deviceId: string; txnId: string };
  unknownRoom: () => Error;
}

interface Pending {
  write: MessageWrite;
  resolve: (event: StoredEvent) => void;
  reject: (error: unknown) => void;
}

interface Queue {
  pending: Pending[];
  draining: boolean;
}

const MAX_BATCH = 100;
// One transaction in flight per process, so a process stores each room's messages in arrival
// order. Measured (bench/ingest-core.ts, 8 lanes, 4 rooms): two in flight halved the batches (2.0
// instead of 3.9 events per transaction) and cost 30-100% more CPU per event for no more events/s.
// Per database handle, so separate apps (and tests) never share a queue.
const queues = new WeakMap<object, Queue>();

function queueFor(db: DbHandle): Queue {
  let queue = queues.get(db);
  if (!queue) {
    queue = { pending: [], draining: false };
    queues.set(db, queue);
  }
  return queue;
}

/** Stores a message-like event once it passes the authorization rules; batched with concurrent sends. */
export function writeMessage(ctx: Ctx, write: MessageWrite): Promise<StoredEvent> {
  const queue = queueFor(ctx.db);
  const promise = new Promise<StoredEvent>((resolve, reject) => queue.pending.push({ write, resolve, reject }));
  if (!queue.draining) void drain(ctx, queue);
  return promise;
}

async function drain(ctx: Ctx, queue: Queue): Promise<void> {
  queue.draining = true;
  try {
    while (queue.pending.length > 0) await writeBatch(ctx, queue.pending.splice(0, MAX_BATCH));
  } finally {
    queue.draining = false;
  }
}

const txnKey = (w: MessageWrite) => (w.txn ? `${w.roomId}\u0000${w.sender}\u0000${w.txn.deviceId}\u0000${w.txn.txnId}` : null);

type Result = { event?: StoredEvent; error?: unknown };

async function writeBatch(ctx: Ctx, batch: Pending[]): Promise<void> {
  // A retried request inside the same batch waits for its twin.
  const firstByTxn = new Map<string, Pending>();
  const twins: Array<[Pending, Pending]> = [];
  const unique: Pending[] = [];
  for (const item of batch) {
    const key = txnKey(item.write);
    const first = key ? firstByTxn.get(key) : undefined;
    if (key && first) twins.push([item, first]);
    else {
      if (key) firstByTxn.set(key, item);
      unique.push(item);
    }
  }
  const results = await runBatch(ctx, unique);
  for (const [item, result] of results) settle(item, result);
  for (const [twin, first] of twins) settle(twin, results.get(first) ?? { error: new Error("send batch lost a request") });
}

const draftOf = ({ write }: Pending): EventDraft => ({ type: write.type, sender: write.sender, content: write.content, txn: write.txn });

/**
 * Every room's messages in one transaction. Refusals and repeated transactions are settled under
 * the locks, in the first flight, and simply left out of the write: the rest of the batch goes on.
 * Requests to rooms that do not exist are answered one by one afterwards (their error depends on
 * whether the room is blocked).
 */
async function runBatch(ctx: Ctx, items: Pending[]): Promise<Map<Pending, Result>> {
  const results = new Map<Pending, Result>();
  const byRoom = new Map<string, Pending[]>();
  for (const item of items) {
    const list = byRoom.get(item.write.roomId);
    if (list) list.push(item);
    else byRoom.set(item.write.roomId, [item]);
  }
  const rooms = [...byRoom];
  const kept = new Map<string, Pending[]>();
  const alone: Pending[] = [];
  try {
    const batches = rooms.map(([roomId, roomItems]) => ({ roomId, drafts: roomItems.map(draftOf) }));
    const stored = await persistRoomBatches(ctx, batches, {
      screen: async (tx, locked) => {
        const answers = await loadAuthStates(tx.send, rooms.map(([roomId, roomItems]) => authQuery(roomId, roomItems)));
        const present = await locked;
        const repeats = await repeatedEvents(tx.db, [...answers.values()].flatMap((a) => [...a.txnEvents.values()]));
        return rooms.map(([roomId, roomItems]) => {
          const answer = answers.get(roomId);
          if (!present.has(roomId) || !answer) {
            alone.push(...roomItems);
            return [];
          }
          const keep = screenRoom(roomItems, answer, repeats, results);
          kept.set(roomId, keep);
          return keep.map(draftOf);
        });
      },
    });
    rooms.forEach(([roomId], r) => kept.get(roomId)?.forEach((item, i) => results.set(item, { event: stored[r]?.[i] })));
  } catch {
    // The transaction failed as a whole (a database error): each request gets its own answer.
    results.clear();
    alone.splice(0, alone.length, ...items);
  }
  for (const item of alone) results.set(item, await writeAlone(ctx, item.write));
  return results;
}

function authQuery(roomId: string, items: Pending[]): AuthQuery {
  const txns = items.flatMap(({ write }) => (write.txn ? [{ userId: write.sender, deviceId: write.txn.deviceId, txnId: write.txn.txnId }] : []));
  return { roomId, userIds: items.map((i) => i.write.sender), txns };
}

/** The stored events of earlier requests with the same transaction ids (rare: client retries). */
async function repeatedEvents(db: DbHandle, eventIds: string[]): Promise<Map<string, StoredEvent>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db.select().from(t.events).where(inArray(t.events.eventId, eventIds));
  return new Map(rows.map((e) => [e.eventId, e]));
}

/** Under the room lock: earlier transactions answer from the store, forbidden senders get their error; the rest are written. */
function screenRoom(items: Pending[], { state, txnEvents }: AuthAnswer, repeats: Map<string, StoredEvent>, results: Map<Pending, Result>): Pending[] {
  const keep: Pending[] = [];
  for (const item of items) {
    const { write } = item;
    const eventId = write.txn ? txnEvents.get(txnKeyString({ userId: write.sender, deviceId: write.txn.deviceId, txnId: write.txn.txnId })) : undefined;
    const earlier = eventId ? repeats.get(eventId) : undefined;
    if (earlier) {
      results.set(item, { event: earlier });
      continue;
    }
    try {
      checkSendEvent(state, write.sender, write.type, false, write.content);
      keep.push(item);
    } catch (error) {
      results.set(item, { error });
    }
  }
  return keep;
}

function settle(item: Pending, result: Result): void {
  if (result.event) item.resolve(result.event);
  else item.reject(result.error ?? new Error("send batch stored nothing"));
}

async function writeAlone(ctx: Ctx, write: MessageWrite): Promise<Result> {
  const single: AuthorizedWrite = {
    roomId: write.roomId,
    users: [write.sender],
    check: (state) => checkSendEvent(state, write.sender, write.type, false, write.content),
    draft: { type: write.type, sender: write.sender, content: write.content, txn: write.txn },
    unknownRoom: write.unknownRoom,
  };
  try {
    return { event: await writeAuthorizedEvent(ctx, single) };
  } catch (error) {
    return { error };
  }
}
