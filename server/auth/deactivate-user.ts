import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError, notFound } from "../errors";
import { recordAudit } from "../audit";
import { forgetCachedTokens, revokeUserTokens } from "./tokens";
import { requireLocalUser } from "./users";

/**
 * Marks a local user deactivated (no password, no sessions); `erase` also marks them GDPR-erased,
 * which only ever turns on here (re-activation turns it off, as Synapse's mark_user_not_erased).
 * The one place deactivation happens: PUT /v2/users and POST /v1/deactivate both call it.
 */
export async function markDeactivated(ctx: Ctx, userId: string, erase: boolean): Promise<void> {
  await ctx.db
    .update(t.users)
    .set({ deactivated: true, passwordHash: null, erased: erase ? true : sql`${t.users.erased}` })
    .where(eq(t.users.userId, userId));
  // Cached token answers carry the deactivation; then every session of the user ends.
  forgetCachedTokens();
  await revokeUserTokens(ctx, userId);
}

export interface DeactivateUserInput {
  userId: string;
  body: Record<string, unknown>;
}

export const DEACTIVATE_USER_ACTION = "deactivate_user";

/**
 * POST /_synapse/admin/v1/deactivate/{userId} (Synapse's DeactivateAccountRestServlet): local
 * users only (400), known users only (404), `erase` a boolean if given (400 M_BAD_JSON). We never
 * bind identity servers, so the unbind result is always "no-support".
 */
export async function deactivateUser(ctx: Ctx, input: DeactivateUserInput): Promise<{ id_server_unbind_result: "no-support" }> {
  requireLocalUser(ctx, input.userId, "Can only deactivate local users");
  const [row] = await ctx.db.select({ userId: t.users.userId }).from(t.users).where(eq(t.users.userId, input.userId)).limit(1);
  if (!row) throw notFound("User not found");
  const erase = input.body.erase ?? false;
  if (typeof erase !== "boolean") throw new MatrixError("M_BAD_JSON", "Param 'erase' must be a boolean, if given", { status: 400 });
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await markDeactivated(txCtx, input.userId, erase);
    await recordAudit(txCtx, { action: DEACTIVATE_USER_ACTION, target: input.userId, params: { erase }, status: "ok" });
  });
  // A token answer cached between the revocation and the commit would outlive it by up to a second.
  forgetCachedTokens();
  return { id_server_unbind_result: "no-support" };
}
