import Link from "next/link";
import { logout } from "@/app/login/actions";
import { ConsoleNav } from "@/components/nav/console-nav";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { navFor } from "./_lib/nav";
import { requireRole } from "./_lib/session";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await requireRole();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/rooms" className="text-lg font-semibold tracking-tight">
            Scrollback
          </Link>
          <ConsoleNav items={navFor(session.role)} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-700 dark:text-slate-300" data-testid="whoami">
              {session.userId} <span className="ml-1 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100">{session.role}</span>
            </span>
            <ThemeToggle />
            <form action={logout}>
              <button type="submit" className="rounded-md border border-slate-300 px-2.5 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                Log out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
