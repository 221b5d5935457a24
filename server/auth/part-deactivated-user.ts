import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { changeMembership, forgetRoom } from "../rooms";
import { scheduleTask, updateTask, type Task, type TaskOutcome } from "../tasks";

/**
 * Synapse parts a deactivated user from their rooms in the background (the user parter loop over
 * the persisted users_pending_deactivation table, resumed at start-up). Ours is a scheduled task:
 * it survives a crash (another instance takes over the expired lease and carries on), and it walks
 * the rooms in bounded batches, so a user in thousands of rooms never holds one long transaction.
 * The work is found again from current state on every batch, so a resumed task redoes nothing.
 */
export const PART_DEACTIVATED_USER_ACTION = "part_deactivated_user";

/** Rooms per batch: each room is its own short write (its room lock only). */
export const PART_BATCH_SIZE = 100;

/** Memberships a deactivated user gives up: joins are left, invites rejected, knocks withdrawn. */
const HELD = ["join", "invite", "knock"];

export interface PartProgress {
  left: number;
  rejected: number;
  /** Rooms where the leave was refused (logged, skipped, as Synapse): never retried by this task. */
  failed: string[];
}

interface PartParams {
  userId: string;
  batchSize: number;
}

/** Schedules the parting (in the caller's transaction, so it exists exactly when the deactivation does). */
export function schedulePartDeactivatedUser(ctx: Ctx, userId: string): Promise<string> {
  return scheduleTask(ctx, { action: PART_DEACTIVATED_USER_ACTION, resourceId: userId, params: { user_id: userId } });
}

function paramsOf(task: Task): PartParams {
  const userId = task.params?.user_id;
  if (typeof userId !== "string") throw new Error(`task ${task.id}: params.user_id missing`);
  const size = task.params?.batch_size;
  return { userId, batchSize: typeof size === "number" && size > 0 ? size : PART_BATCH_SIZE };
}

function progressOf(task: Task): PartProgress {
  const r = (task.result ?? {}) as Partial<PartProgress>;
  return { left: r.left ?? 0, rejected: r.rejected ?? 0, failed: Array.isArray(r.failed) ? r.failed : [] };
}

/** The next rooms where the user still holds a membership, in room order. */
async function heldRooms(ctx: Ctx, userId: string, skip: string[], limit: number): Promise<{ roomId: string; membership: string }[]> {
  const c = t.currentState;
  const where = and(eq(c.type, "m.room.member"), eq(c.stateKey, userId), inArray(c.membership, HELD), skip.length > 0 ? notInArray(c.roomId, skip) : undefined);
  const rows = await ctx.db.select({ roomId: c.roomId, membership: c.membership }).from(c).where(where).orderBy(asc(c.roomId)).limit(limit);
  return rows.map((r) => ({ roomId: r.roomId, membership: r.membership ?? "" }));
}

/** One room: a leave sent as the user through the normal write path; a left room is also forgotten. */
async function partRoom(ctx: Ctx, userId: string, room: { roomId: string; membership: string }, progress: PartProgress): Promise<void> {
  try {
    await changeMembership(ctx, { roomId: room.roomId, sender: userId, target: userId, action: "leave" });
    if (room.membership === "join") {
      progress.left += 1;
      // As Synapse: they cannot forget it themselves any more; the last local member forgetting may purge it.
      await forgetRoom(ctx, { roomId: room.roomId, userId });
    } else progress.rejected += 1;
  } catch (error) {
    ctx.logger.warn("could not part deactivated user from room", { user_id: userId, room_id: room.roomId, error: error instanceof Error ? error.message : String(error) });
    progress.failed.push(room.roomId);
  }
}

/** The task: batch after batch until the user holds no membership; progress is stored after each. */
export async function partDeactivatedUserTask(ctx: Ctx, task: Task, signal: AbortSignal): Promise<TaskOutcome> {
  const { userId, batchSize } = paramsOf(task);
  const progress = progressOf(task);
  for (;;) {
    if (signal.aborted) return { status: "active", result: progress };
    const rooms = await heldRooms(ctx, userId, progress.failed, batchSize);
    if (rooms.length === 0) return { status: "complete", result: progress };
    for (const room of rooms) await partRoom(ctx, userId, room, progress);
    await updateTask(ctx, task.id, { result: progress });
  }
}
