import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { notFound } from "../errors";

export const MEMBERSHIPS = ["join", "invite", "leave", "ban", "knock"] as const;
export type MembershipFilter = (typeof MEMBERSHIPS)[number];

export interface RoomMember {
  userId: string;
  membership: string;
  displayname: string | null;
  /** On this server (the user id's server name is ours). */
  isLocal: boolean;
  /** When the current membership event was sent. */
  sinceTs: number;
}

export interface RoomMembersPage {
  members: RoomMember[];
  /** Members matching the filter. */
  total: number;
  /** Every current membership, by kind (unfiltered). */
  counts: Record<string, number>;
}

export interface ListRoomMembersInput {
  roomId: string;
  membership?: MembershipFilter | null;
  offset?: number;
  limit?: number;
}

/**
 * The room's current members as the admin console sees them (no visibility rules): one page by
 * user id, the filtered total and counts per membership, from current_state (two index scans).
 */
export async function listRoomMembers(ctx: Ctx, input: ListRoomMembersInput): Promise<RoomMembersPage> {
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 1000);
  const offset = Math.max(input.offset ?? 0, 0);
  const room = await ctx.db.execute<{ one: number }>(sql`select 1 as one from rooms where room_id = ${input.roomId}`);
  if (room.length === 0) throw notFound(`Unknown room ${input.roomId}`);
  const only = input.membership ? sql`and cs.membership = ${input.membership}` : sql``;
  const suffix = `:${ctx.config.server_name}`;
  const [rows, counts] = await Promise.all([
    ctx.db.execute<{ user_id: string; membership: string; displayname: string | null; ts: number | string }>(sql`
      select cs.state_key as user_id, cs.membership, ev.content->>'displayname' as displayname, ev.origin_server_ts as ts
      from current_state cs join events ev on ev.event_id = cs.event_id
      where cs.room_id = ${input.roomId} and cs.type = 'm.room.member' ${only}
      order by cs.state_key limit ${limit} offset ${offset}`),
    ctx.db.execute<{ membership: string; n: number | string }>(sql`
      select coalesce(membership, 'leave') as membership, count(*) as n from current_state
      where room_id = ${input.roomId} and type = 'm.room.member' group by 1`),
  ]);
  const byKind = Object.fromEntries(counts.map((c) => [c.membership, Number(c.n)]));
  const total = input.membership ? (byKind[input.membership] ?? 0) : Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    members: rows.map((r) => ({
      userId: r.user_id,
      membership: r.membership,
      displayname: r.displayname,
      isLocal: r.user_id.endsWith(suffix),
      sinceTs: Number(r.ts),
    })),
    total,
    counts: byKind,
  };
}
