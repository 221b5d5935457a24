import { listRooms, type ListRoomsInput } from "@/server/rooms";
import type { Ctx } from "@/server/context";
import { ROOMS_PER_PAGE, type RoomListFilter, type RoomListParams } from "@/components/rooms/list-params";
import type { RoomListPage } from "@/components/rooms/types";

const FILTERS: Record<RoomListFilter, ListRoomsInput["filters"]> = {
  "": undefined,
  public: { public: true },
  empty: { empty: true },
  blocked: { blocked: true },
  retention: { withRetentionPolicy: true },
};

/** One page of the rooms list, for the page (prefetch) and the server action alike. */
export async function loadRoomList(ctx: Ctx, params: RoomListParams): Promise<RoomListPage> {
  const result = await listRooms(ctx, {
    search: params.q || undefined,
    orderBy: params.order,
    dir: params.dir,
    from: (params.page - 1) * ROOMS_PER_PAGE,
    limit: ROOMS_PER_PAGE,
    filters: FILTERS[params.filter],
  });
  return {
    total: result.total,
    rooms: result.rooms.map((r) => ({
      roomId: r.roomId,
      name: r.name,
      canonicalAlias: r.canonicalAlias,
      events: r.events,
      joinedMembers: r.joinedMembers,
      joinedLocalMembers: r.joinedLocalMembers,
      historyVisibility: r.historyVisibility,
      isPublic: r.isPublic,
      blocked: r.blocked,
      hasRetention: r.retention !== null,
      lastActivityTs: r.lastActivityTs,
    })),
  };
}
