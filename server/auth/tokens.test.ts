import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "../db/schema";
import { createTestApp } from "../testing/test-app";
import { upsertUser } from "./admin-users";
import { createAccessToken, forgetCachedTokens, resolveAccessToken, revokeAccessToken, revokeUserTokens } from "./tokens";
import { createUser } from "./users";

const app = await createTestApp();
const ctx = app.ctx("system:test");
let n = 0;

async function freshUser(options: { admin?: boolean } = {}) {
  const userId = `@tok${n++}:test`;
  await createUser(ctx, { userId, admin: options.admin ?? false });
  return userId;
}

const unknownToken = { errcode: "M_UNKNOWN_TOKEN", status: 401 };

// Token answers are cached briefly (a busy client resolves its token on every request); these
// cases pin down that a revocation or a change of rights is never served from the cache.
describe("resolveAccessToken with its short-lived cache", () => {
  it("a revoked token is refused on the very next request", async () => {
    const userId = await freshUser();
    const { accessToken } = await createAccessToken(ctx, { userId });
    const requester = await resolveAccessToken(ctx, accessToken);
    expect(await resolveAccessToken(ctx, accessToken)).toEqual(requester);
    await revokeAccessToken(ctx, requester.tokenId);
    await expect(resolveAccessToken(ctx, accessToken)).rejects.toMatchObject(unknownToken);
  });

  it("revoking a user's tokens keeps only the excepted one", async () => {
    const userId = await freshUser();
    const kept = await createAccessToken(ctx, { userId });
    const gone = await createAccessToken(ctx, { userId });
    const keptRequester = await resolveAccessToken(ctx, kept.accessToken);
    await resolveAccessToken(ctx, gone.accessToken);
    await revokeUserTokens(ctx, userId, keptRequester.tokenId);
    await expect(resolveAccessToken(ctx, gone.accessToken)).rejects.toMatchObject(unknownToken);
    expect((await resolveAccessToken(ctx, kept.accessToken)).userId).toBe(userId);
  });

  it("an expired token is refused even while its answer is cached", async () => {
    const userId = await freshUser();
    const { accessToken } = await createAccessToken(ctx, { userId, validForMs: 60_000 });
    await resolveAccessToken(ctx, accessToken);
    await app.clock.advance(60_001);
    await expect(resolveAccessToken(ctx, accessToken)).rejects.toMatchObject(unknownToken);
  });

  it("deactivation, demotion and a new console role show on the next request", async () => {
    const admin = await freshUser({ admin: true });
    const adminToken = await createAccessToken(ctx, { userId: admin });
    const adminRequester = await resolveAccessToken(ctx, adminToken.accessToken);
    const userId = await freshUser({ admin: true });
    const { accessToken } = await createAccessToken(ctx, { userId });
    expect(await resolveAccessToken(ctx, accessToken)).toMatchObject({ admin: true, consoleRole: null });
    await upsertUser(ctx, { requester: adminRequester, userId, body: { admin: false, scrollback_console_role: "moderator" } });
    expect(await resolveAccessToken(ctx, accessToken)).toMatchObject({ admin: false, consoleRole: "moderator" });
    await upsertUser(ctx, { requester: adminRequester, userId, body: { deactivated: true } });
    await expect(resolveAccessToken(ctx, accessToken)).rejects.toMatchObject(unknownToken);
  });

  it("an answer read while a revocation happened is not kept (it may predate the revocation)", async () => {
    const userId = await freshUser();
    const { accessToken } = await createAccessToken(ctx, { userId });
    const inFlight = resolveAccessToken(ctx, accessToken);
    forgetCachedTokens();
    expect((await inFlight).userId).toBe(userId);
    // Removed behind the cache's back: only a fresh lookup can notice.
    await ctx.db.delete(t.accessTokens).where(eq(t.accessTokens.userId, userId));
    await expect(resolveAccessToken(ctx, accessToken)).rejects.toMatchObject(unknownToken);
  });
});
