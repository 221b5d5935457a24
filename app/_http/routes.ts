import type { Route } from "./router";
import { sessionRoutes } from "./matrix/session";
import { roomRoutes } from "./matrix/rooms";
import { historyRoutes } from "./matrix/history";
import { retentionConfigRoutes } from "./matrix/retention";
import { adminUserRoutes } from "./synapse/users";
import { adminRoomRoutes } from "./synapse/rooms";
import { adminHistoryRoutes } from "./synapse/history";
import { purgeHistoryRoutes } from "./synapse/purge";
import { scheduledTaskRoutes } from "./synapse/tasks";
import { deleteRoomRoutes } from "./synapse/delete";
import { importRoutes } from "./scrollback/import";
import { purgePreviewRoutes } from "./scrollback/purge";
import { taskRoutes } from "./scrollback/tasks";
import { auditRoutes } from "./scrollback/audit";
import { retentionRoutes } from "./scrollback/retention";

// Every HTTP API route, by family. Each domain's routes live in their own file.
export const matrixRoutes: Route[] = [...sessionRoutes, ...roomRoutes, ...historyRoutes, ...retentionConfigRoutes];
export const synapseRoutes: Route[] = [
  ...adminUserRoutes,
  ...adminRoomRoutes,
  ...adminHistoryRoutes,
  ...purgeHistoryRoutes,
  ...scheduledTaskRoutes,
  ...deleteRoomRoutes,
];
export const scrollbackRoutes: Route[] = [...importRoutes, ...purgePreviewRoutes, ...taskRoutes, ...auditRoutes, ...retentionRoutes];
export const allRoutes: Route[] = [...matrixRoutes, ...synapseRoutes, ...scrollbackRoutes];
