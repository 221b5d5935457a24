import type { Route } from "./router";
import { sessionRoutes } from "./matrix/session";

// Every HTTP API route, by family. Each domain's routes live in their own file.
export const matrixRoutes: Route[] = [...sessionRoutes];
export const synapseRoutes: Route[] = [];
export const scrollbackRoutes: Route[] = [];
export const allRoutes: Route[] = [...matrixRoutes, ...synapseRoutes, ...scrollbackRoutes];
