import type { Route } from "../router";

// createRoom, send, state, membership, redact, members, directory, account data.
export const roomRoutes: Route[] = [];
