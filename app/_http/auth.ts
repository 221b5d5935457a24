import { resolveAccessToken, type Requester } from "@/server/auth";
import { MatrixError } from "@/server/errors";
import type { ApiContext, RouteHandler } from "./router";

export type AuthedHandler = (c: ApiContext, requester: Requester) => Promise<Response>;

function tokenOf(c: ApiContext): string | null {
  const header = c.request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1]) throw new MatrixError("M_MISSING_TOKEN", "Invalid Authorization header.", { status: 401 });
    return match[1];
  }
  return c.query.get("access_token");
}

export async function authenticate(c: ApiContext): Promise<Requester> {
  const token = tokenOf(c);
  if (!token) throw new MatrixError("M_MISSING_TOKEN", "Missing access token.");
  return resolveAccessToken(c.app.ctx("system:auth"), token);
}

/** Any logged-in user. */
export function withUser(handler: AuthedHandler): RouteHandler {
  return async (c) => handler(c, await authenticate(c));
}

/** Synapse server admins only (the admin API). */
export function withAdmin(handler: AuthedHandler): RouteHandler {
  return async (c) => {
    const requester = await authenticate(c);
    if (!requester.admin) throw new MatrixError("M_FORBIDDEN", "You are not a server admin");
    return handler(c, requester);
  };
}

export type ConsoleRole = "admin" | "moderator" | "operator";

/** The console role of a requester; Synapse server admins count as console admins. */
export function roleOf(requester: Requester): ConsoleRole | null {
  return requester.admin ? "admin" : requester.consoleRole;
}

/** Scrollback's own endpoints: the listed console roles (admins always pass). */
export function withRole(roles: ConsoleRole[], handler: AuthedHandler): RouteHandler {
  return async (c) => {
    const requester = await authenticate(c);
    const role = roleOf(requester);
    if (role !== "admin" && (role === null || !roles.includes(role))) {
      throw new MatrixError("M_FORBIDDEN", `This needs one of the console roles: admin, ${roles.filter((r) => r !== "admin").join(", ")}`);
    }
    return handler(c, requester);
  };
}
