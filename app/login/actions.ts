"use server";
// Login and logout. Login is the one console action without a role: it creates the session.
import { z } from "zod";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getApp } from "@/server/app";
import { loginWithPassword, resolveAccessToken, revokeAccessToken } from "@/server/auth";
import { roleOf } from "@/app/_http/auth";
import { toActionError, type ActionError } from "@/app/(console)/_lib/action";
import { getSession, SESSION_COOKIE, SESSION_VALID_MS } from "@/app/(console)/_lib/session";

export interface LoginState {
  error?: ActionError;
  user?: string;
}

const loginSchema = z.object({
  user: z.string().trim().min(1, "Enter your user name"),
  password: z.string().min(1, "Enter your password"),
});

async function isHttps(): Promise<boolean> {
  const h = await headers();
  return (h.get("x-forwarded-proto") ?? "").split(",")[0]?.trim() === "https";
}

export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const parsed = loginSchema.safeParse({ user: form.get("user"), password: form.get("password") });
  const user = typeof form.get("user") === "string" ? String(form.get("user")) : "";
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return { user, error: { code: "M_INVALID_PARAM", message: "Enter your user name and password.", fieldErrors } };
  }
  const app = await getApp();
  const ctx = app.ctx("system:console");
  try {
    const session = await loginWithPassword(ctx, { ...parsed.data, validForMs: SESSION_VALID_MS });
    const requester = await resolveAccessToken(ctx, session.accessToken);
    if (!roleOf(requester)) {
      await revokeAccessToken(ctx, requester.tokenId);
      return { user, error: { code: "M_FORBIDDEN", message: "This account has no console role. Ask an admin to give you one." } };
    }
    (await cookies()).set(SESSION_COOKIE, session.accessToken, {
      httpOnly: true,
      sameSite: "lax",
      secure: await isHttps(),
      path: "/",
      maxAge: SESSION_VALID_MS / 1000,
    });
    app.logger.info("console login", { user: session.userId });
  } catch (error) {
    return { user, error: await toActionError(error) };
  }
  redirect("/rooms");
}

export async function logout(): Promise<void> {
  const session = await getSession();
  if (session) await revokeAccessToken((await getApp()).ctx(session.userId), session.tokenId);
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/login");
}
