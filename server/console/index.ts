// Console user management: who may use the console, with which role.
export { listConsoleUsers, type ConsoleUser } from "./list-console-users";
export { setConsoleRole } from "./set-console-role";
export { setConsoleRoleSchema, consoleRoleSchema, type SetConsoleRoleInput } from "./schemas";
