import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { createUser } from "../auth";

export interface SeedResult {
  admin: { userId: string; password: string };
  rooms: number;
  events: number;
  seconds: number;
}

/** True when the database holds no users and no rooms: a first start. */
export async function isEmptyDatabase(ctx: Ctx): Promise<boolean> {
  const [users] = await ctx.db.select({ n: count() }).from(t.users);
  const [rooms] = await ctx.db.select({ n: count() }).from(t.rooms);
  return (users?.n ?? 0) === 0 && (rooms?.n ?? 0) === 0;
}

/** Creates the console admin with a random password (printed once by the caller). */
export async function createConsoleAdmin(ctx: Ctx, localpart = "admin"): Promise<{ userId: string; password: string }> {
  const userId = `@${localpart}:${ctx.config.server_name}`;
  const password = randomBytes(12).toString("base64url");
  await createUser(ctx, { userId, password, admin: true, consoleRole: "admin", displayname: "Console admin" });
  return { userId, password };
}

/** Demo data for a new installation. */
export async function seedDemo(ctx: Ctx): Promise<SeedResult> {
  const started = Date.now();
  const admin = await createConsoleAdmin(ctx);
  return { admin, rooms: 0, events: 0, seconds: (Date.now() - started) / 1000 };
}
