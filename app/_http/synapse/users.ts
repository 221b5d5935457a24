import type { Route } from "../router";

// Shared-secret registration and /_synapse/admin/v2/users.
export const adminUserRoutes: Route[] = [];
