import { getEventContext, paginateRoom, parseContextQuery, parseTimestampQuery, timestampToEvent } from "@/server/pagination";
import { withAdmin } from "../auth";
import { messagesInput } from "../history-input";
import { json } from "../respond";
import { route, type Route } from "../router";

// Admin /messages, /context, timestamp_to_event: server admins only, no visibility filtering.
export const adminHistoryRoutes: Route[] = [
  route(
    "GET",
    "/_synapse/admin/v1/rooms/:roomId/messages",
    withAdmin(async (c, r) => json(await paginateRoom(c.app.ctx(r.userId), messagesInput(c, { admin: true, userId: r.userId })))),
  ),
  route(
    "GET",
    "/_synapse/admin/v1/rooms/:roomId/context/:eventId",
    withAdmin(async (c, r) => {
      const q = parseContextQuery(c.query);
      const input = { roomId: c.params.roomId ?? "", eventId: c.params.eventId ?? "", viewer: { admin: true as const, userId: r.userId }, ...q };
      return json(await getEventContext(c.app.ctx(r.userId), input));
    }),
  ),
  route(
    "GET",
    "/_synapse/admin/v1/rooms/:roomId/timestamp_to_event",
    withAdmin(async (c, r) => {
      const { ts, dir } = parseTimestampQuery(c.query);
      return json(await timestampToEvent(c.app.ctx(r.userId), { roomId: c.params.roomId ?? "", viewer: { admin: true, userId: r.userId }, ts, dir }));
    }),
  ),
];
