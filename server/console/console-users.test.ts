import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestApp } from "../testing/test-app";
import * as t from "../db/schema";
import { createUser } from "../auth";
import { listConsoleUsers, setConsoleRole, setConsoleRoleSchema } from ".";

const app = await createTestApp();
const admin = app.ctx("@root:test");

await createUser(admin, { userId: "@root:test", admin: true });
await createUser(admin, { userId: "@mod:test", consoleRole: "moderator" });
await createUser(admin, { userId: "@plain:test" });

describe("console users", () => {
  it("lists users with a console role and server admins (as admin), not the others", async () => {
    const users = await listConsoleUsers(admin);
    expect(users.map((u) => [u.userId, u.role, u.serverAdmin])).toEqual([
      ["@mod:test", "moderator", false],
      ["@root:test", "admin", true],
    ]);
  });

  it("gives and removes a role, with an audit entry", async () => {
    await setConsoleRole(admin, { userId: "@plain:test", role: "operator" });
    expect((await listConsoleUsers(admin)).find((u) => u.userId === "@plain:test")?.role).toBe("operator");
    await setConsoleRole(admin, { userId: "@plain:test", role: null });
    expect((await listConsoleUsers(admin)).some((u) => u.userId === "@plain:test")).toBe(false);
    const audit = await app.conn.db.select().from(t.auditLog).where(eq(t.auditLog.target, "@plain:test"));
    expect(audit.map((a) => [a.actor, a.action, a.status, a.params])).toEqual([
      ["@root:test", "set_console_role", "ok", { role: "operator" }],
      ["@root:test", "set_console_role", "ok", { role: null }],
    ]);
  });

  it("refuses unknown users and changing your own role", async () => {
    await expect(setConsoleRole(admin, { userId: "@nobody:test", role: "operator" })).rejects.toMatchObject({ errcode: "M_NOT_FOUND", status: 404 });
    await expect(setConsoleRole(admin, { userId: "@root:test", role: null })).rejects.toMatchObject({ errcode: "M_FORBIDDEN", status: 403 });
  });

  it("validates the input: a known role or null", () => {
    expect(setConsoleRoleSchema.safeParse({ userId: "@a:test", role: "superuser" }).success).toBe(false);
    expect(setConsoleRoleSchema.safeParse({ userId: "", role: "admin" }).success).toBe(false);
    expect(setConsoleRoleSchema.safeParse({ userId: "@a:test", role: null }).success).toBe(true);
  });
});
