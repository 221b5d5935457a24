import { inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import * as t from "../db/schema";
import { persistRoomBatches, type EventDraft, type StoredEvent } from "../events/persist-events";
import { checkSendEvent } from "./auth-rules";
import { loadAuthStateAndTxns, txnKeyString } from "./auth-state";
import { writeAuthorizedEvent, type AuthorizedWrite } from "./write-event";

// Group commit for messages: concurrent sends share one transaction (one commit, one fsync, two
// round trips), whichever rooms they go to, so the cost per event falls as load rises instead of
// each room queueing on its own lock and commit. Only non-state events are batched; state and
// membership changes go one at a time.

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

/** Thrown inside the transaction when some items cannot be written as they are: settled, and the rest retried. */
class Unbatchable extends Error {
  constructor(readonly settled: Map<Pending, Result>) {
    super("batch needs a retry");
  }
}

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

async function runBatch(ctx: Ctx, items: Pending[]): Promise<Map<Pending, Result>> {
  const results = new Map<Pending, Result>();
  const only = items.length === 1 ? items[0] : undefined;
  if (only) {
    results.set(only, await writeAlone(ctx, only.write));
    return results;
  }
  const byRoom = new Map<string, Pending[]>();
  for (const item of items) byRoom.set(item.write.roomId, [...(byRoom.get(item.write.roomId) ?? []), item]);
  try {
    const batches = [...byRoom].map(([roomId, roomItems]) => ({
      roomId,
      drafts: roomItems.map(({ write }): EventDraft => ({ type: write.type, sender: write.sender, content: write.content, txn: write.txn })),
      options: { beforeWrite: (tx: DbHandle) => checkBatch(tx, roomId, roomItems) },
    }));
    const stored = await persistRoomBatches(ctx, batches);
    [...byRoom.values()].forEach((roomItems, r) => roomItems.forEach((item, i) => results.set(item, { event: stored[r]?.[i] })));
  } catch (error) {
    if (!(error instanceof Unbatchable)) {
      // Unknown room and the like: each request gets its own answer.
      for (const item of items) results.set(item, await writeAlone(ctx, item.write));
      return results;
    }
    for (const [item, result] of error.settled) results.set(item, result);
    const rest = items.filter((item) => !error.settled.has(item));
    if (rest.length > 0) for (const [item, result] of await runBatch(ctx, rest)) results.set(item, result);
  }
  return results;
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

/** Under the room lock: earlier transactions answer from the store, forbidden senders get their error. */
async function checkBatch(tx: DbHandle, roomId: string, items: Pending[]): Promise<void> {
  const settled = new Map<Pending, Result>();
  const txns = items.flatMap(({ write }) => (write.txn ? [{ userId: write.sender, deviceId: write.txn.deviceId, txnId: write.txn.txnId }] : []));
  const { state, txnEvents } = await loadAuthStateAndTxns(tx, roomId, items.map((i) => i.write.sender), txns);
  if (txnEvents.size > 0) {
    const rows = await tx.select().from(t.events).where(inArray(t.events.eventId, [...txnEvents.values()]));
    const byId = new Map(rows.map((e) => [e.eventId, e]));
    for (const item of items) {
      const { write } = item;
      const eventId = write.txn ? txnEvents.get(txnKeyString({ userId: write.sender, deviceId: write.txn.deviceId, txnId: write.txn.txnId })) : undefined;
      const event = eventId ? byId.get(eventId) : undefined;
      if (event) settled.set(item, { event });
    }
  }
  for (const item of items) {
    if (settled.has(item)) continue;
    try {
      checkSendEvent(state, item.write.sender, item.write.type, false, item.write.content);
    } catch (error) {
      settled.set(item, { error });
    }
  }
  if (settled.size > 0) throw new Unbatchable(settled);
}
