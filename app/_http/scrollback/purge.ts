import type { Route } from "../router";

// Purge preview.
export const purgePreviewRoutes: Route[] = [];
