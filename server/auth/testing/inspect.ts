import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context";
import * as t from "../../db/schema";

// What auth tests check below the APIs, as core calls, so HTTP-level tests in app/ never query
// tables themselves.

/** Access token rows the user still has (revocation deletes them; a 401 alone would not show that). */
export async function countAccessTokens(ctx: Ctx, userId: string): Promise<number> {
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(t.accessTokens).where(eq(t.accessTokens.userId, userId));
  return row?.n ?? 0;
}

/** Account data rows the user has, global (roomId "") and per room, in (roomId, type) order. */
export async function accountDataRows(ctx: Ctx, userId: string): Promise<{ roomId: string; type: string }[]> {
  return ctx.db
    .select({ roomId: t.accountData.roomId, type: t.accountData.type })
    .from(t.accountData)
    .where(eq(t.accountData.userId, userId))
    .orderBy(t.accountData.roomId, t.accountData.type);
}
