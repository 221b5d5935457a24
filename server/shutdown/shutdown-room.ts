import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import * as t from "../db/schema";
import { MatrixError, unknown } from "../errors";
import { isLocalId, isValidRoomId, isValidUserId } from "../events/ids";
import { persistEvents } from "../events/persist-events";
import { createRoom } from "../rooms/create-room";
import { createBatchSizer, timedBatch } from "../purge";
import { countLocalMembers, localAliases, nextLocalMembers, REMOVED_MEMBERSHIPS, removeMembers, type LocalMember } from "./members";
import { emptyResponse, type ShutdownProgress, type ShutdownRoomParams } from "./schemas";

/** Persists progress inside the transaction that made it, so a resumed run never repeats a step. */
export type SaveProgress = (db: DbHandle, progress: ShutdownProgress) => Promise<void>;

export interface ShutdownRoomInput {
  roomId: string;
  params: ShutdownRoomParams;
  /** The partial result of an earlier, interrupted run. */
  progress?: ShutdownProgress;
  save?: SaveProgress;
  signal?: AbortSignal;
  /** Most users per transaction (and per progress update); batches are sized to take about half a second. */
  batchSize?: number;
}

export const DEFAULT_MEMBER_BATCH = 500;
/** The client transaction of the notice message: a resumed run finds it instead of sending again. */
export const NOTICE_TXN = { deviceId: "SCROLLBACK_SHUTDOWN", txnId: "shutdown-notice" };

export function assertLegalRoomId(roomId: string): void {
  if (!isValidRoomId(roomId)) throw unknown(`${roomId} is not a legal room ID`);
}

export function assertOwnUser(ctx: Ctx, userId: string): void {
  if (!isValidUserId(userId) || !isLocalId(userId, ctx.config.server_name)) throw unknown(`User must be our own: ${userId}`);
}

/**
 * Synapse's RoomShutdownHandler.shutdown_room (§5.3): block, create the notice room, make every local
 * joined/invited/knocking user leave and forget the room (joined users move to the notice room), send
 * the notice, move local aliases. Each step commits together with its progress record.
 */
export async function shutdownRoom(ctx: Ctx, input: ShutdownRoomInput): Promise<ShutdownProgress> {
  const { roomId, params } = input;
  assertLegalRoomId(roomId);
  const save: SaveProgress = input.save ?? (async () => {});
  let progress: ShutdownProgress = { ...emptyResponse(), ...input.progress };

  if (params.block) await blockRoom(ctx.db, roomId, params.requester_user_id, ctx.clock.now());
  const [room] = await ctx.db.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, roomId)).limit(1);
  if (!room) return progress;

  const creator = params.new_room_user_id;
  if (creator && !progress.new_room_id) {
    assertOwnUser(ctx, creator);
    progress = await step(ctx, save, async (tx) => {
      const { roomId: newRoomId } = await createRoom(
        { ...ctx, db: tx },
        { creator, preset: "public_chat", name: params.new_room_name, powerLevelContentOverride: { users_default: -10 } },
      );
      return { ...progress, phase: "notice_room", new_room_id: newRoomId };
    });
  }

  progress = await removeAllMembers(ctx, input, progress, save);

  if (creator && progress.new_room_id) {
    const noticeRoomId = progress.new_room_id;
    if (!progress.notice_event_id) {
      progress = await step(ctx, save, async (tx) => {
        const eventId = await sendNoticeOnce({ ...ctx, db: tx }, noticeRoomId, creator, params.message);
        return { ...progress, phase: "notice", notice_event_id: eventId };
      });
    }
    if (!progress.aliases_moved) {
      progress = await step(ctx, save, async (tx) => {
        const aliases = await moveAliases(tx, roomId, noticeRoomId, params.requester_user_id, ctx);
        return { ...progress, phase: "aliases", local_aliases: aliases, aliases_moved: true };
      });
    }
  } else {
    progress = { ...progress, local_aliases: [] };
  }
  return progress;
}

/** Runs one step in a transaction that also records the step's progress; returns the new progress only once committed. */
async function step(ctx: Ctx, save: SaveProgress, work: (tx: DbHandle) => Promise<ShutdownProgress>): Promise<ShutdownProgress> {
  return ctx.db.transaction(async (tx) => {
    const next = await work(tx);
    await save(tx, next);
    return next;
  });
}

/** Repeated blocks keep the first blocker (Synapse's upsert). Works for rooms this server does not know. */
export async function blockRoom(db: DbHandle, roomId: string, userId: string, now: number): Promise<void> {
  await db.insert(t.blockedRooms).values({ roomId, userId, blockedTs: now }).onConflictDoNothing();
}

