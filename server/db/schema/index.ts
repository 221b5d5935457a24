export * from "./rooms";
export * from "./events";
export * from "./state";
export * from "./users";
export * from "./tasks";
