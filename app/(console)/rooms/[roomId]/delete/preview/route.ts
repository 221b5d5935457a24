import { MatrixError } from "@/server/errors";
import { previewRoomDeletion } from "@/server/shutdown";
import { roleRoute } from "../../../../_lib/route";
import { decodeParam } from "../../../../_lib/params";
import { previewQuerySchema } from "../schemas";

/** GET /rooms/{roomId}/delete/preview?block=&purge=&new_room_user_id=: what a delete with these options would do (admins only). */
export const GET = roleRoute<{ roomId: string }>(["admin"], async (request, { params, ctx }) => {
  const search = new URL(request.url).searchParams;
  const parsed = previewQuerySchema.safeParse(Object.fromEntries(search));
  if (!parsed.success) throw new MatrixError("M_INVALID_PARAM", "block and purge must be true or false");
  const { block, purge, new_room_user_id: user } = parsed.data;
  return previewRoomDeletion(ctx, { roomId: decodeParam(params.roomId), block: block === "true", purge: purge === "true", newRoomUserId: user?.trim() || null });
});
