import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { checkRoomAccess, type RoomAccess, type ViewerInput } from "./check-access";
import { filterClauses, matchesFilter } from "./filter";
import { loadAnnotated, type AnnotatedEvent } from "./load-events";
import { keyBound } from "./paginate-room";
import { presentEvents, serializeOptions, serializeRow, visibleTo } from "./present";
import { DEFAULT_LIMIT, MAX_LIMIT, type RoomEventFilter } from "./schemas";
import { textArray } from "./sql-arrays";
import { formatRoomKey, nextKey } from "./tokens";

export interface EventContextInput {
  roomId: string;
  eventId: string;
  viewer: ViewerInput;
  limit?: number;
  filter?: RoomEventFilter | null;
  raw?: boolean;
}

type Json = Record<string, unknown>;

export interface EventContextResult {
  events_before: Json[];
  event: Json;
  events_after: Json[];
  state: Json[];
  start: string;
  end: string;
}

async function loadAnchor(ctx: Ctx, access: RoomAccess, input: EventContextInput): Promise<AnnotatedEvent> {
  const [anchor] = await loadAnnotated(ctx, {
    roomId: input.roomId,
    where: [sql`e.event_id = ${input.eventId}`, sql`e.rejection_reason is null`],
    order: "asc",
    limit: 1,
    viewerId: access.viewer ? access.userId : null,
    deviceId: access.deviceId,
    raw: input.raw,
  });
  if (!anchor) throw new MatrixError("M_NOT_FOUND", "Event not found.");
  // The anchor as the viewer gets it (pruned for an erased sender).
  const [shown] = visibleTo(access, [anchor]);
  if (!shown) throw new MatrixError("M_FORBIDDEN", "You don't have permission to access that event.");
  return shown;
}

function around(input: EventContextInput, side: SQL): SQL[] {
  return [sql`not e.outlier`, side, ...filterClauses(input.filter ?? null, input.roomId)];
}

/** State after `at`: every key, or with lazy loading only the members who sent something shown. */
async function stateAt(ctx: Ctx, access: RoomAccess, input: EventContextInput, at: AnnotatedEvent, senders: string[]): Promise<AnnotatedEvent[]> {
  const lazy = input.filter?.lazy_load_members ? sql`and (h.type <> 'm.room.member' or h.state_key = any(${textArray(senders)}))` : sql``;
  const rows = await loadAnnotated(ctx, {
    roomId: input.roomId,
    where: [
      sql`e.event_id in (select distinct on (h.type, h.state_key) h.event_id from room_state_history h
        where h.room_id = ${input.roomId} and (h.depth, h.stream_ordering) <= (${at.event.depth}, ${at.event.streamOrdering}) ${lazy}
        order by h.type, h.state_key, h.depth desc, h.stream_ordering desc)`,
    ],
    order: "asc",
    limit: null,
    viewerId: access.viewer ? access.userId : null,
    deviceId: access.deviceId,
    raw: input.raw,
  });
  const filter = input.filter ?? null;
  const matching = rows.filter((r) => matchesFilter({ ...r.event, labels: labelsOf(r.event.content) }, filter));
  return visibleTo(access, matching);
}

function labelsOf(content: Json): string[] {
  const labels = content["org.matrix.labels"];
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === "string") : [];
}

/**
 * GET /rooms/{roomId}/context/{eventId}: the event with up to limit/2 events before and the rest
 * after (Synapse's split), the state after the last event returned, and tokens to page on.
 */
export async function getEventContext(ctx: Ctx, input: EventContextInput): Promise<EventContextResult> {
  // Synapse's /context has no membership check of its own: whoever is not joined now (departed
  // users included) is peeking, nobody is clamped, and visibility at each event decides (a hidden
  // anchor is a 403).
  const access = await checkRoomAccess(ctx, input.roomId, input.viewer, { mode: "event" });
  const anchor = await loadAnchor(ctx, access, input);
  const limit = Math.min(Math.max(0, input.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  const beforeLimit = Math.floor(limit / 2);
  const position = { kind: "topo", depth: anchor.event.depth, stream: anchor.event.streamOrdering } as const;
  const viewer = { viewerId: access.viewer ? access.userId : null, deviceId: access.deviceId, raw: input.raw };
  const [before, after] = await Promise.all([
    loadAnnotated(ctx, { roomId: input.roomId, where: around(input, keyBound(position, "<")), order: "desc", limit: beforeLimit, ...viewer }),
    loadAnnotated(ctx, { roomId: input.roomId, where: around(input, keyBound(position, ">")), order: "asc", limit: limit - beforeLimit, ...viewer }),
  ]);
  const lastBefore = before[before.length - 1];
  const lastAfter = after[after.length - 1];
  const start = formatRoomKey(nextKey(lastBefore?.event ?? anchor.event, "b"));
  const end = formatRoomKey(nextKey(lastAfter?.event ?? anchor.event, "f"));
  const shownBefore = visibleTo(access, before);
  const shownAfter = visibleTo(access, after);
  const all = [...shownBefore, anchor, ...shownAfter];
  const serialized = await presentEvents(ctx, access, all, input.raw ?? false);
  const stateRows = await stateAt(ctx, access, input, shownAfter[shownAfter.length - 1] ?? anchor, all.map((r) => r.event.sender));
  const options = serializeOptions(ctx, access);
  return {
    events_before: serialized.slice(0, shownBefore.length),
    event: serialized[shownBefore.length] ?? {},
    events_after: serialized.slice(shownBefore.length + 1),
    state: stateRows.map((r) => serializeRow(r, options, { raw: input.raw })),
    start,
    end,
  };
}
