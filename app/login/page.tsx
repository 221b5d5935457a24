import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/app/(console)/_lib/session";
import { LoginForm } from "@/components/auth/login-form";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export const metadata: Metadata = { title: "Log in · Scrollback" };

export default async function LoginPage() {
  if (await getSession()) redirect("/rooms");
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 p-6 dark:bg-slate-950">
      <div className="absolute right-4 top-4">
        <ThemeToggle />
      </div>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-2xl font-semibold">Scrollback</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Room-history console. Log in with your Matrix account on this server.</p>
        <LoginForm />
      </div>
    </main>
  );
}
