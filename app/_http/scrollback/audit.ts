import type { Route } from "../router";

// Audit log.
export const auditRoutes: Route[] = [];
