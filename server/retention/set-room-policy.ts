import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { recordAudit } from "../audit";
import { forbidden, MatrixError, notFound } from "../errors";
import { validateEventContent } from "../events/validate-content";
import { checkSendEvent, powerLevelsOf, requiredPowerForEvent, userPower } from "../rooms/auth-rules";
import { writeAuthorizedEvent } from "../rooms/write-event";
import { getCurrentStateEvent, getRoom } from "../rooms/state";
import { RETENTION_POLICY_CHANGE_ACTION } from "./record-policy-change";

const lifetime = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable();

/** The console's policy editor: null clears a field; both null clears the room's policy. */
export const setRoomPolicySchema = z
  .object({
    roomId: z.string().regex(/^![^:\s]+:\S+$/, "must be a room ID (!opaque:server)").max(255),
    minLifetime: lifetime,
    maxLifetime: lifetime,
  })
  .refine((p) => p.minLifetime === null || p.maxLifetime === null || p.minLifetime <= p.maxLifetime, {
    message: "The minimum lifetime can not be greater than the maximum lifetime",
    path: ["minLifetime"],
  });
export type SetRoomPolicyInput = z.output<typeof setRoomPolicySchema>;

/**
 * The local joined member with the highest power level, if it may send m.room.retention. A server
 * operator is usually not in the room, so the state event is sent as the room's most powerful local
 * member (Synapse's make_room_admin picks an admin the same way); the audit entry names both.
 */
async function policySender(ctx: Ctx, roomId: string): Promise<string> {
  const members = await ctx.db.execute<{ user_id: string }>(sql`
    select state_key as user_id from current_state
    where room_id = ${roomId} and type = 'm.room.member' and membership = 'join'
      and state_key like ${`%:${ctx.config.server_name}`}`);
  const [create, powerLevels] = await Promise.all([getCurrentStateEvent(ctx, roomId, "m.room.create"), getCurrentStateEvent(ctx, roomId, "m.room.power_levels")]);
  const creator = create ? (typeof create.content.creator === "string" ? create.content.creator : create.sender) : null;
  const levels = powerLevelsOf({ creator, powerLevels: powerLevels?.content ?? null });
  const needed = requiredPowerForEvent(levels, "m.room.retention", true);
  const best = members.map((m) => m.user_id).sort((a, b) => userPower(levels, b) - userPower(levels, a) || a.localeCompare(b))[0];
  if (best === undefined || userPower(levels, best) < needed) {
    throw forbidden(`No local member of ${roomId} has the power level (${needed}) to change its retention policy`);
  }
  return best;
}

/**
 * Sets (or clears) a room's m.room.retention from the console: validated as a client send is, sent
 * as a local member allowed to, and recorded in the audit log as ctx.actor's change.
 */
export async function setRoomRetentionPolicy(ctx: Ctx, input: SetRoomPolicyInput): Promise<{ eventId: string; sender: string }> {
  if (!(await getRoom(ctx, input.roomId))) throw notFound(`Unknown room ${input.roomId}`);
  const content: Record<string, unknown> = {};
  if (input.minLifetime !== null) content.min_lifetime = input.minLifetime;
  if (input.maxLifetime !== null) content.max_lifetime = input.maxLifetime;
  validateEventContent({ roomId: input.roomId, type: "m.room.retention", stateKey: "", content });
  const sender = await policySender(ctx, input.roomId);
  const stored = await writeAuthorizedEvent(ctx, {
    roomId: input.roomId,
    users: [sender],
    check: (state) => checkSendEvent(state, sender, "m.room.retention", true, content),
    draft: { type: "m.room.retention", stateKey: "", sender, content },
    unknownRoom: () => new MatrixError("M_NOT_FOUND", `Unknown room ${input.roomId}`),
  });
  await recordAudit(ctx, {
    action: RETENTION_POLICY_CHANGE_ACTION,
    roomId: input.roomId,
    target: stored.eventId,
    params: { content, sent_as: sender, min_lifetime: input.minLifetime, max_lifetime: input.maxLifetime },
    status: "ok",
  });
  return { eventId: stored.eventId, sender };
}
