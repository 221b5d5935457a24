import { z } from "zod";
import { MatrixError } from "../errors";
import type { RoomPurgeProgress } from "../purge";

export const DEFAULT_ROOM_NAME = "Content Violation Notification";
export const DEFAULT_MESSAGE =
  "Sharing illegal content on this server is not permitted and rooms in violation will be blocked.";

export const SHUTDOWN_ACTION = "shutdown_and_purge_room";
export const PURGE_ROOM_ACTION = "purge_room";
/** Task actions whose records the delete status endpoints report. */
export const DELETE_ACTIONS = [PURGE_ROOM_ACTION, SHUTDOWN_ACTION];

const bool = (name: string, fallback: boolean) =>
  z.boolean({ error: `Param '${name}' must be a boolean, if given` }).default(fallback);

// Synapse treats an empty name/message like an absent one.
const textWithDefault = (name: string, fallback: string) =>
  z
    .string({ error: `Param '${name}' must be a string, if given` })
    .nullish()
    .transform((value) => (value ? value : fallback));

/** The DELETE /rooms/{roomId} body (v1 and v2), with Synapse's defaults (§5.1). */
export const deleteRoomBodySchema = z.object({
  new_room_user_id: z.string({ error: "Param 'new_room_user_id' must be a string, if given" }).nullish(),
  room_name: textWithDefault("room_name", DEFAULT_ROOM_NAME),
  message: textWithDefault("message", DEFAULT_MESSAGE),
  block: bool("block", false),
  purge: bool("purge", true),
  force_purge: bool("force_purge", false),
});

export type DeleteRoomBody = z.output<typeof deleteRoomBodySchema>;

/** Synapse's ShutdownRoomParams: what a shutdown task carries. */
export interface ShutdownRoomParams {
  requester_user_id: string;
  new_room_user_id: string | null;
  new_room_name: string;
  message: string;
  block: boolean;
  purge: boolean;
  force_purge: boolean;
}

/** Synapse's ShutdownRoomResponse. */
export interface ShutdownRoomResponse {
  kicked_users: string[];
  failed_to_kick_users: string[];
  local_aliases: string[];
  new_room_id: string | null;
}

export type ShutdownPhase = "block" | "notice_room" | "members" | "notice" | "aliases" | "purge" | "done";

/**
 * What a shutdown task stores in its result: Synapse's response plus the bookkeeping that makes a
 * resumed run skip finished steps (the status endpoints show only Synapse's four keys).
 */
export interface ShutdownProgress extends ShutdownRoomResponse {
  phase?: ShutdownPhase;
  /** Local members still to handle when the member phase started. */
  members_total?: number;
  /** The notice message, recorded in the same transaction that sent it: never sent twice. */
  notice_event_id?: string | null;
  aliases_moved?: boolean;
  /** The room purge's own progress, once it started. */
  purge?: RoomPurgeProgress;
}

export function emptyResponse(): ShutdownRoomResponse {
  return { kicked_users: [], failed_to_kick_users: [], local_aliases: [], new_room_id: null };
}

/** Parses the request body; the first problem becomes a 400 M_BAD_JSON with Synapse's wording. */
export function parseDeleteRoomBody(body: Record<string, unknown>): DeleteRoomBody {
  const result = deleteRoomBodySchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new MatrixError("M_BAD_JSON", issue?.message ?? "Invalid request body");
}

export function toShutdownParams(body: DeleteRoomBody, requester: string): ShutdownRoomParams {
  return {
    requester_user_id: requester,
    new_room_user_id: body.new_room_user_id ?? null,
    new_room_name: body.room_name,
    message: body.message,
    block: body.block,
    purge: body.purge,
    force_purge: body.force_purge,
  };
}

/** Only Synapse's four response keys, for the HTTP answers. */
export function publicResponse(progress: ShutdownRoomResponse): ShutdownRoomResponse {
  return {
    kicked_users: progress.kicked_users,
    failed_to_kick_users: progress.failed_to_kick_users,
    local_aliases: progress.local_aliases,
    new_room_id: progress.new_room_id,
  };
}

const stringArray = z.array(z.string()).catch([]);

/** A stored task result read back as progress (tolerates null and foreign shapes). */
export const storedProgressSchema = z
  .object({
    kicked_users: stringArray,
    failed_to_kick_users: stringArray,
    local_aliases: stringArray,
    new_room_id: z.string().nullable().catch(null),
    phase: z.string().optional().catch(undefined),
    members_total: z.number().optional().catch(undefined),
    notice_event_id: z.string().nullable().optional().catch(undefined),
    aliases_moved: z.boolean().optional().catch(undefined),
  })
  .partial();

export function progressFromResult(result: unknown): ShutdownProgress {
  const parsed = storedProgressSchema.safeParse(result ?? {});
  const value = parsed.success ? parsed.data : {};
  return {
    ...emptyResponse(),
    ...value,
    phase: value.phase as ShutdownPhase | undefined,
    kicked_users: value.kicked_users ?? [],
    failed_to_kick_users: value.failed_to_kick_users ?? [],
    local_aliases: value.local_aliases ?? [],
    new_room_id: value.new_room_id ?? null,
  };
}
