import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError, notFound } from "../errors";
import { isValidRoomId } from "../events/ids";
import { listRooms, type RoomSummary } from "./list-rooms";
import { getCurrentState } from "./state";

// Admin views of one room (Synapse's /_synapse/admin/v1/rooms/{roomId}[/members|/state|/block]).

export function checkAdminRoomId(roomId: string): void {
  if (!isValidRoomId(roomId)) throw new MatrixError("M_UNKNOWN", `${roomId} is not a legal room ID`, { status: 400 });
}

export interface RoomDetails extends RoomSummary {
  /** Every local user's membership is forgotten. */
  forgotten: boolean;
  /** Devices (distinct access-token devices) of the joined local members. */
  joinedLocalDevices: number;
}

export async function getRoomDetails(ctx: Ctx, roomId: string): Promise<RoomDetails> {
  checkAdminRoomId(roomId);
  const { rooms } = await listRooms(ctx, { roomId, limit: 1 });
  const room = rooms[0];
  if (!room) throw notFound("Room not found");
  const rows = await ctx.db.execute<{ remembered: boolean; devices: number }>(sql`
    select exists (
      select 1 from current_state cs join room_memberships m on m.event_id = cs.event_id
      where cs.room_id = ${roomId} and cs.type = 'm.room.member' and m.is_local and not m.forgotten
    ) as remembered,
    (select count(distinct (a.user_id, a.device_id)) from current_state cs join access_tokens a on a.user_id = cs.state_key
      where cs.room_id = ${roomId} and cs.type = 'm.room.member' and cs.membership = 'join') as devices`);
  return { ...room, forgotten: !rows[0]?.remembered, joinedLocalDevices: Number(rows[0]?.devices ?? 0) };
}

async function requireRoom(ctx: Ctx, roomId: string): Promise<void> {
  checkAdminRoomId(roomId);
  const [room] = await ctx.db.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, roomId)).limit(1);
  if (!room) throw notFound("Room not found");
}

/** Joined members, as Synapse's get_users_in_room. */
export async function getRoomMembersAdmin(ctx: Ctx, roomId: string): Promise<string[]> {
  await requireRoom(ctx, roomId);
  const rows = await ctx.db.execute<{ user_id: string }>(sql`
    select state_key as user_id from current_state
    where room_id = ${roomId} and type = 'm.room.member' and membership = 'join' order by state_key`);
  return rows.map((r) => r.user_id);
}

export async function getRoomStateAdmin(ctx: Ctx, roomId: string, type?: string): Promise<t.EventRow[]> {
  await requireRoom(ctx, roomId);
  const state = await getCurrentState(ctx, roomId);
  return type === undefined ? state : state.filter((e) => e.type === type);
}

export async function getBlockStatus(ctx: Ctx, roomId: string): Promise<{ block: boolean; userId: string | null }> {
  checkAdminRoomId(roomId);
  const [row] = await ctx.db.select().from(t.blockedRooms).where(eq(t.blockedRooms.roomId, roomId)).limit(1);
  return row ? { block: true, userId: row.userId } : { block: false, userId: null };
}

/** Blocking works for rooms this server does not know too, so they cannot be joined later (§5.9). */
export async function setBlockStatus(ctx: Ctx, input: { roomId: string; block: boolean; userId: string }): Promise<void> {
  checkAdminRoomId(input.roomId);
  if (input.block) {
    await ctx.db.insert(t.blockedRooms).values({ roomId: input.roomId, userId: input.userId, blockedTs: ctx.clock.now() }).onConflictDoNothing();
  } else {
    await ctx.db.delete(t.blockedRooms).where(eq(t.blockedRooms.roomId, input.roomId));
  }
}
