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

// Every authenticated request resolves its token: a busy client sends many requests a second with
// one token, so the answer is kept briefly. Revoking a token, deactivating a user or changing their
// admin flag or console role in this process forgets every kept answer at once (forgetCachedTokens);
// another instance sharing the database, or a change made with SQL, is seen within CACHE_MS.
const CACHE_MS = 1000;
const MAX_CACHED = 10_000;

interface Cached {
  requester: Requester;
  validUntilTs: number | null;
  keptAt: number;
  generation: number;
}

// Per database handle (tests run several databases in one process); `generation` invalidates all.
const cache = new WeakMap<object, Map<string, Cached>>();
let generation = 0;

/** Forgets every cached token answer: call after any change to tokens or to users' admin, role or deactivation. */
export function forgetCachedTokens(): void {
  generation++;
}

function cachedRequester(ctx: Ctx, hash: string): Requester | null {
  const entry = cache.get(ctx.db)?.get(hash);
  if (!entry || entry.generation !== generation || performance.now() - entry.keptAt > CACHE_MS) return null;
  // Expiry is checked on every use, against the context's clock.
  if (entry.validUntilTs !== null && entry.validUntilTs < ctx.clock.now()) return null;
  return entry.requester;
}

function keep(ctx: Ctx, hash: string, entry: Cached): void {
  let map = cache.get(ctx.db);
  if (!map) {
    map = new Map();
    cache.set(ctx.db, map);
  }
  if (map.size >= MAX_CACHED) map.clear();
  map.set(hash, entry);
}

/** The user behind a token; M_UNKNOWN_TOKEN for unknown, expired or deactivated ones. */
export async function resolveAccessToken(ctx: Ctx, token: string): Promise<Requester> {
  const hash = hashToken(token);
  const cached = cachedRequester(ctx, hash);
  if (cached) return cached;
  const startedAt = generation;
  const keptAt = performance.now();
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
    .where(eq(t.accessTokens.tokenHash, hash))
    .limit(1);
  if (!row || row.deactivated || (row.validUntilTs !== null && row.validUntilTs < ctx.clock.now())) {
    throw new MatrixError("M_UNKNOWN_TOKEN", "Invalid access token passed.", { extra: { soft_logout: false } });
  }
  const requester: Requester = { userId: row.userId, deviceId: row.deviceId, tokenId: row.tokenId, admin: row.admin, consoleRole: row.consoleRole ?? null };
  // Not kept when something was revoked while this lookup ran: the row read may predate it.
  if (startedAt === generation) keep(ctx, hash, { requester, validUntilTs: row.validUntilTs, keptAt, generation });
  return requester;
}

export async function revokeAccessToken(ctx: Ctx, tokenId: number): Promise<void> {
  forgetCachedTokens();
  await ctx.db.delete(t.accessTokens).where(eq(t.accessTokens.id, tokenId));
  forgetCachedTokens();
}

export async function revokeUserTokens(ctx: Ctx, userId: string, exceptTokenId?: number): Promise<void> {
  forgetCachedTokens();
  const rows = await ctx.db.select({ id: t.accessTokens.id }).from(t.accessTokens).where(eq(t.accessTokens.userId, userId));
  for (const row of rows) {
    if (row.id !== exceptTokenId) await ctx.db.delete(t.accessTokens).where(and(eq(t.accessTokens.id, row.id), eq(t.accessTokens.userId, userId)));
  }
  forgetCachedTokens();
}
