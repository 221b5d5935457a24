import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError, notFound } from "../errors";
import { recordAudit } from "../audit";
import { forgetCachedTokens } from "../auth";
import type { SetConsoleRoleInput } from "./schemas";

/**
 * Gives a local user a console role, or takes it away (null). Server admins stay console admins
 * whatever their console_role; nobody can change their own role (no locking yourself out).
 */
export async function setConsoleRole(ctx: Ctx, input: SetConsoleRoleInput): Promise<{ userId: string; role: t.ConsoleRole | null }> {
  if (input.userId === ctx.actor) throw new MatrixError("M_FORBIDDEN", "You cannot change your own console role.");
  const [user] = await ctx.db.select().from(t.users).where(eq(t.users.userId, input.userId)).limit(1);
  if (!user) throw notFound(`Unknown user ${input.userId}`);
  await ctx.db.update(t.users).set({ consoleRole: input.role }).where(eq(t.users.userId, input.userId));
  // Cached token answers carry the console role.
  forgetCachedTokens();
  await recordAudit(ctx, { action: "set_console_role", target: input.userId, params: { role: input.role }, status: "ok" });
  return { userId: input.userId, role: input.role };
}
