// One wrapper for every console server action: session, role, input validation, one core call, and
// the closed error set mapped to {ok:false, error:{code, message, fieldErrors}}.
import { z } from "zod";
import { isMatrixError } from "@/server/errors";
import type { Ctx } from "@/server/context";
import { getApp } from "@/server/app";
import { allows, consoleCtx, getSession, type ConsoleRole, type Session } from "./session";

export interface ActionError {
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
}
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

type Handler<I, T> = (input: I, session: Session, ctx: Ctx) => Promise<T>;

export function roleAction<S extends z.ZodType, T>(roles: readonly ConsoleRole[], schema: S, handler: Handler<z.output<S>, T>) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    const session = await getSession();
    if (!session) return { ok: false, error: { code: "M_MISSING_TOKEN", message: "You are not logged in." } };
    if (!allows(session.role, roles)) {
      return { ok: false, error: { code: "M_FORBIDDEN", message: `This needs the role ${["admin", ...roles.filter((r) => r !== "admin")].join(" or ")}.` } };
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
      return { ok: false, error: { code: "M_INVALID_PARAM", message: "Some fields are not valid.", fieldErrors } };
    }
    try {
      return { ok: true, data: await handler(parsed.data, session, await consoleCtx(session)) };
    } catch (error) {
      return { ok: false, error: await toActionError(error) };
    }
  };
}

/** Known errors keep their code and message; anything else is logged and reported generically. */
export async function toActionError(error: unknown): Promise<ActionError> {
  if (isMatrixError(error)) return { code: error.errcode, message: error.message };
  (await getApp()).logger.error("console action failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return { code: "M_UNKNOWN", message: "Something went wrong. The server log has the details." };
}
