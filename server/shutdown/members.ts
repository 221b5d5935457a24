import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import * as t from "../db/schema";
import { persistEvents, type EventDraft } from "../events/persist-events";

export const REMOVED_MEMBERSHIPS = ["join", "invite", "knock"] as const;

export interface LocalMember {
  userId: string;
  membership: string;
}

/**
 * Local users whose current membership the shutdown removes (join, invite, knock), in the order their
 * membership was stored. Users listed in `exclude` (earlier failures) are skipped so a retry loop ends.
 */
export async function nextLocalMembers(db: DbHandle, roomId: string, limit: number, exclude: string[]): Promise<LocalMember[]> {
  const conditions = [
    eq(t.currentState.roomId, roomId),
    eq(t.currentState.type, "m.room.member"),
    inArray(t.currentState.membership, [...REMOVED_MEMBERSHIPS]),
    eq(t.roomMemberships.isLocal, true),
  ];
  if (exclude.length > 0) conditions.push(notInArray(t.currentState.stateKey, exclude));
  const rows = await db
    .select({ userId: t.currentState.stateKey, membership: t.currentState.membership })
    .from(t.currentState)
    .innerJoin(t.roomMemberships, eq(t.roomMemberships.eventId, t.currentState.eventId))
    .where(and(...conditions))
    .orderBy(t.roomMemberships.streamOrdering)
    .limit(limit);
  return rows.map((r) => ({ userId: r.userId, membership: r.membership ?? "leave" }));
}

export async function countLocalMembers(db: DbHandle, roomId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(t.currentState)
    .innerJoin(t.roomMemberships, eq(t.roomMemberships.eventId, t.currentState.eventId))
    .where(
      and(
        eq(t.currentState.roomId, roomId),
        eq(t.currentState.type, "m.room.member"),
        inArray(t.currentState.membership, [...REMOVED_MEMBERSHIPS]),
        eq(t.roomMemberships.isLocal, true),
      ),
    );
  return row?.n ?? 0;
}

async function joinedAmong(db: DbHandle, roomId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: t.currentState.stateKey })
    .from(t.currentState)
    .where(
      and(
        eq(t.currentState.roomId, roomId),
        eq(t.currentState.type, "m.room.member"),
        eq(t.currentState.membership, "join"),
        inArray(t.currentState.stateKey, userIds),
      ),
    );
  return new Set(rows.map((r) => r.userId));
}

const memberDraft = (userId: string, membership: string): EventDraft => ({
  type: "m.room.member",
  stateKey: userId,
  sender: userId,
  content: { membership },
});

/**
 * Within the caller's transaction: each user leaves the room by their own leave event (this rejects
 * invites and rescinds knocks), forgets it, and, when a notice room exists and they had been joined,
 * joins the notice room. Membership endpoints are bypassed on purpose: Synapse's shutdown ignores rate
 * limits and consent. Forgetting here never schedules a forgotten-room purge.
 */
export async function removeMembers(ctx: Ctx, roomId: string, members: LocalMember[], noticeRoomId: string | null): Promise<void> {
  if (members.length === 0) return;
  const userIds = members.map((m) => m.userId);
  await persistEvents(ctx, roomId, userIds.map((u) => memberDraft(u, "leave")));
  await ctx.db
    .update(t.roomMemberships)
    .set({ forgotten: true })
    .where(and(eq(t.roomMemberships.roomId, roomId), inArray(t.roomMemberships.userId, userIds)));
  if (!noticeRoomId) return;
  const joined = members.filter((m) => m.membership === "join").map((m) => m.userId);
  // A user already in the notice room (its creator, or a resumed batch) is not joined twice.
  const already = await joinedAmong(ctx.db, noticeRoomId, joined);
  const toJoin = joined.filter((u) => !already.has(u));
  if (toJoin.length > 0) await persistEvents(ctx, noticeRoomId, toJoin.map((u) => memberDraft(u, "join")));
}

/** Local aliases of the room (Scrollback's directory only holds its own, but remote ones are skipped anyway). */
export async function localAliases(db: DbHandle, roomId: string, serverName: string): Promise<string[]> {
  const rows = await db.select({ alias: t.roomAliases.alias }).from(t.roomAliases).where(eq(t.roomAliases.roomId, roomId)).orderBy(t.roomAliases.alias);
  return rows.map((r) => r.alias).filter((a) => a.endsWith(`:${serverName}`));
}
