import type { z } from "zod";
import { MatrixError } from "@/server/errors";
import type { PurgePreview } from "@/server/purge";
import {
  forecastJob,
  forecastRoom,
  listRetentionJobs,
  listRetentionRooms,
  runRetentionNow,
  type RoomForecast,
  type RoomRetention,
} from "@/server/retention";
import { forecastQuery, listJobsQuery, listRoomsQuery, runNowBody } from "@/server/retention/schemas";
import { withRole } from "../auth";
import { parseWith, readJsonObject } from "../body";
import { json } from "../respond";
import { route, type ApiContext, type Route } from "../router";

/** Query parameters through the domain's zod schema; a bad one is 400 M_INVALID_PARAM naming it. */
function parseQuery<S extends z.ZodType>(schema: S, c: ApiContext): z.output<S> {
  const result = schema.safeParse(Object.fromEntries(c.query));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `Query parameter "${issue.path.join(".")}": ` : "";
  throw new MatrixError("M_INVALID_PARAM", `${where}${issue?.message ?? "invalid query"}`);
}

export function roomJson(r: RoomRetention) {
  const policy = (p: { minLifetime: number | null; maxLifetime: number | null }) => ({ min_lifetime: p.minLifetime, max_lifetime: p.maxLifetime });
  return {
    room_id: r.roomId,
    enabled: r.enabled,
    room: r.room ? { ...policy(r.room), event_id: r.room.eventId } : null,
    default: policy(r.default),
    effective: { ...policy(r.effective), source: { min_lifetime: r.source.minLifetime, max_lifetime: r.source.maxLifetime } },
    purge_max_lifetime: r.purgeMaxLifetime,
    clamped: r.clamped,
    job: r.job,
  };
}

// The same shape as GET rooms/:roomId/purge_preview.
function previewJson(p: PurgePreview) {
  const d = p.delete;
  return {
    room_id: p.roomId,
    boundary: { event_id: p.boundary.eventId, token: p.boundary.token, depth: p.boundary.depth },
    delete_local_events: p.deleteLocalEvents,
    delete: { total: d.total, local: d.local, remote: d.remote, by_type: d.byType, oldest_ts: d.oldestTs, newest_ts: d.newestTs },
    keep: {
      state_events: p.keep.stateEvents,
      local_events: p.keep.localEvents,
      at_or_after_boundary: p.keep.atOrAfterBoundary,
      newest_event_id: p.keep.newestEventId,
    },
    refusal: p.refusal,
  };
}

function roomForecastJson(f: RoomForecast) {
  return { room: roomJson(f.room), at: f.at, cutoff: f.cutoff, preview: f.preview ? previewJson(f.preview) : null, reason: f.reason };
}

const OPS = withRole.bind(null, ["admin", "operator"]);

export const retentionRoutes: Route[] = [
  route(
    "GET",
    "/_scrollback/v1/retention/jobs",
    OPS(async (c, requester) => {
      const query = parseQuery(listJobsQuery, c);
      return json(await listRetentionJobs(c.app.ctx(requester.userId), { lastRuns: query.last_runs }));
    }),
  ),
  route(
    "GET",
    "/_scrollback/v1/retention/rooms",
    OPS(async (c, requester) => {
      const query = parseQuery(listRoomsQuery, c);
      const page = await listRetentionRooms(c.app.ctx(requester.userId), query);
      return json({ rooms: page.rooms.map(roomJson), next_from: page.next_from });
    }),
  ),
  route(
    "GET",
    "/_scrollback/v1/retention/forecast",
    OPS(async (c, requester) => {
      const query = parseQuery(forecastQuery, c);
      const ctx = c.app.ctx(requester.userId);
      if (query.job !== undefined) return json(await forecastJob(ctx, query.job));
      return json(roomForecastJson(await forecastRoom(ctx, query.room_id ?? "")));
    }),
  ),
  route(
    "POST",
    "/_scrollback/v1/retention/run",
    OPS(async (c, requester) => {
      const body = parseWith(runNowBody, await readJsonObject(c));
      const { taskId, runId } = await runRetentionNow(c.app.ctx(requester.userId), { roomId: body.room_id });
      return json({ task_id: taskId, run_id: runId });
    }),
  ),
];
