import type { Ctx } from "../context";
import { forbidden } from "../errors";
import { validateEventContent } from "../events/validate-content";
import { checkMembershipChange, checkSendEvent, type MembershipChange } from "./auth-rules";
import { writeMessage } from "./send-batcher";
import { writeAuthorizedEvent } from "./write-event";
import { recordRetentionPolicyChange } from "../retention/record-policy-change";

export interface SendEventInput {
  roomId: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  /** null/undefined: a message-like event; a string (possibly ""): a state event. */
  stateKey?: string | null;
  /** Idempotency: the sender's device and the client's transaction id. */
  txn?: { deviceId: string; txnId: string };
}

const notInRoom = (sender: string, roomId: string) => () => forbidden(`User ${sender} not in room ${roomId}`);

/** Sends a message or state event as a joined member (PUT /send and PUT /state). */
export async function sendEvent(ctx: Ctx, input: SendEventInput): Promise<{ eventId: string }> {
  const stateKey = input.stateKey ?? null;
  validateEventContent({ roomId: input.roomId, type: input.type, stateKey, content: input.content });
  if (input.type === "m.room.member" && stateKey !== null) {
    const membership = input.content.membership as MembershipChange;
    const stored = await writeAuthorizedEvent(ctx, {
      roomId: input.roomId,
      users: [input.sender, stateKey],
      check: (state) => checkMembershipChange(state, input.sender, stateKey, membership),
      draft: { type: input.type, stateKey, sender: input.sender, content: input.content, txn: input.txn },
      unknownRoom: notInRoom(input.sender, input.roomId),
    });
    return { eventId: stored.eventId };
  }
  if (stateKey === null) {
    const stored = await writeMessage(ctx, { roomId: input.roomId, sender: input.sender, type: input.type, content: input.content, txn: input.txn, unknownRoom: notInRoom(input.sender, input.roomId) });
    return { eventId: stored.eventId };
  }
  const stored = await writeAuthorizedEvent(ctx, {
    roomId: input.roomId,
    users: [input.sender],
    check: (state) => checkSendEvent(state, input.sender, input.type, true, input.content),
    draft: { type: input.type, stateKey, sender: input.sender, content: input.content, txn: input.txn },
    unknownRoom: notInRoom(input.sender, input.roomId),
  });
  // Operators review who changed a room's retention and when (the audit log).
  if (input.type === "m.room.retention") {
    await recordRetentionPolicyChange({ ...ctx, actor: input.sender }, { roomId: input.roomId, eventId: stored.eventId, content: input.content });
  }
  return { eventId: stored.eventId };
}
