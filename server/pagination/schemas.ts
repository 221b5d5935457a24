import { z } from "zod";
import { MatrixError } from "../errors";
import { parseTokenParam, type Direction, type RoomKey } from "./tokens";

const strings = z.array(z.string());

/** RoomEventFilter (client-server spec + MSC2326 labels, MSC3440 related_by_*, MSC3874 rel types). Unknown keys are ignored. */
export const roomEventFilterSchema = z.object({
  limit: z.number().optional(),
  types: strings.optional(),
  not_types: strings.optional(),
  senders: strings.optional(),
  not_senders: strings.optional(),
  rooms: strings.optional(),
  not_rooms: strings.optional(),
  contains_url: z.boolean().optional(),
  lazy_load_members: z.boolean().optional(),
  include_redundant_members: z.boolean().optional(),
  unread_thread_notifications: z.boolean().optional(),
  "org.matrix.labels": strings.optional(),
  "org.matrix.not_labels": strings.optional(),
  related_by_senders: strings.optional(),
  related_by_rel_types: strings.optional(),
  "org.matrix.msc3874.rel_types": strings.optional(),
  "org.matrix.msc3874.not_rel_types": strings.optional(),
  event_format: z.enum(["client", "federation"]).optional(),
  event_fields: strings.optional(),
});

export type RoomEventFilter = z.output<typeof roomEventFilterSchema>;

const NOT_JSON = "Query parameter filter must be a valid JSON object";

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Synapse unquotes the filter once more; accept double-encoded filters as a fallback only. */
function decodeFilterText(text: string): unknown {
  const direct = parseJson(text);
  if (direct.ok) return direct.value;
  try {
    const again = parseJson(decodeURIComponent(text));
    if (again.ok) return again.value;
  } catch {
    // not percent-encoded either
  }
  throw new MatrixError("M_NOT_JSON", NOT_JSON);
}

/** The `filter` query parameter: absent/empty → null; invalid JSON → M_NOT_JSON; wrong JSON types → M_BAD_JSON. */
export function parseFilterParam(text: string | null | undefined): RoomEventFilter | null {
  if (text === null || text === undefined || text === "") return null;
  const value = decodeFilterText(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new MatrixError("M_BAD_JSON", "Query parameter filter must be a JSON object");
  }
  const result = roomEventFilterSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `'${issue.path.join(".")}': ` : "";
  throw new MatrixError("M_BAD_JSON", `Invalid filter: ${where}${issue?.message ?? "wrong type"}`);
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;

/** `limit`: default 10, clamped to 1000; negative or non-integer → M_INVALID_PARAM. */
export function parseLimitParam(text: string | null | undefined, fallback = DEFAULT_LIMIT): number {
  if (text === null || text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) throw new MatrixError("M_INVALID_PARAM", "Query parameter 'limit' must be an integer.");
  const n = Number(text.trim());
  if (n < 0) throw new MatrixError("M_INVALID_PARAM", "Query parameter 'limit' must be a positive integer.");
  return Math.min(n, MAX_LIMIT);
}

/** `dir`: b or f, default f (Synapse defaults although the spec says required). */
export function parseDirParam(text: string | null | undefined): Direction {
  if (text === null || text === undefined) return "f";
  if (text === "b" || text === "f") return text;
  throw new MatrixError("M_INVALID_PARAM", "Query parameter 'dir' must be one of ['b', 'f']");
}

export interface PaginationParams {
  from: RoomKey | null;
  /** The client's from exactly as sent: `start` echoes it unless the server clamps (decisions.md). */
  fromText: string | null;
  to: RoomKey | null;
  dir: Direction;
  limit: number;
  filter: RoomEventFilter | null;
  /** Federation-format (PDU-shaped) events: `raw` present or filter event_format "federation". */
  raw: boolean;
}

/** /messages query parameters, validated in Synapse's order (from, to, dir, limit, filter). */
export function parsePaginationQuery(query: URLSearchParams): PaginationParams {
  const fromText = query.get("from");
  const from = parseTokenParam(fromText, "from");
  const to = parseTokenParam(query.get("to"), "to");
  const dir = parseDirParam(query.get("dir"));
  const limit = parseLimitParam(query.get("limit"));
  const filter = parseFilterParam(query.get("filter"));
  const raw = query.has("raw") || filter?.event_format === "federation";
  return { from, fromText: from ? fromText : null, to, dir, limit, filter, raw };
}

/** timestamp_to_event: `ts` required integer (ms), `dir` b or f (default f). */
export function parseTimestampQuery(query: URLSearchParams): { ts: number; dir: Direction } {
  const text = query.get("ts");
  if (text === null) throw new MatrixError("M_MISSING_PARAM", "Missing integer query parameter 'ts'");
  if (!/^-?\d{1,16}$/.test(text.trim())) throw new MatrixError("M_INVALID_PARAM", "Query parameter 'ts' must be an integer.");
  return { ts: Number(text.trim()), dir: parseDirParam(query.get("dir")) };
}

/** /context query: `limit` (default 10) and `filter`. */
export function parseContextQuery(query: URLSearchParams): { limit: number; filter: RoomEventFilter | null; raw: boolean } {
  const limit = parseLimitParam(query.get("limit"));
  const filter = parseFilterParam(query.get("filter"));
  return { limit, filter, raw: query.has("raw") || filter?.event_format === "federation" };
}
