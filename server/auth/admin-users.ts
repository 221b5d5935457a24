import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError, notFound } from "../errors";
import { hashPassword } from "./passwords";
import { forgetCachedTokens, revokeUserTokens } from "./tokens";
import { markDeactivated } from "./deactivate-user";
import { createUser, requireLocalUser } from "./users";

// The Synapse admin users API (/_synapse/admin/v2/users) over our users table.

const USER_TYPES = ["support", "bot"];

/** Synapse's check_username for new local users. */
export function checkLocalpart(localpart: string): void {
  if (/^\d+$/.test(localpart)) throw new MatrixError("M_INVALID_USERNAME", "Numeric user IDs are reserved for guest users.");
  if (localpart.length === 0 || !/^[a-z0-9=_\-./+]+$/.test(localpart)) {
    throw new MatrixError("M_INVALID_USERNAME", "User ID can only contain characters a-z, 0-9, or '=_-./+'");
  }
}

export async function registerLocalUser(
  ctx: Ctx,
  input: { localpart: string; password: string | null; admin: boolean; userType: string | null; displayname: string | null },
): Promise<t.UserRow> {
  checkLocalpart(input.localpart);
  const userId = `@${input.localpart}:${ctx.config.server_name}`;
  // Synapse's default display name is the localpart.
  return createUser(ctx, { userId, password: input.password, admin: input.admin, userType: input.userType, displayname: input.displayname ?? input.localpart });
}

export interface AdminUser {
  name: string;
  displayname: string | null;
  avatar_url: null;
  admin: boolean;
  deactivated: boolean;
  erased: boolean;
  shadow_banned: boolean;
  locked: boolean;
  approved: boolean;
  is_guest: boolean;
  user_type: string | null;
  creation_ts: number;
  last_seen_ts: number | null;
  threepids: never[];
  external_ids: never[];
  scrollback_console_role: t.ConsoleRole | null;
}

function toAdminUser(row: t.UserRow, lastSeen: number | null): AdminUser {
  return {
    name: row.userId,
    displayname: row.displayname,
    avatar_url: null,
    admin: row.admin,
    deactivated: row.deactivated,
    erased: row.erased,
    shadow_banned: false,
    locked: false,
    approved: true,
    is_guest: false,
    user_type: row.userType,
    creation_ts: row.createdTs,
    last_seen_ts: lastSeen,
    threepids: [],
    external_ids: [],
    scrollback_console_role: row.consoleRole ?? null,
  };
}

const lastSeenSql = sql<number | null>`(select max(${t.accessTokens.lastUsedTs}) from ${t.accessTokens} where ${t.accessTokens.userId} = ${t.users.userId})`;

export const USER_ORDERS = ["name", "displayname", "is_guest", "admin", "deactivated", "user_type", "avatar_url", "shadow_banned", "creation_ts", "last_seen_ts", "locked", "approved"] as const;
export type UserOrder = (typeof USER_ORDERS)[number];

export interface ListUsersInput {
  from: number;
  limit: number;
  userId?: string;
  name?: string;
  deactivated: boolean;
  admins?: boolean;
  orderBy: UserOrder;
  dir: "f" | "b";
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function orderColumn(order: UserOrder): SQL | typeof t.users.userId {
  switch (order) {
    case "displayname":
      return sql`${t.users.displayname}`;
    case "admin":
      return sql`${t.users.admin}`;
    case "deactivated":
      return sql`${t.users.deactivated}`;
    case "user_type":
      return sql`${t.users.userType}`;
    case "creation_ts":
      return sql`${t.users.createdTs}`;
    case "last_seen_ts":
      return lastSeenSql;
    default:
      // Columns we do not have (guest, avatar, shadow ban, lock, approval) are the same for everyone.
      return t.users.userId;
  }
}

export async function listUsers(ctx: Ctx, input: ListUsersInput): Promise<{ users: AdminUser[]; total: number }> {
  const filters: SQL[] = [];
  if (input.userId) filters.push(ilike(t.users.userId, `%${escapeLike(input.userId)}%`));
  if (input.name) {
    const pattern = `%${escapeLike(input.name)}%`;
    const byName = or(ilike(t.users.userId, pattern), ilike(t.users.displayname, pattern));
    if (byName) filters.push(byName);
  }
  if (!input.deactivated) filters.push(eq(t.users.deactivated, false));
  if (input.admins !== undefined) filters.push(eq(t.users.admin, input.admins));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const direction = input.dir === "b" ? desc : asc;
  const rows = await ctx.db
    .select({ user: t.users, lastSeen: lastSeenSql, total: sql<number>`count(*) over ()` })
    .from(t.users)
    .where(where)
    .orderBy(direction(orderColumn(input.orderBy)), direction(t.users.userId))
    .offset(input.from)
    .limit(input.limit);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && input.from > 0) {
    const [counted] = await ctx.db.select({ n: sql<number>`count(*)` }).from(t.users).where(where);
    total = Number(counted?.n ?? 0);
  }
  return { users: rows.map((r) => toAdminUser(r.user, r.lastSeen === null ? null : Number(r.lastSeen))), total };
}

