import { getApp } from "@/server/app";
import { createDispatcher } from "./router";
import { allRoutes } from "./routes";

/** The process-wide dispatcher used by the catch-all route handlers. */
export const dispatch = createDispatcher(getApp, allRoutes);
