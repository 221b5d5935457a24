import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { listAudit } from "@/server/audit";
import { AuditTable } from "@/components/audit/audit-table";
import { AUDIT_ACTIONS, auditSearch, parseAuditFilters } from "@/components/audit/audit-params";
import { consoleCtx, requireRole } from "../_lib/session";

export const metadata: Metadata = { title: "Audit log · Scrollback" };

const PAGE = 50;
const field = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

/** Admins only. Filters are a plain GET form, so every view is a URL; paging continues from the last id. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireRole(["admin"]);
  await connection();
  const filters = parseAuditFilters(await searchParams);
  const { entries, next } = await listAudit(await consoleCtx(session), {
    actor: filters.actor || undefined,
    roomId: filters.room || undefined,
    action: filters.action || undefined,
    from: filters.from,
    limit: PAGE,
  });
  const base = { actor: filters.actor, room: filters.room, action: filters.action };
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Who changed what, newest first. Work done by a task is finished in its entry when the task ends.</p>
      </div>
      <form method="get" action="/audit" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium">Who<input name="actor" defaultValue={filters.actor} placeholder="@alice:example.org" className={`${field} w-56`} /></label>
        <label className="text-sm font-medium">Room ID<input name="room" defaultValue={filters.room} placeholder="!room:example.org" className={`${field} w-56`} /></label>
        <label className="text-sm font-medium">
          Action
          <input name="action" list="audit-actions" defaultValue={filters.action} className={`${field} w-56`} />
          <datalist id="audit-actions">{AUDIT_ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        </label>
        <button type="submit" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-800">Apply filters</button>
        {(filters.actor || filters.room || filters.action) && <Link href="/audit" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">Clear filters</Link>}
      </form>
      <AuditTable entries={entries} />
      <nav aria-label="Audit pages" className="flex gap-3 text-sm">
        {filters.from !== undefined && <Link href={`/audit${auditSearch(base)}`} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Newest</Link>}
        {next !== null && <Link href={`/audit${auditSearch({ ...base, from: next })}`} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Older entries</Link>}
      </nav>
    </div>
  );
}
