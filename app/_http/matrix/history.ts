import type { Requester } from "@/server/auth";
import {
  getEventContext,
  getRoomEvent,
  paginateRoom,
  parseContextQuery,
  parseTimestampQuery,
  timestampToEvent,
  type ViewerInput,
} from "@/server/pagination";
import { withUser } from "../auth";
import { messagesInput } from "../history-input";
import { json } from "../respond";
import { route, type Route } from "../router";

const viewerOf = (r: Requester): ViewerInput => ({ userId: r.userId, deviceId: r.deviceId });

// /messages, /context, /event, timestamp_to_event (client).
export const historyRoutes: Route[] = [
  route(
    "GET",
    "/_matrix/client/v3/rooms/:roomId/messages",
    withUser(async (c, r) => json(await paginateRoom(c.app.ctx(r.userId), messagesInput(c, viewerOf(r))))),
  ),
  route(
    "GET",
    "/_matrix/client/v3/rooms/:roomId/context/:eventId",
    withUser(async (c, r) => {
      const q = parseContextQuery(c.query);
      const roomId = c.params.roomId ?? "";
      const eventId = c.params.eventId ?? "";
      return json(await getEventContext(c.app.ctx(r.userId), { roomId, eventId, viewer: viewerOf(r), ...q }));
    }),
  ),
  route(
    "GET",
    "/_matrix/client/v3/rooms/:roomId/event/:eventId",
    withUser(async (c, r) => {
      const roomId = c.params.roomId ?? "";
      const eventId = c.params.eventId ?? "";
      return json(await getRoomEvent(c.app.ctx(r.userId), { roomId, eventId, viewer: viewerOf(r) }));
    }),
  ),
  // MSC3030 landed under v1; the router only maps r0/api/v1/unstable to v3, so both paths are explicit.
  ...["/_matrix/client/v1/rooms/:roomId/timestamp_to_event", "/_matrix/client/unstable/org.matrix.msc3030/rooms/:roomId/timestamp_to_event"].map(
    (path) =>
      route(
        "GET",
        path,
        withUser(async (c, r) => {
          const { ts, dir } = parseTimestampQuery(c.query);
          return json(await timestampToEvent(c.app.ctx(r.userId), { roomId: c.params.roomId ?? "", viewer: viewerOf(r), ts, dir }));
        }),
      ),
  ),
];
