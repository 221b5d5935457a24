import type { Metadata } from "next";
import { connection } from "next/server";
import { listConsoleUsers } from "@/server/console";
import { RoleSelect } from "@/components/users/role-select";
import { GrantRoleForm } from "@/components/users/grant-role-form";
import { consoleCtx, requireRole } from "../_lib/session";

export const metadata: Metadata = { title: "Console users · Scrollback" };

export default async function UsersPage() {
  const session = await requireRole(["admin"]);
  await connection();
  const users = await listConsoleUsers(await consoleCtx(session));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Console users</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Admins may do everything. Moderators look after rooms and their history; operators run and watch background tasks. Server admins are always console admins.
        </p>
      </div>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">User</th>
            <th scope="col" className="py-2 pr-4 font-medium">Display name</th>
            <th scope="col" className="py-2 pr-4 font-medium">Role</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.userId} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-2 pr-4 font-mono">{user.userId}</td>
              <td className="py-2 pr-4">{user.displayname ?? "—"}</td>
              <td className="py-2 pr-4">
                {user.serverAdmin || user.userId === session.userId ? (
                  <span>{user.role}{user.serverAdmin ? " (server admin)" : " (you)"}</span>
                ) : (
                  <RoleSelect userId={user.userId} role={user.role} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <GrantRoleForm />
    </div>
  );
}
