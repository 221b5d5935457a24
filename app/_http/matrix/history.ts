import type { Route } from "../router";

// /messages, /context, /event, timestamp_to_event (client).
export const historyRoutes: Route[] = [];
