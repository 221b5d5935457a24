import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { forbidden } from "../errors";
import { checkRedaction } from "./auth-rules";
import { findTxnEvent, writeAuthorizedEvent } from "./write-event";

export interface RedactEventInput {
  roomId: string;
  sender: string;
  eventId: string;
  reason?: string;
  txn?: { deviceId: string; txnId: string };
}

/** Redacts an event: your own with the events level for m.room.redaction, anyone's with the redact level. */
export async function redactEvent(ctx: Ctx, input: RedactEventInput): Promise<{ eventId: string }> {
  if (input.txn) {
    const existing = await findTxnEvent(ctx, input.roomId, input.sender, input.txn.deviceId, input.txn.txnId);
    if (existing) return { eventId: existing.eventId };
  }
  const [target] = await ctx.db
    .select({ sender: t.events.sender })
    .from(t.events)
    .where(and(eq(t.events.eventId, input.eventId), eq(t.events.roomId, input.roomId)))
    .limit(1);
  // `redacts` lives in content (room v11 and the spec's client format alike).
  const content: Record<string, unknown> = { redacts: input.eventId };
  if (input.reason !== undefined) content.reason = input.reason;
  const stored = await writeAuthorizedEvent(ctx, {
    roomId: input.roomId,
    users: [input.sender],
    check: (state) => checkRedaction(state, input.sender, target?.sender ?? null),
    draft: { type: "m.room.redaction", sender: input.sender, content, txn: input.txn },
    unknownRoom: () => forbidden(`User ${input.sender} not in room ${input.roomId}`),
  });
  return { eventId: stored.eventId };
}
