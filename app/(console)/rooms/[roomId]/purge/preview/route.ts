import { parsePreviewQuery, previewPurge } from "@/server/purge";
import { roleRoute } from "../../../../_lib/route";
import { decodeParam } from "../../../../_lib/params";

/**
 * GET /rooms/{roomId}/purge/preview?event_id=|ts=&delete_local_events=: what a purge would delete and
 * keep (admins only). Same parameters and errors as the _scrollback preview endpoint.
 */
export const GET = roleRoute<{ roomId: string }>(["admin"], async (request, { params, ctx }) => {
  const input = parsePreviewQuery(decodeParam(params.roomId), new URL(request.url).searchParams);
  return previewPurge(ctx, input);
});
