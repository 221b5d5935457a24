"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runRetentionNow } from "@/server/retention";
import { setRoomPolicySchema, setRoomRetentionPolicy } from "@/server/retention/set-room-policy";
import { roleAction } from "../_lib/action";

const roomIdSchema = z.object({ roomId: z.string().regex(/^![^:\s]+:\S+$/, "must be a room ID (!opaque:server)").max(255) });

/** Operators and admins: set or clear a room's m.room.retention (audited as the console user). */
export const setRoomPolicyAction = roleAction(["operator"], setRoomPolicySchema, async (input, _session, ctx) => {
  const result = await setRoomRetentionPolicy(ctx, input);
  revalidatePath("/retention");
  revalidatePath(`/rooms/${encodeURIComponent(input.roomId)}`);
  return result;
});

/** Operators and admins: a retention purge of one room now, as a task (the core audits it). */
export const runRetentionNowAction = roleAction(["operator"], roomIdSchema, async (input, _session, ctx) => {
  return runRetentionNow(ctx, { roomId: input.roomId });
});
