import type { Route } from "../router";

// Admin /messages, /context, timestamp_to_event.
export const adminHistoryRoutes: Route[] = [];
