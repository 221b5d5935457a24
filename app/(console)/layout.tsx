import Link from "next/link";
import { logout } from "@/app/login/actions";
import { ConsoleNav } from "@/components/nav/console-nav";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { TaskToasts } from "@/components/toast/task-toasts";
import { navFor } from "./_lib/nav";
import { requireRole } from "./_lib/session";

// On a phone (375 px) the header wraps: brand and account controls on the first row, the
// navigation on its own full-width row below; nothing is wider than the screen.
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await requireRole();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/rooms" className="text-lg font-semibold tracking-tight">
            Scrollback
          </Link>
          <div className="order-last w-full md:order-none md:w-auto">
            <ConsoleNav items={navFor(session.role)} />
          </div>
          <div className="ml-auto flex min-w-0 flex-wrap items-center justify-end gap-2 text-sm sm:gap-3">
            <span className="min-w-0 break-all text-slate-700 dark:text-slate-300" data-testid="whoami">
              {session.userId} <span className="ml-1 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100">{session.role}</span>
            </span>
            <ThemeToggle />
            <form action={logout}>
              <button type="submit" className="whitespace-nowrap rounded-md border border-slate-300 px-2.5 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                Log out
              </button>
            </form>
          </div>
        </div>
      </header>
      {/* Below md, any table wider than the screen scrolls inside itself rather than widening the page. */}
      <main className="mx-auto min-w-0 max-w-7xl px-4 py-6 max-md:[&_table]:block max-md:[&_table]:max-w-full max-md:[&_table]:overflow-x-auto">{children}</main>
      <TaskToasts />
    </div>
  );
}
