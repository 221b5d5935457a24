import type { Route } from "../router";

// MSC1763 retention configuration endpoint.
export const retentionConfigRoutes: Route[] = [];
