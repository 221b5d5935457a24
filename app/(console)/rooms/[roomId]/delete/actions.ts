"use server";
import { requestRoomDeletion } from "@/server/shutdown";
import { toDeleteBody } from "@/components/shutdown/presets";
import { roleAction } from "../../../_lib/action";
import { requestDeleteSchema } from "./schemas";

/**
 * Admins only: schedule a shutdown_and_purge_room task (the v2 delete). The core validates the body
 * with Synapse's rules, refuses a second delete of the same room, and records the audit entry.
 */
export const requestDeleteAction = roleAction(["admin"], requestDeleteSchema, async ({ roomId, ...options }, _session, ctx) => {
  return requestRoomDeletion(ctx, { roomId, body: toDeleteBody(options) });
});
