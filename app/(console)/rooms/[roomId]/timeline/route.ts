import { z } from "zod";
import { paginateRoom } from "@/server/pagination";
import { MatrixError } from "@/server/errors";
import { getRoom } from "@/server/rooms";
import { roleRoute } from "../../../_lib/route";
import { decodeParam } from "../../../_lib/params";

const query = z.object({
  from: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /rooms/{roomId}/timeline?from=&limit=: history, newest first, as the admin API sees it (no visibility filter). */
export const GET = roleRoute<{ roomId: string }>(["moderator", "operator"], async (request, { params, session, ctx }) => {
  const url = new URL(request.url);
  const parsed = query.safeParse({ from: url.searchParams.get("from") ?? undefined, limit: url.searchParams.get("limit") ?? undefined });
  if (!parsed.success) throw new MatrixError("M_INVALID_PARAM", "from must be a token and limit 1–200");
  const roomId = decodeParam(params.roomId);
  if (!(await getRoom(ctx, roomId))) throw new MatrixError("M_NOT_FOUND", `Unknown room ${roomId}`);
  return paginateRoom(ctx, {
    roomId,
    viewer: { admin: true, userId: session.userId },
    from: parsed.data.from ?? null,
    dir: "b",
    limit: parsed.data.limit,
  });
});
