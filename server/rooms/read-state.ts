import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type * as t from "../db/schema";
import { forbidden, notFound } from "../errors";
import { atOrBefore, earlier, stateReadAccess, type RoomPosition } from "./room-access";
import { getCurrentState, getCurrentStateEvent, getCurrentMembership } from "./state";

interface EventRowSql extends Record<string, unknown> {
  event_id: string;
  room_id: string;
  stream_ordering: number;
  depth: number;
  type: string;
  state_key: string | null;
  sender: string;
  content: Record<string, unknown>;
  prev_events: string[];
  origin_server_ts: number;
  received_ts: number;
  is_local: boolean;
  outlier: boolean;
  rejection_reason: string | null;
  soft_failed: boolean;
  contains_url: boolean;
  redacted_by: string | null;
}

function toRow(r: EventRowSql): t.EventRow {
  return {
    eventId: r.event_id,
    roomId: r.room_id,
    streamOrdering: Number(r.stream_ordering),
    depth: Number(r.depth),
    type: r.type,
    stateKey: r.state_key,
    sender: r.sender,
    content: r.content,
    prevEvents: r.prev_events,
    originServerTs: Number(r.origin_server_ts),
    receivedTs: Number(r.received_ts),
    isLocal: r.is_local,
    outlier: r.outlier,
    rejectionReason: r.rejection_reason,
    softFailed: r.soft_failed,
    containsUrl: r.contains_url,
    redactedBy: r.redacted_by,
  };
}

/** The room's state at a position: per (type, state_key) the newest state event at or before it. */
export async function getStateAt(ctx: Ctx, roomId: string, position: RoomPosition, type?: string): Promise<t.EventRow[]> {
  const typeFilter = type === undefined ? sql`` : sql`and h.type = ${type}`;
  const rows = await ctx.db.execute<EventRowSql>(sql`
    select e.* from (
      select distinct on (h.type, h.state_key) h.event_id
      from room_state_history h
      where h.room_id = ${roomId} ${typeFilter} and ${atOrBefore(position, "h.depth", "h.stream_ordering")}
      order by h.type, h.state_key, h.depth desc, h.stream_ordering desc
    ) s join events e on e.event_id = s.event_id`);
  return rows.map(toRow);
}

/** GET /rooms/{roomId}/state for a user. */
export async function readRoomState(ctx: Ctx, input: { roomId: string; userId: string }): Promise<t.EventRow[]> {
  const access = await stateReadAccess(ctx, input.roomId, input.userId);
  return access.kind === "current" ? getCurrentState(ctx, input.roomId) : getStateAt(ctx, input.roomId, access.position);
}

/** GET /rooms/{roomId}/state/{type}/{key}: the event's content. */
export async function readStateEvent(ctx: Ctx, input: { roomId: string; userId: string; type: string; stateKey: string }): Promise<t.EventRow> {
  const access = await stateReadAccess(ctx, input.roomId, input.userId);
  const event =
    access.kind === "current"
      ? await getCurrentStateEvent(ctx, input.roomId, input.type, input.stateKey)
      : ((await getStateAt(ctx, input.roomId, access.position, input.type)).find((e) => e.stateKey === input.stateKey) ?? null);
  if (!event) throw notFound("Event not found.");
  return event;
}

export interface ListMembersInput {
  roomId: string;
  userId: string;
  at?: RoomPosition;
  membership?: string;
  notMembership?: string;
}

/** GET /rooms/{roomId}/members: member events, optionally at a point in history and filtered by membership. */
export async function listMembers(ctx: Ctx, input: ListMembersInput): Promise<t.EventRow[]> {
  const access = await stateReadAccess(ctx, input.roomId, input.userId);
  let position: RoomPosition | null = access.kind === "until" ? access.position : null;
  if (input.at) position = position ? earlier(position, input.at) : input.at;
  const events = position
    ? await getStateAt(ctx, input.roomId, position, "m.room.member")
    : (await getCurrentState(ctx, input.roomId)).filter((e) => e.type === "m.room.member");
  const membershipOf = (e: t.EventRow) => (typeof e.content.membership === "string" ? e.content.membership : "leave");
  return events.filter(
    (e) =>
      (input.membership === undefined || membershipOf(e) === input.membership) &&
      (input.notMembership === undefined || membershipOf(e) !== input.notMembership),
  );
}

/** GET /rooms/{roomId}/joined_members: only for current members, as Synapse. */
export async function joinedMembers(ctx: Ctx, input: { roomId: string; userId: string }): Promise<Record<string, { display_name: string | null; avatar_url: string | null }>> {
  const mine = await getCurrentMembership(ctx, input.roomId, input.userId);
  if (mine?.membership !== "join") throw forbidden(`User ${input.userId} not in room ${input.roomId}`);
  const members = (await getCurrentState(ctx, input.roomId)).filter((e) => e.type === "m.room.member" && e.content.membership === "join");
  const joined: Record<string, { display_name: string | null; avatar_url: string | null }> = {};
  for (const e of members) {
    const name = e.content.displayname;
    const avatar = e.content.avatar_url;
    joined[e.stateKey ?? ""] = { display_name: typeof name === "string" ? name : null, avatar_url: typeof avatar === "string" ? avatar : null };
  }
  return joined;
}
