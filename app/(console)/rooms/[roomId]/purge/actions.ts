"use server";
import { requestPurgeHistory } from "@/server/purge";
import { roleAction } from "../../../_lib/action";
import { requestPurgeSchema } from "./schemas";

/**
 * Admins only: schedule a purge_history task. The core validates the cutoff again, resolves it to a
 * token and records the request in the audit log with the task id.
 */
export const requestPurgeAction = roleAction(["admin"], requestPurgeSchema, async (input, _session, ctx) => {
  const target = input.eventId !== undefined ? { eventId: input.eventId } : { ts: input.ts };
  return requestPurgeHistory(ctx, { roomId: input.roomId, ...target, deleteLocalEvents: input.deleteLocalEvents });
});
