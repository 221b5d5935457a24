import Link from "next/link";
import { formatTs } from "./describe-event";
import type { MemberRow } from "./types";

export interface MembersTableProps {
  roomId: string;
  members: MemberRow[];
  total: number;
  counts: Record<string, number>;
  membership: string | null;
  page: number;
  pageSize: number;
}

const KINDS = ["join", "invite", "leave", "ban", "knock"] as const;
const LABELS: Record<string, string> = { join: "Joined", invite: "Invited", leave: "Left", ban: "Banned", knock: "Knocking" };

function href(roomId: string, membership: string | null, page: number): string {
  const search = new URLSearchParams({ tab: "members" });
  if (membership) search.set("membership", membership);
  if (page > 1) search.set("page", String(page));
  return `/rooms/${encodeURIComponent(roomId)}?${search}`;
}

const chip = (active: boolean) =>
  `rounded-full border px-3 py-1 text-sm ${active ? "border-indigo-700 bg-indigo-700 text-white dark:border-indigo-500 dark:bg-indigo-600" : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"}`;

/** The room's members: filter by membership, one page at a time (links, so the URL keeps the state). */
export function MembersTable({ roomId, members, total, counts, membership, page, pageSize }: MembersTableProps) {
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section aria-label="Members" className="space-y-3">
      <nav aria-label="Filter by membership" className="flex flex-wrap gap-2">
        <Link href={href(roomId, null, 1)} aria-current={membership === null ? "true" : undefined} className={chip(membership === null)}>
          All ({all.toLocaleString("en")})
        </Link>
        {KINDS.filter((k) => (counts[k] ?? 0) > 0 || k === membership).map((k) => (
          <Link key={k} href={href(roomId, k, 1)} aria-current={membership === k ? "true" : undefined} className={chip(membership === k)}>
            {LABELS[k]} ({(counts[k] ?? 0).toLocaleString("en")})
          </Link>
        ))}
      </nav>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">User</th>
              <th scope="col" className="py-2 pr-4 font-medium">Display name</th>
              <th scope="col" className="py-2 pr-4 font-medium">Membership</th>
              <th scope="col" className="py-2 pr-4 font-medium">Server</th>
              <th scope="col" className="py-2 font-medium">Since</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} data-testid="member-row" className="border-b border-slate-100 dark:border-slate-800">
                <td className="py-1.5 pr-4 font-mono">{m.userId}</td>
                <td className="py-1.5 pr-4">{m.displayname ?? "—"}</td>
                <td className="py-1.5 pr-4">{LABELS[m.membership] ?? m.membership}</td>
                <td className="py-1.5 pr-4">{m.isLocal ? "local" : "remote"}</td>
                <td className="py-1.5 font-mono text-xs">{formatTs(m.sinceTs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {members.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No members with this membership.</p>}
      <nav aria-label="Member pages" className="flex items-center gap-3 text-sm">
        {page > 1 && <Link href={href(roomId, membership, page - 1)} className="underline">Previous page</Link>}
        <span>
          Page {page} of {pages} · {total.toLocaleString("en")} members
        </span>
        {page < pages && <Link href={href(roomId, membership, page + 1)} className="underline">Next page</Link>}
      </nav>
    </section>
  );
}
