import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gte, lt } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError } from "../errors";
import { createAccessToken } from "./tokens";
import { registerLocalUser } from "./admin-users";

// Shared-secret registration, compatible with Synapse's /_synapse/admin/v1/register and its
// register_new_matrix_user script. Nonces live in the database so any instance can check them.

export const NONCE_TIMEOUT_MS = 60_000;
export const USER_TYPES = ["support", "bot"];

const fail = (message: string, errcode: "M_UNKNOWN" | "M_BAD_JSON" = "M_UNKNOWN", status = 400) => new MatrixError(errcode, message, { status });

export async function createRegistrationNonce(ctx: Ctx): Promise<string> {
  const now = ctx.clock.now();
  await ctx.db.delete(t.registrationNonces).where(lt(t.registrationNonces.createdTs, now - NONCE_TIMEOUT_MS));
  const nonce = randomBytes(64).toString("hex");
  await ctx.db.insert(t.registrationNonces).values({ nonce, createdTs: now });
  return nonce;
}

/** The HMAC-SHA1 register_new_matrix_user sends: nonce\0user\0password\0(admin|notadmin)[\0user_type]. */
export function registrationMac(secret: string, input: { nonce: string; username: string; password: string; admin: boolean; userType?: string | null }): string {
  const mac = createHmac("sha1", Buffer.from(secret, "utf8"));
  mac.update(Buffer.from(input.nonce, "utf8"));
  mac.update("\x00");
  mac.update(Buffer.from(input.username, "utf8"));
  mac.update("\x00");
  mac.update(Buffer.from(input.password, "utf8"));
  mac.update("\x00");
  mac.update(input.admin ? "admin" : "notadmin");
  if (input.userType) {
    mac.update("\x00");
    mac.update(Buffer.from(input.userType, "utf8"));
  }
  return mac.digest("hex");
}

/** Deletes the nonce whatever happens next (Synapse: single use, even when the request then fails). */
async function consumeNonce(ctx: Ctx, nonce: string): Promise<boolean> {
  const rows = await ctx.db
    .delete(t.registrationNonces)
    .where(and(eq(t.registrationNonces.nonce, nonce), gte(t.registrationNonces.createdTs, ctx.clock.now() - NONCE_TIMEOUT_MS)))
    .returning({ nonce: t.registrationNonces.nonce });
  return rows.length > 0;
}

function checkCredential(body: Record<string, unknown>, key: "username" | "password"): string {
  if (!(key in body)) throw fail(`${key} must be specified`, "M_BAD_JSON");
  const value = body[key];
  const label = key === "username" ? "Invalid username" : "Invalid password";
  if (typeof value !== "string" || value.length > 512 || value.includes("\x00")) throw fail(label);
  return value;
}

export interface RegistrationResult {
  userId: string;
  accessToken: string;
  deviceId: string;
}

/** POST /_synapse/admin/v1/register, in Synapse's order of checks (so its error for each input is ours too). */
export async function registerWithSharedSecret(ctx: Ctx, body: Record<string, unknown>): Promise<RegistrationResult> {
  const secret = ctx.config.registration_shared_secret;
  if (!secret) throw fail("Shared secret registration is not enabled");
  if (!("nonce" in body)) throw fail("nonce must be specified", "M_BAD_JSON");
  const nonce = body.nonce;
  if (typeof nonce !== "string" || !(await consumeNonce(ctx, nonce))) throw fail("unrecognised nonce");
  const username = checkCredential(body, "username");
  const password = checkCredential(body, "password");
  const admin = Boolean(body.admin);
  const userType = body.user_type ?? null;
  if (userType !== null && (typeof userType !== "string" || !USER_TYPES.includes(userType))) throw fail("Invalid user type");
  if (!("mac" in body)) throw fail("mac must be specified", "M_BAD_JSON");
  const want = Buffer.from(registrationMac(secret, { nonce, username, password, admin, userType }), "ascii");
  const got = Buffer.from(typeof body.mac === "string" ? body.mac : "", "ascii");
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw fail("HMAC incorrect", "M_UNKNOWN", 403);
  const displayname = typeof body.displayname === "string" ? body.displayname : null;
  const user = await registerLocalUser(ctx, { localpart: username.toLowerCase(), password, admin, userType, displayname });
  const token = await createAccessToken(ctx, { userId: user.userId });
  return { userId: user.userId, ...token };
}
