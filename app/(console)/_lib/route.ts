// One wrapper for console route handlers (JSON reads used by react-query): session and role first,
// then the core; errors become Matrix error JSON with the right status, never a stack trace.
import { isMatrixError } from "@/server/errors";
import type { Ctx } from "@/server/context";
import { getApp } from "@/server/app";
import { allows, consoleCtx, getSession, type ConsoleRole, type Session } from "./session";

type RouteHandler<P> = (request: Request, input: { params: P; session: Session; ctx: Ctx }) => Promise<unknown>;

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

export function roleRoute<P>(roles: readonly ConsoleRole[], handler: RouteHandler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const session = await getSession();
    if (!session) return json({ errcode: "M_MISSING_TOKEN", error: "You are not logged in." }, 401);
    if (!allows(session.role, roles)) return json({ errcode: "M_FORBIDDEN", error: "Your console role does not allow this." }, 403);
    try {
      return json(await handler(request, { params: await context.params, session, ctx: await consoleCtx(session) }));
    } catch (error) {
      if (isMatrixError(error)) return json(error.toJSON(), error.status);
      (await getApp()).logger.error("console route failed", { url: request.url, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return json({ errcode: "M_UNKNOWN", error: "Internal server error" }, 500);
    }
  };
}
