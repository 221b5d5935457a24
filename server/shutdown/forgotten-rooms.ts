import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { getTasks, scheduleTask } from "../tasks";
import { PURGE_ROOM_ACTION } from "./schemas";

/**
 * Whether no local user still holds a non-forgotten current membership of the room (Synapse's
 * is_locally_forgotten_room): every local member, past or present, has forgotten it.
 */
export async function isLocallyForgotten(ctx: Ctx, roomId: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(t.currentState)
    .innerJoin(t.roomMemberships, eq(t.roomMemberships.eventId, t.currentState.eventId))
    .where(
      and(
        eq(t.currentState.roomId, roomId),
        eq(t.currentState.type, "m.room.member"),
        eq(t.roomMemberships.isLocal, true),
        eq(t.roomMemberships.forgotten, false),
      ),
    );
  return (row?.n ?? 0) === 0;
}

/**
 * Call after a user forgot a room (client /forget). With forgotten_room_retention_period set, once
 * every local member has forgotten the room a purge_room task is scheduled at now + period, without
 * force, so it fails with "Users are still joined to this room" if someone local rejoined meanwhile.
 * Returns the task id, or null when nothing was scheduled. The shutdown's own forgets never call this.
 */
export async function onRoomForgotten(ctx: Ctx, roomId: string): Promise<string | null> {
  const period = ctx.config.forgotten_room_retention_period;
  if (period === null) return null;
  if (!(await isLocallyForgotten(ctx, roomId))) return null;
  // One pending purge per room is enough (Synapse schedules one per forget; #18006 shows the cost).
  const pending = await getTasks(ctx, { actions: [PURGE_ROOM_ACTION], resourceId: roomId, statuses: ["scheduled"] });
  if (pending.length > 0) return null;
  return scheduleTask(ctx, { action: PURGE_ROOM_ACTION, resourceId: roomId, params: {}, timestamp: ctx.clock.now() + period });
}
