import { asc, isNotNull, or, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";

export interface ConsoleUser {
  userId: string;
  displayname: string | null;
  /** The role that applies: Synapse server admins are console admins whatever console_role says. */
  role: t.ConsoleRole;
  serverAdmin: boolean;
  deactivated: boolean;
  createdTs: number;
}

/** Everyone who can use the console (a console role, or a server admin). */
export async function listConsoleUsers(ctx: Ctx): Promise<ConsoleUser[]> {
  const rows = await ctx.db
    .select()
    .from(t.users)
    .where(or(isNotNull(t.users.consoleRole), eq(t.users.admin, true)))
    .orderBy(asc(t.users.userId));
  return rows.map((row) => ({
    userId: row.userId,
    displayname: row.displayname,
    role: row.admin ? "admin" : (row.consoleRole ?? "operator"),
    serverAdmin: row.admin,
    deactivated: row.deactivated,
    createdTs: row.createdTs,
  }));
}
