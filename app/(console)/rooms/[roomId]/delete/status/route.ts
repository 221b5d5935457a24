import { z } from "zod";
import { MatrixError } from "@/server/errors";
import { roleRoute } from "../../../../_lib/route";
import { decodeParam } from "../../../../_lib/params";
import { loadDeleteTask } from "../load";

const query = z.object({ id: z.string().min(1).max(100).optional() });

/** GET /rooms/{roomId}/delete/status[?id=]: the room's current or latest delete task (admins only), polled while it runs. */
export const GET = roleRoute<{ roomId: string }>(["admin"], async (request, { params, ctx }) => {
  const parsed = query.safeParse({ id: new URL(request.url).searchParams.get("id") ?? undefined });
  if (!parsed.success) throw new MatrixError("M_INVALID_PARAM", "id must be a task id");
  return { task: await loadDeleteTask(ctx, decodeParam(params.roomId), parsed.data.id) };
});
