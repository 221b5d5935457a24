import { z } from "zod";

/** The purge form's submission: a cutoff (event id or time in ms) and whether local events go too. */
export const requestPurgeSchema = z
  .object({
    roomId: z.string().min(1).max(255),
    eventId: z.string().min(1).max(255).optional(),
    ts: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    deleteLocalEvents: z.boolean(),
  })
  .refine((v) => v.eventId !== undefined || v.ts !== undefined, { message: "Choose an event or a date and time.", path: ["eventId"] });
