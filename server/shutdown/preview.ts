import { and, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { KEPT_ROOM_TABLES } from "../purge";
import { getTasks } from "../tasks";
import { localAliases, REMOVED_MEMBERSHIPS } from "./members";
import { DELETE_ACTIONS } from "./schemas";
import { assertLegalRoomId } from "./shutdown-room";

export interface DeletePreviewInput {
  roomId: string;
  block: boolean;
  purge: boolean;
  newRoomUserId: string | null;
}

export interface DeletePreview {
  room_id: string;
  room_exists: boolean;
  /** Local members who would be made to leave, by current membership. */
  local_members: { join: string[]; invite: string[]; knock: string[] };
  /** Joined local members who would be moved to the notice room. */
  moved_to_notice_room: string[];
  remote_members: number;
  local_aliases: string[];
  /** What happens to the aliases: moved to the notice room, deleted by the purge, or left in place. */
  aliases_action: "move" | "delete" | "keep";
  purge: { events: number; rows: Record<string, number> } | null;
  blocked: { now: boolean; after: boolean };
  delete_in_progress: string | null;
}

/** Rows per table that a purge would delete: every table with a room_id column but those it keeps. */
async function purgeCounts(ctx: Ctx, roomId: string): Promise<Record<string, number>> {
  const tables = await ctx.db.execute<{ table_name: string }>(sql`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'room_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`);
  const rows: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    if (KEPT_ROOM_TABLES.has(table)) continue;
    const [row] = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where room_id = ${roomId}`);
    rows[table] = row?.n ?? 0;
  }
  return rows;
}

async function membersOf(ctx: Ctx, roomId: string) {
  const rows = await ctx.db
    .select({ userId: t.currentState.stateKey, membership: t.currentState.membership, isLocal: t.roomMemberships.isLocal })
    .from(t.currentState)
    .innerJoin(t.roomMemberships, eq(t.roomMemberships.eventId, t.currentState.eventId))
    .where(and(eq(t.currentState.roomId, roomId), eq(t.currentState.type, "m.room.member"), inArray(t.currentState.membership, [...REMOVED_MEMBERSHIPS])))
    .orderBy(t.roomMemberships.streamOrdering);
  const local = { join: [] as string[], invite: [] as string[], knock: [] as string[] };
  let remote = 0;
  for (const row of rows) {
    if (!row.isLocal) {
      if (row.membership === "join") remote++;
      continue;
    }
    if (row.membership === "join" || row.membership === "invite" || row.membership === "knock") local[row.membership].push(row.userId);
  }
  return { local, remote };
}

/** What a DELETE with these options would do, read-only. */
export async function previewRoomDeletion(ctx: Ctx, input: DeletePreviewInput): Promise<DeletePreview> {
  assertLegalRoomId(input.roomId);
  const { roomId } = input;
  const [room] = await ctx.db.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, roomId)).limit(1);
  const [block] = await ctx.db.select({ roomId: t.blockedRooms.roomId }).from(t.blockedRooms).where(eq(t.blockedRooms.roomId, roomId)).limit(1);
  const { local, remote } = await membersOf(ctx, roomId);
  const aliases = await localAliases(ctx.db, roomId, ctx.config.server_name);
  const notice = input.newRoomUserId !== null && room !== undefined;
  const pending = await getTasks(ctx, { actions: DELETE_ACTIONS, resourceId: roomId, statuses: ["active", "scheduled"] });
  let purge: DeletePreview["purge"] = null;
  if (input.purge) {
    const rows = await purgeCounts(ctx, roomId);
    purge = { events: rows.events ?? 0, rows };
  }
  return {
    room_id: roomId,
    room_exists: room !== undefined,
    local_members: local,
    moved_to_notice_room: notice ? local.join : [],
    remote_members: remote,
    local_aliases: aliases,
    aliases_action: notice ? "move" : input.purge ? "delete" : "keep",
    purge,
    blocked: { now: block !== undefined, after: block !== undefined || input.block },
    delete_in_progress: pending[0]?.id ?? null,
  };
}
