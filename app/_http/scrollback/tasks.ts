import type { Route } from "../router";

// Task cancel (and Scrollback task listing).
export const taskRoutes: Route[] = [];
