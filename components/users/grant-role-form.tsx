"use client";
import { useState, useTransition } from "react";
import { setConsoleRoleAction } from "@/app/(console)/users/actions";

type Role = "admin" | "moderator" | "operator";

export function GrantRoleForm() {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = (form: FormData) =>
    startTransition(async () => {
      const userId = String(form.get("userId") ?? "").trim();
      const result = await setConsoleRoleAction({ userId, role: String(form.get("role")) as Role });
      setMessage(result.ok ? { ok: true, text: `${userId} is now ${result.data.role}.` } : { ok: false, text: result.error.message });
    });
  return (
    <form action={submit} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <div>
        <label htmlFor="grant-user" className="block text-sm font-medium">Local user</label>
        <input id="grant-user" name="userId" required placeholder="@alice:example.org" className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950" />
      </div>
      <div>
        <label htmlFor="grant-role" className="block text-sm font-medium">Role</label>
        <select id="grant-role" name="role" defaultValue="moderator" className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900">
          <option value="moderator">moderator</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      </div>
      <button type="submit" disabled={pending} className="rounded-md bg-indigo-700 px-4 py-1.5 text-sm font-semibold text-white hover:bg-indigo-800 disabled:opacity-60">Give console access</button>
      {message && <p role="status" className={message.ok ? "text-sm text-green-800 dark:text-green-300" : "text-sm text-red-700 dark:text-red-400"}>{message.text}</p>}
    </form>
  );
}
