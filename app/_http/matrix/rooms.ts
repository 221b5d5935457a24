import {
  aliasBodySchema,
  changeMembership,
  createRoomAsUser,
  createRoomSchema,
  deleteAlias,
  forgetRoom,
  getAccountData,
  getRoom,
  joinedMembers,
  listMembers,
  membershipBodySchema,
  parseRoomPosition,
  putAccountData,
  putAlias,
  readRoomState,
  readStateEvent,
  redactBodySchema,
  redactEvent,
  resolveAlias,
  resolveRoomIdOrAlias,
  sendEvent,
  targetBodySchema,
  type MembershipAction,
} from "@/server/rooms";
import { isValidEventId, isValidRoomId, isValidUserId, serializeEvent } from "@/server/events";
import { MatrixError } from "@/server/errors";
import type { Requester } from "@/server/auth";
import { withUser } from "../auth";
import { parseWith, readJsonObject } from "../body";
import { json } from "../respond";
import { route, type ApiContext } from "../router";

const V3 = "/_matrix/client/v3";

function roomIdParam(c: ApiContext): string {
  const roomId = c.params.roomId ?? "";
  if (!isValidRoomId(roomId)) throw new MatrixError("M_INVALID_PARAM", `Invalid room ID: ${roomId}`);
  return roomId;
}

function userIdOf(value: string): string {
  if (!isValidUserId(value)) throw new MatrixError("M_INVALID_PARAM", `Invalid user ID: ${value}`);
  return value;
}

const ctxOf = (c: ApiContext, r: Requester) => c.app.ctx(r.userId);

async function roomVersionOf(c: ApiContext, r: Requester, roomId: string): Promise<string> {
  return (await getRoom(ctxOf(c, r), roomId))?.roomVersion ?? "10";
}

const sendState = withUser(async (c, r) => {
  const roomId = roomIdParam(c);
  const content = await readJsonObject(c);
  const { eventId } = await sendEvent(ctxOf(c, r), { roomId, sender: r.userId, type: c.params.eventType ?? "", stateKey: c.params.stateKey ?? "", content });
  return json({ event_id: eventId });
});

const getState = withUser(async (c, r) => {
  const roomId = roomIdParam(c);
  const event = await readStateEvent(ctxOf(c, r), { roomId, userId: r.userId, type: c.params.eventType ?? "", stateKey: c.params.stateKey ?? "" });
  if (c.query.get("format") === "event") return json(serializeEvent(event, { now: c.app.clock.now(), roomVersion: await roomVersionOf(c, r, roomId) }));
  return json(event.content);
});

function membershipRoute(action: MembershipAction) {
  const needsTarget = action === "invite" || action === "kick" || action === "ban" || action === "unban";
  return withUser(async (c, r) => {
    const roomId = roomIdParam(c);
    const raw = await readJsonObject(c, { empty: "object" });
    const body = needsTarget ? parseWith(targetBodySchema, raw) : { ...parseWith(membershipBodySchema, raw), user_id: r.userId };
    await changeMembership(ctxOf(c, r), { roomId, sender: r.userId, target: userIdOf(body.user_id), action, reason: body.reason });
    return json(action === "join" ? { room_id: roomId } : {});
  });
}

function joinByIdOrAlias(action: "join" | "knock") {
  return withUser(async (c, r) => {
    const body = parseWith(membershipBodySchema, await readJsonObject(c, { empty: "object" }));
    const roomId = await resolveRoomIdOrAlias(ctxOf(c, r), c.params.roomIdOrAlias ?? "");
    await changeMembership(ctxOf(c, r), { roomId, sender: r.userId, target: r.userId, action, reason: body.reason });
    return json({ room_id: roomId });
  });
}

function accountDataKey(c: ApiContext, r: Requester, withRoom: boolean) {
  return { requester: r.userId, userId: c.params.userId ?? "", roomId: withRoom ? roomIdParam(c) : "", type: c.params.type ?? "" };
}

const putData = (withRoom: boolean) =>
  withUser(async (c, r) => {
    const key = accountDataKey(c, r, withRoom);
    await putAccountData(ctxOf(c, r), key, await readJsonObject(c));
    return json({});
  });

const getData = (withRoom: boolean) => withUser(async (c, r) => json(await getAccountData(ctxOf(c, r), accountDataKey(c, r, withRoom))));

