// The console's authentication: a session cookie holding a console access token (12 h), resolved
// on every request. Pages call requireRole; server actions and route handlers go through the
// wrappers in action.ts and route.ts, which check the role themselves (actions are public POSTs).
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getApp } from "@/server/app";
import { resolveAccessToken } from "@/server/auth";
import { isMatrixError } from "@/server/errors";
import type { Ctx } from "@/server/context";
import { roleOf, type ConsoleRole } from "@/app/_http/auth";

export type { ConsoleRole };
export const SESSION_COOKIE = "scrollback_session";
export const SESSION_VALID_MS = 12 * 60 * 60 * 1000;
export const ALL_ROLES: ConsoleRole[] = ["admin", "moderator", "operator"];

export interface Session {
  userId: string;
  role: ConsoleRole;
  tokenId: number;
}

/** Admins may do everything; other roles only what is listed. */
export function allows(role: ConsoleRole, roles: readonly ConsoleRole[]): boolean {
  return role === "admin" || roles.includes(role);
}

/** The logged-in console user, or null (no cookie, expired or revoked token, or no console role). */
export const getSession = cache(async (): Promise<Session | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const app = await getApp();
  try {
    const requester = await resolveAccessToken(app.ctx("system:console"), token);
    const role = roleOf(requester);
    return role ? { userId: requester.userId, role, tokenId: requester.tokenId } : null;
  } catch (error) {
    if (isMatrixError(error)) return null;
    throw error;
  }
});

/** For pages and layouts: the session, or a redirect to the login page (or to / without the role). */
export async function requireRole(roles: readonly ConsoleRole[] = ALL_ROLES): Promise<Session> {
  const session = await getSession();
  if (!session) redirect("/login");
  if (!allows(session.role, roles)) redirect("/rooms?denied=1");
  return session;
}

/** A core context acting as the console user. */
export async function consoleCtx(session: Session): Promise<Ctx> {
  return (await getApp()).ctx(session.userId);
}
