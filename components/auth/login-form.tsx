"use client";
import { useActionState } from "react";
import { login, type LoginState } from "@/app/login/actions";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500 dark:border-slate-700 dark:bg-slate-950";

export function LoginForm() {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, {});
  const fieldError = (name: string) => state.error?.fieldErrors?.[name]?.[0];
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      <div>
        <label htmlFor="user" className="block text-sm font-medium">
          User name
        </label>
        <input id="user" name="user" autoComplete="username" defaultValue={state.user} placeholder="admin or @admin:example.org" className={input} aria-invalid={Boolean(fieldError("user"))} aria-describedby={fieldError("user") ? "user-error" : undefined} />
        {fieldError("user") && <p id="user-error" className="mt-1 text-sm text-red-700 dark:text-red-400">{fieldError("user")}</p>}
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" className={input} aria-invalid={Boolean(fieldError("password"))} aria-describedby={fieldError("password") ? "password-error" : undefined} />
        {fieldError("password") && <p id="password-error" className="mt-1 text-sm text-red-700 dark:text-red-400">{fieldError("password")}</p>}
      </div>
      {state.error && !state.error.fieldErrors && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {state.error.message}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-full rounded-md bg-indigo-700 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-800 disabled:opacity-60">
        {pending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