async function removeAllMembers(ctx: Ctx, input: ShutdownRoomInput, start: ShutdownProgress, save: SaveProgress): Promise<ShutdownProgress> {
  // Each batch commits a progress record: sized by time, so a loaded machine or a huge room
  // (each leave is an event in it) still shows progress every half second or so.
  const sizer = createBatchSizer({ max: input.batchSize ?? DEFAULT_MEMBER_BATCH, initial: 50 });
  let progress: ShutdownProgress = start;
  if (progress.members_total === undefined) {
    const total = await countLocalMembers(ctx.db, input.roomId);
    progress = { ...progress, phase: "members", members_total: progress.kicked_users.length + total };
  }
  for (;;) {
    input.signal?.throwIfAborted();
    const current = progress;
    const next = await timedBatch(sizer, async (size) => {
      const batch = await nextLocalMembers(ctx.db, input.roomId, size, current.failed_to_kick_users);
      return batch.length === 0 ? null : removeBatch(ctx, input.roomId, batch, current, save);
    });
    if (next === null) return progress;
    progress = next;
  }
}

/** The whole batch in one transaction; if that fails, user by user so one bad user cannot stop the rest. */
async function removeBatch(ctx: Ctx, roomId: string, batch: LocalMember[], progress: ShutdownProgress, save: SaveProgress): Promise<ShutdownProgress> {
  const noticeRoomId = progress.new_room_id;
  try {
    return await step(ctx, save, async (tx) => {
      // Under the room's row lock, only users still present: a second runner of the same task
      // (a take-over racing a slow predecessor) cannot make anyone leave twice.
      const current = await stillPresent(tx, roomId, batch);
      await removeMembers({ ...ctx, db: tx }, roomId, current, noticeRoomId);
      return { ...progress, phase: "members", kicked_users: [...progress.kicked_users, ...current.map((m) => m.userId)] };
    });
  } catch (error) {
    if (batch.length === 1) {
      const user = batch[0]?.userId ?? "";
      ctx.logger.warn("shutdown: failed to remove user", { roomId, user, error: String(error) });
      return step(ctx, save, async () => ({ ...progress, failed_to_kick_users: [...progress.failed_to_kick_users, user] }));
    }
  }
  let next = progress;
  for (const member of batch) next = await removeBatch(ctx, roomId, [member], next, save);
  return next;
}

async function stillPresent(tx: DbHandle, roomId: string, batch: LocalMember[]): Promise<LocalMember[]> {
  await tx.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, roomId)).for("update");
  const rows = await tx
    .select({ userId: t.currentState.stateKey, membership: t.currentState.membership })
    .from(t.currentState)
    .where(
      and(
        eq(t.currentState.roomId, roomId),
        eq(t.currentState.type, "m.room.member"),
        inArray(t.currentState.stateKey, batch.map((m) => m.userId)),
        inArray(t.currentState.membership, [...REMOVED_MEMBERSHIPS]),
      ),
    );
  const present = new Map(rows.map((r) => [r.userId, r.membership ?? "leave"]));
  return batch.filter((m) => present.has(m.userId)).map((m) => ({ userId: m.userId, membership: present.get(m.userId) ?? m.membership }));
}

/** Sends the notice unless this room already has it (found by its transaction id). */
async function sendNoticeOnce(ctx: Ctx, noticeRoomId: string, sender: string, message: string): Promise<string> {
  const [existing] = await ctx.db
    .select({ eventId: t.eventTxnIds.eventId })
    .from(t.eventTxnIds)
    .where(
      and(
        eq(t.eventTxnIds.roomId, noticeRoomId),
        eq(t.eventTxnIds.userId, sender),
        eq(t.eventTxnIds.deviceId, NOTICE_TXN.deviceId),
        eq(t.eventTxnIds.txnId, NOTICE_TXN.txnId),
      ),
    )
    .limit(1);
  if (existing) return existing.eventId;
  const [event] = await persistEvents(ctx, noticeRoomId, [
    { type: "m.room.message", sender, content: { msgtype: "m.text", body: message }, txn: NOTICE_TXN },
  ]);
  if (!event) throw new MatrixError("M_UNKNOWN", "The notice message was not stored", { status: 500 });
  return event.eventId;
}

/** Repoints the room's local aliases at the notice room, recording the requesting admin as their creator. */
async function moveAliases(tx: DbHandle, roomId: string, noticeRoomId: string, requester: string, ctx: Ctx): Promise<string[]> {
  const aliases = await localAliases(tx, roomId, ctx.config.server_name);
  if (aliases.length === 0) return [];
  await tx
    .update(t.roomAliases)
    .set({ roomId: noticeRoomId, creator: requester, createdTs: ctx.clock.now() })
    .where(and(eq(t.roomAliases.roomId, roomId), inArray(t.roomAliases.alias, aliases)));
  return aliases;
}
