import type { Route } from "../router";

// GET /_synapse/admin/v1/scheduled_tasks.
export const scheduledTaskRoutes: Route[] = [];
