import { z } from "zod";
import {
  getBlockStatus,
  getRoomDetails,
  getRoomMembersAdmin,
  getRoomStateAdmin,
  listRooms,
  ROOM_ORDERS,
  setBlockStatus,
  type RoomSummary,
} from "@/server/rooms";
import { serializeEvent } from "@/server/events";
import { MatrixError } from "@/server/errors";
import { withAdmin } from "../auth";
import { parseWith, readJsonObject } from "../body";
import { json } from "../respond";
import { route } from "../router";
import { queryBool, queryChoice, queryNonNegative } from "./params";

const ROOMS = "/_synapse/admin/v1/rooms";

/** Synapse's room list entry, plus Scrollback's counters (events, last activity, creation, block). */
function roomJson(room: RoomSummary): Record<string, unknown> {
  return {
    room_id: room.roomId,
    name: room.name,
    canonical_alias: room.canonicalAlias,
    joined_members: room.joinedMembers,
    joined_local_members: room.joinedLocalMembers,
    version: room.version,
    creator: room.creator,
    encryption: room.encryption,
    federatable: room.federatable,
    public: room.isPublic,
    join_rules: room.joinRule,
    guest_access: room.guestAccess,
    history_visibility: room.historyVisibility,
    state_events: room.stateEvents,
    room_type: room.roomType,
    events: room.events,
    last_activity_ts: room.lastActivityTs,
    created_ts: room.createdTs,
    blocked: room.blocked,
  };
}

const blockBody = z.object({ block: z.boolean() });

// Admin room list, details, members, state and block.
export const adminRoomRoutes = [
  route("GET", ROOMS, withAdmin(async (c, r) => {
    const q = c.query;
    const from = queryNonNegative(q, "from", 0);
    const limit = queryNonNegative(q, "limit", 100);
    const orderBy = queryChoice(q, "order_by", ROOM_ORDERS, "name", (v) => `Unknown value for order_by: ${v}`);
    const search = q.get("search_term") ?? undefined;
    if (search === "") throw new MatrixError("M_INVALID_PARAM", "search_term cannot be an empty string");
    const dir = queryChoice(q, "dir", ["f", "b"] as const, "f", (v) => `Unknown direction: ${v}`);
    const filters = {
      public: queryBool(q, "public_rooms"),
      empty: queryBool(q, "empty_rooms"),
      blocked: queryBool(q, "blocked"),
      withRetentionPolicy: queryBool(q, "with_retention_policy"),
    };
    const { rooms, total } = await listRooms(c.app.ctx(r.userId), { search, orderBy, dir, from, limit, filters });
    const body: Record<string, unknown> = { rooms: rooms.map(roomJson), offset: from, total_rooms: total };
    if (from + limit < total) body.next_batch = from + limit;
    if (from > 0) body.prev_batch = Math.max(0, from - limit);
    return json(body);
  })),
  route("GET", `${ROOMS}/:roomId`, withAdmin(async (c, r) => {
    const room = await getRoomDetails(c.app.ctx(r.userId), c.params.roomId ?? "");
    return json({ ...roomJson(room), topic: room.topic, avatar: room.avatar, joined_local_devices: room.joinedLocalDevices, forgotten: room.forgotten });
  })),
  route("GET", `${ROOMS}/:roomId/members`, withAdmin(async (c, r) => {
    const members = await getRoomMembersAdmin(c.app.ctx(r.userId), c.params.roomId ?? "");
    return json({ members, total: members.length });
  })),
  route("GET", `${ROOMS}/:roomId/state`, withAdmin(async (c, r) => {
    const ctx = c.app.ctx(r.userId);
    const roomId = c.params.roomId ?? "";
    const state = await getRoomStateAdmin(ctx, roomId, c.query.get("type") ?? undefined);
    const version = (await getRoomDetails(ctx, roomId)).version;
    return json({ state: state.map((e) => serializeEvent(e, { now: c.app.clock.now(), roomVersion: version })) });
  })),
  route("GET", `${ROOMS}/:roomId/block`, withAdmin(async (c, r) => {
    const status = await getBlockStatus(c.app.ctx(r.userId), c.params.roomId ?? "");
    return json(status.block ? { block: true, user_id: status.userId } : { block: false });
  })),
  route("PUT", `${ROOMS}/:roomId/block`, withAdmin(async (c, r) => {
    const body = parseWith(blockBody, await readJsonObject(c));
    await setBlockStatus(c.app.ctx(r.userId), { roomId: c.params.roomId ?? "", block: body.block, userId: r.userId });
    return json({ block: body.block });
  })),
];
