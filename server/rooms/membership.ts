import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError, forbidden, notFound } from "../errors";
import { checkMembershipChange, type MembershipChange } from "./auth-rules";
import { getCurrentMembership } from "./state";
import { writeAuthorizedEvent } from "./write-event";
// Direct file import: the shutdown index imports rooms/create-room, and this would close a cycle.
import { onRoomForgotten } from "../shutdown/forgotten-rooms";

export type MembershipAction = "join" | "leave" | "invite" | "kick" | "ban" | "unban" | "knock";

const MEMBERSHIP_OF: Record<MembershipAction, MembershipChange> = {
  join: "join",
  leave: "leave",
  invite: "invite",
  kick: "leave",
  ban: "ban",
  unban: "leave",
  knock: "knock",
};

export interface ChangeMembershipInput {
  roomId: string;
  sender: string;
  /** The user the membership is about; the sender for join, leave and knock. */
  target: string;
  action: MembershipAction;
  reason?: string;
}

async function displayNameOf(ctx: Ctx, userId: string): Promise<string | null> {
  const [row] = await ctx.db.select({ displayname: t.users.displayname }).from(t.users).where(eq(t.users.userId, userId)).limit(1);
  return row?.displayname ?? null;
}

/** join, leave, invite, kick, ban, unban and knock: one m.room.member event, checked under the room lock. */
export async function changeMembership(ctx: Ctx, input: ChangeMembershipInput): Promise<{ eventId: string }> {
  const membership = MEMBERSHIP_OF[input.action];
  const content: Record<string, unknown> = { membership };
  if (input.reason !== undefined) content.reason = input.reason;
  if (membership === "join") {
    const displayname = await displayNameOf(ctx, input.target);
    if (displayname !== null) content.displayname = displayname;
  }
  if (input.action === "unban") {
    const current = await getCurrentMembership(ctx, input.roomId, input.target);
    if (current?.membership !== "ban") throw forbidden(`${input.target} is not banned from the room`);
  }
  const stored = await writeAuthorizedEvent(ctx, {
    roomId: input.roomId,
    users: [input.sender, input.target],
    check: (state) => checkMembershipChange(state, input.sender, input.target, membership),
    draft: { type: "m.room.member", stateKey: input.target, sender: input.sender, content },
    // Synapse answers joins to rooms it does not know with "No known servers" (no federation here).
    unknownRoom: () =>
      membership === "join" || membership === "knock"
        ? notFound("No known servers")
        : forbidden(`User ${input.sender} not in room ${input.roomId}`),
  });
  return { eventId: stored.eventId };
}

/** Marks the user's memberships of the room forgotten; only once they are no longer joined or invited. */
export async function forgetRoom(ctx: Ctx, input: { roomId: string; userId: string }): Promise<void> {
  const current = await getCurrentMembership(ctx, input.roomId, input.userId);
  if (current && (current.membership === "join" || current.membership === "invite" || current.membership === "knock")) {
    throw new MatrixError("M_UNKNOWN", `User ${input.userId} in room ${input.roomId}`, { status: 400 });
  }
  if (!current) return;
  await ctx.db
    .update(t.roomMemberships)
    .set({ forgotten: true })
    .where(and(eq(t.roomMemberships.roomId, input.roomId), eq(t.roomMemberships.userId, input.userId)));
  // With forgotten_room_retention_period set, the last local member forgetting schedules a purge (§5.8).
  await onRoomForgotten(ctx, input.roomId);
}
