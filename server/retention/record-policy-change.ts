import type { Ctx } from "../context";
import { recordAudit } from "../audit";
import { retentionPolicyOf } from "../events/persist-events";

export const RETENTION_POLICY_CHANGE_ACTION = "retention_policy_change";

export interface RetentionPolicyChange {
  roomId: string;
  /** The m.room.retention state event just stored. */
  eventId: string;
  content: Record<string, unknown>;
}

/**
 * Audit entry for a per-room policy change (a send of m.room.retention), by ctx.actor. Records
 * whether the content became a stored policy: `{}` or non-integer values fall back to the default.
 */
export async function recordRetentionPolicyChange(ctx: Ctx, input: RetentionPolicyChange): Promise<number> {
  const policy = retentionPolicyOf(input.content);
  return recordAudit(ctx, {
    action: RETENTION_POLICY_CHANGE_ACTION,
    roomId: input.roomId,
    target: input.eventId,
    params: {
      content: input.content,
      stored: policy ? { min_lifetime: policy.min, max_lifetime: policy.max } : null,
    },
    status: "ok",
  });
}
