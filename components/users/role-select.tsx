"use client";
import { useState, useTransition } from "react";
import { setConsoleRoleAction } from "@/app/(console)/users/actions";

type Role = "admin" | "moderator" | "operator";

export function RoleSelect({ userId, role }: { userId: string; role: Role }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const change = (value: string) =>
    startTransition(async () => {
      const result = await setConsoleRoleAction({ userId, role: value === "none" ? null : (value as Role) });
      setError(result.ok ? null : result.error.message);
    });
  return (
    <span className="inline-flex items-center gap-2">
      <select aria-label={`Console role of ${userId}`} defaultValue={role} disabled={pending} onChange={(e) => change(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
        <option value="admin">admin</option>
        <option value="moderator">moderator</option>
        <option value="operator">operator</option>
        <option value="none">no console access</option>
      </select>
      {error && <span role="alert" className="text-red-700 dark:text-red-400">{error}</span>}
    </span>
  );
}