export async function getAdminUser(ctx: Ctx, userId: string): Promise<AdminUser> {
  requireLocalUser(ctx, userId, "Can only look up local users");
  const [row] = await ctx.db.select({ user: t.users, lastSeen: lastSeenSql }).from(t.users).where(eq(t.users.userId, userId)).limit(1);
  if (!row) throw notFound("User not found");
  return toAdminUser(row.user, row.lastSeen === null ? null : Number(row.lastSeen));
}

export interface UpsertUserInput {
  requester: { userId: string; tokenId: number };
  userId: string;
  body: Record<string, unknown>;
}

function validateUpsert(body: Record<string, unknown>): void {
  const bad = (message: string, errcode: "M_UNKNOWN" | "M_BAD_JSON" = "M_UNKNOWN") => new MatrixError(errcode, message, { status: 400 });
  if (body.user_type !== undefined && body.user_type !== null && (typeof body.user_type !== "string" || !USER_TYPES.includes(body.user_type))) throw bad("Invalid user type");
  if (body.admin !== undefined && typeof body.admin !== "boolean") throw bad("Param 'admin' must be a boolean, if given", "M_BAD_JSON");
  if (body.password !== undefined && body.password !== null && (typeof body.password !== "string" || body.password.length > 512)) throw bad("Invalid password");
  if (body.logout_devices !== undefined && typeof body.logout_devices !== "boolean") throw bad("'logout_devices' parameter is not of type boolean");
  if (body.deactivated !== undefined && typeof body.deactivated !== "boolean") throw bad("'deactivated' parameter is not of type boolean");
  if (body.displayname !== undefined && body.displayname !== null && typeof body.displayname !== "string") throw bad("displayname must be a string", "M_BAD_JSON");
  const role = body.scrollback_console_role;
  if (role !== undefined && role !== null && !(t.CONSOLE_ROLES as readonly unknown[]).includes(role)) {
    throw bad(`'scrollback_console_role' must be one of ${t.CONSOLE_ROLES.join(", ")} or null`, "M_BAD_JSON");
  }
}

/** PUT /_synapse/admin/v2/users/{userId}: creates (201) or modifies (200) a local user. */
export async function upsertUser(ctx: Ctx, input: UpsertUserInput): Promise<{ created: boolean; user: AdminUser }> {
  requireLocalUser(ctx, input.userId, "This endpoint can only be used with local users");
  const body = input.body;
  validateUpsert(body);
  const [existing] = await ctx.db.select().from(t.users).where(eq(t.users.userId, input.userId)).limit(1);
  const role = body.scrollback_console_role as t.ConsoleRole | null | undefined;
  if (!existing) {
    await createUser(ctx, {
      userId: input.userId,
      password: typeof body.password === "string" ? body.password : null,
      admin: body.admin === true,
      consoleRole: role ?? null,
      displayname: typeof body.displayname === "string" ? body.displayname : input.userId.slice(1, input.userId.indexOf(":")),
      userType: typeof body.user_type === "string" ? body.user_type : null,
    });
    return { created: true, user: await getAdminUser(ctx, input.userId) };
  }
  await modifyUser(ctx, existing, input);
  return { created: false, user: await getAdminUser(ctx, input.userId) };
}

async function modifyUser(ctx: Ctx, existing: t.UserRow, input: UpsertUserInput): Promise<void> {
  const body = input.body;
  const changes: Partial<t.UserRow> = {};
  if ("displayname" in body) changes.displayname = typeof body.displayname === "string" ? body.displayname : null;
  if (typeof body.admin === "boolean" && body.admin !== existing.admin) {
    if (input.userId === input.requester.userId && !body.admin) throw new MatrixError("M_UNKNOWN", "You may not demote yourself.", { status: 400 });
    changes.admin = body.admin;
  }
  if ("user_type" in body) changes.userType = typeof body.user_type === "string" ? body.user_type : null;
  if ("scrollback_console_role" in body) changes.consoleRole = (body.scrollback_console_role as t.ConsoleRole | null) ?? null;
  if (typeof body.password === "string") changes.passwordHash = await hashPassword(body.password);
  if (body.deactivated === false && existing.deactivated) {
    if (typeof body.password !== "string") throw new MatrixError("M_UNKNOWN", "Must provide a password to re-activate an account.", { status: 400 });
    changes.deactivated = false;
    // Synapse's activate_account: a re-activated user is no longer erased.
    changes.erased = false;
  }
  const deactivate = body.deactivated === true && !existing.deactivated;
  if (Object.keys(changes).length > 0) {
    await ctx.db.update(t.users).set(changes).where(eq(t.users.userId, input.userId));
    // Cached token answers carry the admin flag, role and deactivation.
    forgetCachedTokens();
  }
  if (deactivate) await markDeactivated(ctx, input.userId, { erase: false, via: "users_v2" });
  else if (typeof body.password === "string" && body.logout_devices !== false) {
    // Synapse keeps the requester's own session when they change their own password.
    await revokeUserTokens(ctx, input.userId, input.userId === input.requester.userId ? input.requester.tokenId : undefined);
  }
}
