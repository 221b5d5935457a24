import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError } from "../errors";
import { isLocalId, isValidUserId } from "../events/ids";
import { hashPassword } from "./passwords";

export interface CreateUserInput {
  userId: string;
  password?: string | null;
  admin?: boolean;
  consoleRole?: t.ConsoleRole | null;
  displayname?: string | null;
  userType?: string | null;
}

export function checkLocalUserId(ctx: Ctx, userId: string): void {
  if (!isValidUserId(userId)) throw new MatrixError("M_INVALID_USERNAME", `Invalid user id: ${userId}`);
  if (!isLocalId(userId, ctx.config.server_name)) {
    throw new MatrixError("M_INVALID_PARAM", "Can only create or modify local users");
  }
}

export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<t.UserRow> {
  checkLocalUserId(ctx, input.userId);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const [row] = await ctx.db
    .insert(t.users)
    .values({
      userId: input.userId,
      passwordHash,
      admin: input.admin ?? false,
      consoleRole: input.consoleRole ?? null,
      displayname: input.displayname ?? null,
      userType: input.userType ?? null,
      createdTs: ctx.clock.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new MatrixError("M_USER_IN_USE", "User ID already taken.");
  return row;
}

export async function getUser(ctx: Ctx, userId: string): Promise<t.UserRow | null> {
  const [row] = await ctx.db.select().from(t.users).where(eq(t.users.userId, userId)).limit(1);
  return row ?? null;
}

/** Synapse's admin APIs on local users: an invalid id is M_INVALID_PARAM, a remote one a 400 with `message`. */
export function requireLocalUser(ctx: Ctx, userId: string, message: string): void {
  if (!isValidUserId(userId)) throw new MatrixError("M_INVALID_PARAM", `Invalid user ID: ${userId}`);
  if (!isLocalId(userId, ctx.config.server_name)) throw new MatrixError("M_UNKNOWN", message, { status: 400 });
}
