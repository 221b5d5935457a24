import {
  deleteRoomNow,
  getDeleteStatus,
  getDeleteStatusForRoom,
  previewRoomDeletion,
  requestRoomDeletion,
} from "@/server/shutdown";
import { MatrixError } from "@/server/errors";
import { withAdmin } from "../auth";
import { readJsonObject } from "../body";
import { json } from "../respond";
import { route, type Route } from "../router";

function booleanQuery(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new MatrixError("M_INVALID_PARAM", `Boolean query parameter '${name}' must be one of ['true', 'false']`);
}

// Room shutdown and deletion v1/v2, delete status, and Scrollback's read-only delete preview.
export const deleteRoomRoutes: Route[] = [
  route(
    "DELETE",
    "/_synapse/admin/v1/rooms/:roomId",
    withAdmin(async (c, requester) => {
      const body = await readJsonObject(c);
      return json(await deleteRoomNow(c.app.ctx(requester.userId), { roomId: c.params.roomId ?? "", body }));
    }),
  ),
  route(
    "DELETE",
    "/_synapse/admin/v2/rooms/:roomId",
    withAdmin(async (c, requester) => {
      const body = await readJsonObject(c);
      return json(await requestRoomDeletion(c.app.ctx(requester.userId), { roomId: c.params.roomId ?? "", body }));
    }),
  ),
  // Registered before the by-room route so "delete_status/<id>" is never read as a room id.
  route(
    "GET",
    "/_synapse/admin/v2/rooms/delete_status/:deleteId",
    withAdmin(async (c, requester) => json(await getDeleteStatus(c.app.ctx(requester.userId), c.params.deleteId ?? ""))),
  ),
  route(
    "GET",
    "/_synapse/admin/v2/rooms/:roomId/delete_status",
    withAdmin(async (c, requester) => {
      const results = await getDeleteStatusForRoom(c.app.ctx(requester.userId), c.params.roomId ?? "");
      return json({ results });
    }),
  ),
  route(
    "GET",
    "/_scrollback/v1/rooms/:roomId/delete_preview",
    withAdmin(async (c, requester) => {
      const preview = await previewRoomDeletion(c.app.ctx(requester.userId), {
        roomId: c.params.roomId ?? "",
        block: booleanQuery(c.query, "block", false),
        purge: booleanQuery(c.query, "purge", true),
        newRoomUserId: c.query.get("new_room_user_id") || null,
      });
      return json(preview);
    }),
  ),
];
