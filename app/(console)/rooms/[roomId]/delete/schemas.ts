import { z } from "zod";

/** The delete form's options (the v2 API's body, camel-cased). */
export const deleteOptionsSchema = z.object({
  newRoomUserId: z.string().trim().max(255),
  roomName: z.string().max(255),
  message: z.string().max(4000),
  block: z.boolean(),
  purge: z.boolean(),
  forcePurge: z.boolean(),
});

export const requestDeleteSchema = deleteOptionsSchema.extend({ roomId: z.string().min(1).max(255) });

export const previewQuerySchema = z.object({
  block: z.enum(["true", "false"]).default("false"),
  purge: z.enum(["true", "false"]).default("true"),
  new_room_user_id: z.string().max(255).optional(),
});
