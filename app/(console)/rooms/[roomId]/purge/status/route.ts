import { z } from "zod";
import { MatrixError } from "@/server/errors";
import { roleRoute } from "../../../../_lib/route";
import { decodeParam } from "../../../../_lib/params";
import { loadPurgeTask } from "../load";

const query = z.object({ id: z.string().min(1).max(100).optional() });

/** GET /rooms/{roomId}/purge/status[?id=]: the room's current or latest purge task (admins only), polled by the progress bar. */
export const GET = roleRoute<{ roomId: string }>(["admin"], async (request, { params, ctx }) => {
  const parsed = query.safeParse({ id: new URL(request.url).searchParams.get("id") ?? undefined });
  if (!parsed.success) throw new MatrixError("M_INVALID_PARAM", "id must be a task id");
  return { task: await loadPurgeTask(ctx, decodeParam(params.roomId), parsed.data.id) };
});
