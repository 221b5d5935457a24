import { MatrixError } from "../errors";
import type { PurgeTarget } from "./purge-point";

/** Python's bool(): what Synapse makes of `delete_local_events`. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

export interface PurgeHistoryRequest extends PurgeTarget {
  deleteLocalEvents: boolean;
}

/**
 * §4.1 body rules: the URL's event id wins over purge_up_to_event_id, which wins over
 * purge_up_to_ts (a JSON integer; booleans and floats are rejected).
 */
export function parsePurgeHistoryBody(roomId: string, body: Record<string, unknown>, urlEventId?: string): PurgeHistoryRequest {
  const deleteLocalEvents = truthy(body.delete_local_events);
  const bodyEventId = body.purge_up_to_event_id;
  if (urlEventId !== undefined) return { roomId, eventId: urlEventId, deleteLocalEvents };
  if (bodyEventId !== undefined && bodyEventId !== null) {
    if (typeof bodyEventId !== "string") throw new MatrixError("M_BAD_JSON", "purge_up_to_event_id must be a string");
    return { roomId, eventId: bodyEventId, deleteLocalEvents };
  }
  if ("purge_up_to_ts" in body) {
    const ts = body.purge_up_to_ts;
    if (typeof ts !== "number" || !Number.isSafeInteger(ts)) throw new MatrixError("M_BAD_JSON", "purge_up_to_ts must be an int");
    return { roomId, ts, deleteLocalEvents };
  }
  throw new MatrixError("M_BAD_JSON", "must specify purge_up_to_event_id or purge_up_to_ts");
}

/** The preview's query parameters, with the purge endpoint's rules and errors. */
export function parsePreviewQuery(roomId: string, query: URLSearchParams): PurgeHistoryRequest {
  const deleteLocal = query.get("delete_local_events");
  let deleteLocalEvents = false;
  if (deleteLocal !== null) {
    if (deleteLocal !== "true" && deleteLocal !== "false") {
      throw new MatrixError("M_INVALID_PARAM", "Boolean query parameter 'delete_local_events' must be one of ['true', 'false']");
    }
    deleteLocalEvents = deleteLocal === "true";
  }
  const eventId = query.get("event_id");
  if (eventId !== null) return { roomId, eventId, deleteLocalEvents };
  const ts = query.get("ts");
  if (ts !== null) {
    if (!/^-?\d{1,16}$/.test(ts) || !Number.isSafeInteger(Number(ts))) throw new MatrixError("M_BAD_JSON", "ts must be an int");
    return { roomId, ts: Number(ts), deleteLocalEvents };
  }
  throw new MatrixError("M_BAD_JSON", "must specify event_id or ts");
}
