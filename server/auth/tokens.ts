import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError } from "../errors";
import { randomLetters } from "../events/ids";

export interface Requester {
  userId: string;
  deviceId: string;
  tokenId: number;
  admin: boolean;
  consoleRole: t.ConsoleRole | null;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createAccessToken(
  ctx: Ctx,
  input: { userId: string; deviceId?: string; validForMs?: number },
): Promise<{ accessToken: string; deviceId: string }> {
  const accessToken = `sbt_${randomBytes(24).toString("base64url")}`;
  const deviceId = input.deviceId ?? randomLetters(10).toUpperCase();
  const now = ctx.clock.now();
  await ctx.db.insert(t.accessTokens).values({
    tokenHash: hashToken(accessToken),
    userId: input.userId,
    deviceId,
    createdTs: now,
    validUntilTs: input.validForMs === undefined ? null : now + input.validForMs,
  });
  return { accessToken, deviceId };
}

/** The user behind a token; M_UNKNOWN_TOKEN for unknown, expired or deactivated ones. */
export async function resolveAccessToken(ctx: Ctx, token: string): Promise<Requester> {
  const [row] = await ctx.db
    .select({
      tokenId: t.accessTokens.id,
      userId: t.accessTokens.userId,
      deviceId: t.accessTokens.deviceId,
      validUntilTs: t.accessTokens.validUntilTs,
      admin: t.users.admin,
      deactivated: t.users.deactivated,
      consoleRole: t.users.consoleRole,
    })
    .from(t.accessTokens)
    .innerJoin(t.users, eq(t.users.userId, t.accessTokens.userId))
    .where(eq(t.accessTokens.tokenHash, hashToken(token)))
    .limit(1);
  if (!row || row.deactivated || (row.validUntilTs !== null && row.validUntilTs < ctx.clock.now())) {
    throw new MatrixError("M_UNKNOWN_TOKEN", "Invalid access token passed.", { extra: { soft_logout: false } });
  }
  return { userId: row.userId, deviceId: row.deviceId, tokenId: row.tokenId, admin: row.admin, consoleRole: row.consoleRole ?? null };
}

export async function revokeAccessToken(ctx: Ctx, tokenId: number): Promise<void> {
  await ctx.db.delete(t.accessTokens).where(eq(t.accessTokens.id, tokenId));
}

export async function revokeUserTokens(ctx: Ctx, userId: string, exceptTokenId?: number): Promise<void> {
  const rows = await ctx.db.select({ id: t.accessTokens.id }).from(t.accessTokens).where(eq(t.accessTokens.userId, userId));
  for (const row of rows) {
    if (row.id !== exceptTokenId) await ctx.db.delete(t.accessTokens).where(and(eq(t.accessTokens.id, row.id), eq(t.accessTokens.userId, userId)));
  }
}
