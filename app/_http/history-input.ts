import { parsePaginationQuery, type PaginateRoomInput, type ViewerInput } from "@/server/pagination";
import type { ApiContext } from "./router";

/** The /messages query of the client and admin endpoints, as paginateRoom's input for a viewer. */
export function messagesInput(c: ApiContext, viewer: ViewerInput): PaginateRoomInput {
  const q = parsePaginationQuery(c.query);
  return {
    roomId: c.params.roomId ?? "",
    viewer,
    from: q.fromText,
    to: c.query.get("to"),
    dir: q.dir,
    limit: q.limit,
    filter: q.filter,
    raw: q.raw,
  };
}
