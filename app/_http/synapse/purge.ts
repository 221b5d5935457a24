import { getPurgeStatus } from "@/server/purge/get-purge-status";
import { submitPurgeHistory } from "@/server/purge/request-purge-history";
import { withAdmin } from "../auth";
import { readJsonObject } from "../body";
import { json } from "../respond";
import { route, type Route, type RouteHandler } from "../router";

// POST purge_history/{roomId}[/{eventId}]: validated fully here, then a purge_history task does the work.
const purgeHistory: RouteHandler = withAdmin(async (c, requester) => {
  const body = await readJsonObject(c, { empty: "object" });
  const input = { roomId: c.params.roomId ?? "", body, eventId: c.params.eventId };
  const { purgeId } = await submitPurgeHistory(c.app.ctx(requester.userId), input);
  return json({ purge_id: purgeId });
});

const purgeHistoryStatus: RouteHandler = withAdmin(async (c, requester) => {
  return json(await getPurgeStatus(c.app.ctx(requester.userId), c.params.purgeId ?? ""));
});

export const purgeHistoryRoutes: Route[] = [
  route("POST", "/_synapse/admin/v1/purge_history/:roomId", purgeHistory),
  route("POST", "/_synapse/admin/v1/purge_history/:roomId/:eventId", purgeHistory),
  route("GET", "/_synapse/admin/v1/purge_history_status/:purgeId", purgeHistoryStatus),
];
