import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { forbidden, notFound } from "../errors";

export interface AccountDataKey {
  /** The requester; account data is only ever their own. */
  requester: string;
  userId: string;
  /** "" for global account data. */
  roomId: string;
  type: string;
}

function requireSelf(key: AccountDataKey, verb: "add" | "get"): void {
  if (key.requester !== key.userId) throw forbidden(`Cannot ${verb} account data for other users.`);
}

export async function putAccountData(ctx: Ctx, key: AccountDataKey, content: Record<string, unknown>): Promise<void> {
  requireSelf(key, "add");
  const values = { userId: key.userId, roomId: key.roomId, type: key.type, content: JSON.stringify(content), updatedTs: ctx.clock.now() };
  await ctx.db
    .insert(t.accountData)
    .values(values)
    .onConflictDoUpdate({ target: [t.accountData.userId, t.accountData.roomId, t.accountData.type], set: { content: values.content, updatedTs: values.updatedTs } });
}

export async function getAccountData(ctx: Ctx, key: AccountDataKey): Promise<Record<string, unknown>> {
  requireSelf(key, "get");
  const [row] = await ctx.db
    .select({ content: t.accountData.content })
    .from(t.accountData)
    .where(and(eq(t.accountData.userId, key.userId), eq(t.accountData.roomId, key.roomId), eq(t.accountData.type, key.type)))
    .limit(1);
  // Synapse words the two kinds apart; clients and scripts match on the message too.
  if (!row) throw notFound(key.roomId === "" ? "Account data not found" : "Room account data not found");
  return JSON.parse(row.content) as Record<string, unknown>;
}
