import type { Route } from "../router";

// Import of PDUs from other servers.
export const importRoutes: Route[] = [];
