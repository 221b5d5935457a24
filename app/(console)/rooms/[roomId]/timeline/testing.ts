import { createAccessToken, createUser } from "@/server/auth";
import type { TestApp } from "@/server/testing/test-app";

// Console route handlers and actions read the session cookie through next/headers and the App
// through getApp(): tests point both at a test app. Call vi.mock("next/headers", …) with
// cookieJar in the test file itself (vi.mock is hoisted per file).

export const cookieJar = new Map<string, string>();

export const nextHeadersMock = () => ({
  cookies: async () => ({ get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined) }),
  headers: async () => new Headers(),
});

export function serveTestApp(app: TestApp): void {
  (globalThis as { __scrollbackApp?: Promise<TestApp> }).__scrollbackApp = Promise.resolve(app);
}

/** A user with that console role (or none) and a session token for it. */
export async function consoleUser(app: TestApp, localpart: string, role: "admin" | "moderator" | "operator" | null): Promise<{ userId: string; token: string }> {
  const ctx = app.ctx("system:test");
  const userId = `@${localpart}:test`;
  await createUser(ctx, { userId, admin: role === "admin", consoleRole: role === "admin" ? null : role });
  return { userId, token: (await createAccessToken(ctx, { userId })).accessToken };
}

/** Log in as the token's user (null: log out). */
export function actAs(token: string | null): void {
  cookieJar.clear();
  if (token) cookieJar.set("scrollback_session", token);
}
