import type { Route } from "../router";

// purge_history and purge_history_status.
export const purgeHistoryRoutes: Route[] = [];
