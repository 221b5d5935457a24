import type { Route } from "../router";

// Retention schedule, forecast, run now.
export const retentionRoutes: Route[] = [];
