import { z } from "zod";
import { CONSOLE_ROLES } from "../db/schema/users";

export const consoleRoleSchema = z.enum(CONSOLE_ROLES);

export const setConsoleRoleSchema = z.object({
  userId: z.string().min(1),
  /** null removes console access. */
  role: consoleRoleSchema.nullable(),
});
export type SetConsoleRoleInput = z.output<typeof setConsoleRoleSchema>;
