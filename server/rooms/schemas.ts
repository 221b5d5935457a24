import { z } from "zod";

const jsonObject = z.record(z.string(), z.unknown());

/** POST /createRoom body (unknown keys ignored, as Synapse). */
export const createRoomSchema = z.object({
  name: z.string().optional(),
  topic: z.string().optional(),
  preset: z.enum(["private_chat", "public_chat", "trusted_private_chat"]).optional(),
  visibility: z.enum(["public", "private"]).optional(),
  room_alias_name: z.string().min(1).optional(),
  invite: z.array(z.string()).optional(),
  initial_state: z.array(z.object({ type: z.string(), state_key: z.string().optional(), content: jsonObject })).optional(),
  power_level_content_override: jsonObject.optional(),
  room_version: z.string().optional(),
  creation_content: jsonObject.optional(),
  is_direct: z.boolean().optional(),
});
export type CreateRoomRequest = z.output<typeof createRoomSchema>;

export const membershipBodySchema = z.object({ reason: z.string().optional() });
export const targetBodySchema = z.object({ user_id: z.string(), reason: z.string().optional() });
export const aliasBodySchema = z.object({ room_id: z.string() });
export const redactBodySchema = z.object({ reason: z.string().optional() });
