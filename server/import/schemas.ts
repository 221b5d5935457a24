import { z } from "zod";
import { isValidEventId, isValidUserId } from "../events/ids";

/** One PDU as another server (or an export) carries it; fields we do not store are ignored. */
export const pduSchema = z.object({
  event_id: z.string().refine(isValidEventId, "must be an event ID ($…)").optional(),
  room_id: z.string().optional(),
  type: z.string().min(1),
  sender: z.string().refine(isValidUserId, "must be a user ID (@localpart:server)"),
  content: z.record(z.string(), z.unknown()),
  origin_server_ts: z.number().int().nonnegative(),
  state_key: z.string().optional(),
  prev_events: z.array(z.string().refine(isValidEventId, "must be an event ID ($…)")).optional(),
});
export type Pdu = z.output<typeof pduSchema>;

export const MAX_IMPORT_BATCH = 10_000;

export const importBodySchema = z.object({
  events: z.array(z.unknown()).max(MAX_IMPORT_BATCH, `at most ${MAX_IMPORT_BATCH} events per call`),
});
