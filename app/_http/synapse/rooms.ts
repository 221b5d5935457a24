import type { Route } from "../router";

// Admin room list, details, members, state and block.
export const adminRoomRoutes: Route[] = [];
