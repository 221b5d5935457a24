import { previewPurge, type PurgePreview } from "@/server/purge/preview-purge";
import { parsePreviewQuery } from "@/server/purge/schemas";
import { withRole } from "../auth";
import { json } from "../respond";
import { route, type Route, type RouteHandler } from "../router";

function toJson(p: PurgePreview): Record<string, unknown> {
  return {
    room_id: p.roomId,
    boundary: { event_id: p.boundary.eventId, token: p.boundary.token, depth: p.boundary.depth },
    delete_local_events: p.deleteLocalEvents,
    delete: {
      total: p.delete.total,
      local: p.delete.local,
      remote: p.delete.remote,
      by_type: p.delete.byType,
      oldest_ts: p.delete.oldestTs,
      newest_ts: p.delete.newestTs,
    },
    keep: {
      state_events: p.keep.stateEvents,
      local_events: p.keep.localEvents,
      at_or_after_boundary: p.keep.atOrAfterBoundary,
      newest_event_id: p.keep.newestEventId,
    },
    refusal: p.refusal,
  };
}

// Read-only: what POST purge_history with the same parameters would delete and keep.
const purgePreview: RouteHandler = withRole(["admin"], async (c, requester) => {
  const input = parsePreviewQuery(c.params.roomId ?? "", c.query);
  return json(toJson(await previewPurge(c.app.ctx(requester.userId), input)));
});

export const purgePreviewRoutes: Route[] = [route("GET", "/_scrollback/v1/rooms/:roomId/purge_preview", purgePreview)];
