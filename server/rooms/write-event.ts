import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { forbidden, isMatrixError } from "../errors";
import { persistEvents, type EventDraft, type StoredEvent } from "../events/persist-events";
import type { AuthState } from "./auth-rules";
import { loadAuthStateAndTxns } from "./auth-state";

export interface AuthorizedWrite {
  roomId: string;
  /** Users whose memberships the check needs (sender, target). */
  users: string[];
  /** Throws a MatrixError when the event is not allowed in the current state. */
  check: (state: AuthState) => void;
  draft: EventDraft;
  /** How to answer when the room does not exist (Synapse differs per endpoint). */
  unknownRoom: () => Error;
}

/**
 * Checks an event against the room's current state and stores it, under the room's row lock (taken
 * by persistEvents), so two concurrent writers cannot both pass a check only one of them should.
 */
export async function writeAuthorizedEvent(ctx: Ctx, write: AuthorizedWrite): Promise<StoredEvent> {
  const txn = write.draft.txn;
  try {
    const [stored] = await persistEvents(ctx, write.roomId, [write.draft], {
      beforeWrite: async (tx, send) => {
        const txns = txn ? [{ userId: write.draft.sender, deviceId: txn.deviceId, txnId: txn.txnId }] : [];
        // Through the transaction's pipeline: prepared, sent with the lock.
        const { state, txnEvents } = await loadAuthStateAndTxns(send, write.roomId, write.users, txns);
        const earlier = txnEvents.values().next().value;
        if (earlier) {
          const [existing] = await tx.select().from(t.events).where(eq(t.events.eventId, earlier)).limit(1);
          if (existing) return [existing];
        }
        write.check(state);
      },
    });
    if (!stored) throw new Error("persistEvents stored nothing");
    return stored;
  } catch (error) {
    if (!(isMatrixError(error) && error.errcode === "M_NOT_FOUND")) throw error;
    // The room row does not exist. A blocked room stays blocked even when it was purged.
    const [blocked] = await ctx.db.select({ roomId: t.blockedRooms.roomId }).from(t.blockedRooms).where(eq(t.blockedRooms.roomId, write.roomId)).limit(1);
    if (blocked) throw forbidden("This room has been blocked on this server");
    throw write.unknownRoom();
  }
}

/** The event an earlier request with the same (room, user, device, txnId) created. */
export async function findTxnEvent(ctx: Ctx, roomId: string, userId: string, deviceId: string, txnId: string): Promise<StoredEvent | null> {
  const [row] = await ctx.db
    .select({ event: t.events })
    .from(t.eventTxnIds)
    .innerJoin(t.events, eq(t.events.eventId, t.eventTxnIds.eventId))
    .where(
      and(eq(t.eventTxnIds.roomId, roomId), eq(t.eventTxnIds.userId, userId), eq(t.eventTxnIds.deviceId, deviceId), eq(t.eventTxnIds.txnId, txnId)),
    )
    .limit(1);
  return row?.event ?? null;
}