export const roomRoutes = [
  route("POST", `${V3}/createRoom`, withUser(async (c, r) => {
    const body = parseWith(createRoomSchema, await readJsonObject(c, { empty: "object" }));
    const { roomId, alias } = await createRoomAsUser(ctxOf(c, r), r.userId, body);
    return json(alias ? { room_id: roomId, room_alias: alias } : { room_id: roomId });
  })),
  route("PUT", `${V3}/rooms/:roomId/send/:eventType/:txnId`, withUser(async (c, r) => {
    const roomId = roomIdParam(c);
    const content = await readJsonObject(c);
    const txn = { deviceId: r.deviceId, txnId: c.params.txnId ?? "" };
    const { eventId } = await sendEvent(ctxOf(c, r), { roomId, sender: r.userId, type: c.params.eventType ?? "", content, txn });
    return json({ event_id: eventId });
  })),
  route("PUT", `${V3}/rooms/:roomId/state/:eventType/:stateKey`, sendState),
  route("PUT", `${V3}/rooms/:roomId/state/:eventType`, sendState),
  route("GET", `${V3}/rooms/:roomId/state`, withUser(async (c, r) => {
    const roomId = roomIdParam(c);
    const events = await readRoomState(ctxOf(c, r), { roomId, userId: r.userId });
    const options = { now: c.app.clock.now(), roomVersion: await roomVersionOf(c, r, roomId) };
    return json(events.map((e) => serializeEvent(e, options)));
  })),
  route("GET", `${V3}/rooms/:roomId/state/:eventType/:stateKey`, getState),
  route("GET", `${V3}/rooms/:roomId/state/:eventType`, getState),
  route("POST", `${V3}/join/:roomIdOrAlias`, joinByIdOrAlias("join")),
  route("POST", `${V3}/knock/:roomIdOrAlias`, joinByIdOrAlias("knock")),
  ...(["join", "leave", "invite", "kick", "ban", "unban"] as const).map((action) => route("POST", `${V3}/rooms/:roomId/${action}`, membershipRoute(action))),
  route("POST", `${V3}/rooms/:roomId/forget`, withUser(async (c, r) => {
    await forgetRoom(ctxOf(c, r), { roomId: roomIdParam(c), userId: r.userId });
    return json({});
  })),
  route("PUT", `${V3}/rooms/:roomId/redact/:eventId/:txnId`, withUser(async (c, r) => {
    const roomId = roomIdParam(c);
    const eventId = c.params.eventId ?? "";
    if (!isValidEventId(eventId)) throw new MatrixError("M_INVALID_PARAM", `Invalid event ID: ${eventId}`);
    const body = parseWith(redactBodySchema, await readJsonObject(c, { empty: "object" }));
    const txn = { deviceId: r.deviceId, txnId: c.params.txnId ?? "" };
    const result = await redactEvent(ctxOf(c, r), { roomId, sender: r.userId, eventId, reason: body.reason, txn });
    return json({ event_id: result.eventId });
  })),
  route("GET", `${V3}/rooms/:roomId/members`, withUser(async (c, r) => {
    const roomId = roomIdParam(c);
    const atToken = c.query.get("at");
    const at = atToken === null ? undefined : parseRoomPosition(atToken);
    if (at === null) throw new MatrixError("M_UNKNOWN", "'at' parameter is invalid", { status: 400 });
    const events = await listMembers(ctxOf(c, r), {
      roomId,
      userId: r.userId,
      at,
      membership: c.query.get("membership") ?? undefined,
      notMembership: c.query.get("not_membership") ?? undefined,
    });
    const options = { now: c.app.clock.now(), roomVersion: await roomVersionOf(c, r, roomId) };
    return json({ chunk: events.map((e) => serializeEvent(e, options)) });
  })),
  route("GET", `${V3}/rooms/:roomId/joined_members`, withUser(async (c, r) => json({ joined: await joinedMembers(ctxOf(c, r), { roomId: roomIdParam(c), userId: r.userId }) }))),
  route("PUT", `${V3}/directory/room/:alias`, withUser(async (c, r) => {
    const body = parseWith(aliasBodySchema, await readJsonObject(c));
    await putAlias(ctxOf(c, r), { alias: c.params.alias ?? "", roomId: body.room_id, userId: r.userId });
    return json({});
  })),
  route("GET", `${V3}/directory/room/:alias`, async (c) => {
    const found = await resolveAlias(c.app.ctx("system:directory"), c.params.alias ?? "");
    return json({ room_id: found.roomId, servers: found.servers });
  }),
  route("DELETE", `${V3}/directory/room/:alias`, withUser(async (c, r) => {
    await deleteAlias(ctxOf(c, r), { alias: c.params.alias ?? "", userId: r.userId, admin: r.admin });
    return json({});
  })),
  route("PUT", `${V3}/user/:userId/account_data/:type`, putData(false)),
  route("GET", `${V3}/user/:userId/account_data/:type`, getData(false)),
  route("PUT", `${V3}/user/:userId/rooms/:roomId/account_data/:type`, putData(true)),
  route("GET", `${V3}/user/:userId/rooms/:roomId/account_data/:type`, getData(true)),
];
