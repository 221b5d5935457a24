import type { Route } from "../router";

// Room shutdown and deletion v1/v2 and delete status.
export const deleteRoomRoutes: Route[] = [];
