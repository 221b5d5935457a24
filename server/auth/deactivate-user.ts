import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { DbHandle } from "../db";
import * as t from "../db/schema";
import { MatrixError, notFound } from "../errors";
import { recordAudit } from "../audit";
import { schedulePartDeactivatedUser } from "./part-deactivated-user";
import { forgetCachedTokens, revokeUserTokens } from "./tokens";
import { requireLocalUser } from "./users";

export const DEACTIVATE_USER_ACTION = "deactivate_user";

/** Which admin API asked (kept in the audit entry). */
export type DeactivationVia = "deactivate" | "users_v2";

export interface MarkDeactivatedInput {
  erase: boolean;
  via: DeactivationVia;
}

/**
 * The one place deactivation happens (POST /v1/deactivate and PUT /v2/users both call it), in one
 * transaction: no password, no sessions, GDPR-erased if asked (which only ever turns on here;
 * re-activation turns it off, as Synapse's mark_user_not_erased), the display name cleared on
 * erasure (Synapse sets it and the avatar to ""; we store no avatar), no account data, an audit
 * entry with the actor (ctx.actor), and the task that parts the user from every room they hold a
 * membership in. Returns the task id.
 */
export async function markDeactivated(ctx: Ctx, userId: string, input: MarkDeactivatedInput): Promise<string> {
  const taskId = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await tx
      .update(t.users)
      .set({
        deactivated: true,
        passwordHash: null,
        erased: input.erase ? true : sql`${t.users.erased}`,
        displayname: input.erase ? null : sql`${t.users.displayname}`,
      })
      .where(eq(t.users.userId, userId));
    await revokeUserTokens(txCtx, userId);
    await purgeAccountData(tx, userId);
    const id = await schedulePartDeactivatedUser(txCtx, userId);
    await recordAudit(txCtx, { action: DEACTIVATE_USER_ACTION, target: userId, params: { erase: input.erase, via: input.via }, status: "ok", taskId: id });
    return id;
  });
  // Cached token answers carry the deactivation; one cached before the commit must not outlive it.
  forgetCachedTokens();
  return taskId;
}

/**
 * As Synapse's purge_account_data_for_user (called on every deactivation, erase or not): all the
 * user's account data goes, global and per room. Our one table holds what Synapse keeps in
 * account_data, room_account_data and ignored_users (m.ignored_user_list is a global row here);
 * we store no push rules. Re-activation does not bring any of it back.
 */
async function purgeAccountData(db: DbHandle, userId: string): Promise<void> {
  await db.delete(t.accountData).where(eq(t.accountData.userId, userId));
}

export interface DeactivateUserInput {
  userId: string;
  body: Record<string, unknown>;
}

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
  await markDeactivated(ctx, input.userId, { erase, via: "deactivate" });
  return { id_server_unbind_result: "no-support" };
}
