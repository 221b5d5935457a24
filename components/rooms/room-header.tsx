import Link from "next/link";
import { getSession } from "@/app/(console)/_lib/session";
import { getApp } from "@/server/app";
import { getBlockStatus } from "@/server/rooms";
import type { RoomSummary } from "./types";
import { formatDuration } from "../tasks/format";
import { formatTs } from "./describe-event";


/** Purge and delete, shown to admins only (the pages and their actions check the role again). */
function AdminActions({ roomId }: { roomId: string }) {
  const base = `/rooms/${encodeURIComponent(roomId)}`;
  const button = "rounded-md border px-3 py-1.5 text-sm font-medium";
  return (
    <div className="flex flex-wrap gap-2" data-testid="room-admin-actions">
      <Link href={`${base}/purge`} prefetch={false} className={`${button} border-amber-600 text-amber-900 hover:bg-amber-50 dark:border-amber-500 dark:text-amber-200 dark:hover:bg-amber-950`}>Purge history</Link>
      <Link href={`${base}/delete`} prefetch={false} className={`${button} border-red-700 text-red-800 hover:bg-red-50 dark:border-red-500 dark:text-red-200 dark:hover:bg-red-950`}>Delete room</Link>
    </div>
  );
}

// A server component: it reads who is looking and the room's block record itself, so the room page
// only passes the summary.
export async function RoomHeader({ summary }: { summary: RoomSummary }) {
  const session = await getSession();
  const blocked = (await getBlockStatus((await getApp()).ctx("system:console"), summary.roomId)).block;
  const facts: Array<[string, React.ReactNode]> = [
    ["Room ID", <span key="id" className="font-mono">{summary.roomId}</span>],
    ["Events", summary.eventCount.toLocaleString("en")],
    ["Joined members", `${summary.members.join.toLocaleString("en")} (${summary.members.local} local)`],
    ["Left / banned", `${summary.members.leave} / ${summary.members.ban}`],
    ["History visibility", summary.historyVisibility],
    ["Join rule", summary.joinRule],
    ["Room version", summary.roomVersion],
    ["Created", `${formatTs(summary.createdTs)} by ${summary.creator ?? "unknown"}`],
    ["Last activity", summary.lastActivityTs ? formatTs(summary.lastActivityTs) : "—"],
    ["Retention", summary.retention ? `max ${formatDuration(summary.retention.maxLifetime)}, min ${formatDuration(summary.retention.minLifetime)}` : "no room policy"],
  ];
  return (
    <section aria-labelledby="room-title">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 id="room-title" className="text-2xl font-semibold">
          {summary.name ?? summary.canonicalAlias ?? summary.roomId}
          {blocked && <span data-testid="room-blocked" className="ml-3 rounded bg-red-100 px-2 py-0.5 align-middle text-sm font-medium text-red-900 dark:bg-red-900 dark:text-red-100">blocked</span>}
        </h1>
        {session?.role === "admin" && <AdminActions roomId={summary.roomId} />}
      </div>
      {summary.canonicalAlias && <p className="font-mono text-sm text-slate-600 dark:text-slate-400">{summary.canonicalAlias}</p>}
      {summary.topic && <p className="mt-2 text-slate-700 dark:text-slate-300">{summary.topic}</p>}
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-5">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
            <dd className="truncate font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
