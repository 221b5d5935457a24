import { importBodySchema, importEvents } from "@/server/import";
import { withAdmin } from "../auth";
import { parseWith, readJsonObject } from "../body";
import { json } from "../respond";
import { route } from "../router";

// Import of PDUs from other servers (server admins only).
export const importRoutes = [
  route("POST", "/_scrollback/v1/rooms/:roomId/import", withAdmin(async (c, r) => {
    const body = parseWith(importBodySchema, await readJsonObject(c));
    const { eventIds } = await importEvents(c.app.ctx(r.userId), { roomId: c.params.roomId ?? "", events: body.events });
    return json({ event_ids: eventIds });
  })),
];
