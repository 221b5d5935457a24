import { z } from "zod";
import { parseFilterParam } from "@/server/pagination";
import { MatrixError } from "@/server/errors";
import { parseAt } from "@/components/timeline/view";
import { roleRoute } from "../../../_lib/route";
import { decodeParam } from "../../../_lib/params";
import { loadTimelinePage, loadTimelineStart, PAGE_SIZE } from "./load";

const query = z.object({
  from: z.string().min(1).max(200).optional(),
  dir: z.enum(["b", "f"]).default("b"),
  limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
  event: z.string().startsWith("$").max(255).optional(),
  at: z.string().max(40).optional(),
});

/**
 * GET /rooms/{roomId}/timeline: the console's history, newest first, as the admin API sees it.
 * With `from`: the page older (dir=b) or newer (dir=f) than the token. Without: the first page,
 * around `event`, around the first event at `at`, or the newest. `filter` is a RoomEventFilter.
 */
export const GET = roleRoute<{ roomId: string }>(["moderator", "operator"], async (request, { params, session, ctx }) => {
  const search = new URL(request.url).searchParams;
  const raw = Object.fromEntries(["from", "dir", "limit", "event", "at"].flatMap((k) => (search.has(k) ? [[k, search.get(k)]] : [])));
  const parsed = query.safeParse(raw);
  if (!parsed.success) throw new MatrixError("M_INVALID_PARAM", "from must be a token, dir b or f, limit 1–200, event an event id");
  const filter = parseFilterParam(search.get("filter"));
  const at = parsed.data.at === undefined ? null : parseAt(parsed.data.at);
  if (parsed.data.at !== undefined && at === null) throw new MatrixError("M_INVALID_PARAM", "at must be a date or a date and time");
  const base = { roomId: decodeParam(params.roomId), userId: session.userId, filter, limit: parsed.data.limit };
  const { from, dir, event } = parsed.data;
  if (from) return loadTimelinePage(ctx, { ...base, from, dir });
  return loadTimelineStart(ctx, { ...base, event: event ?? null, at });
});
