import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../../context";
import * as t from "../../db/schema";

// What room tests check below the APIs, as core calls, so HTTP-level tests in app/ never query
// tables themselves.

/** Every membership row of the user in the room (not only the current one), oldest first. */
export async function membershipHistory(ctx: Ctx, roomId: string, userId: string): Promise<{ membership: string; forgotten: boolean }[]> {
  const m = t.roomMemberships;
  return ctx.db
    .select({ membership: m.membership, forgotten: m.forgotten })
    .from(m)
    .where(and(eq(m.roomId, roomId), eq(m.userId, userId)))
    .orderBy(asc(m.depth), asc(m.streamOrdering));
}
