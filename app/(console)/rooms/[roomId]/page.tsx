import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { RoomHeader } from "@/components/rooms/room-header";
import { allows, consoleCtx, requireRole } from "../../_lib/session";
import { decodeParam } from "../../_lib/params";
import { loadRoomSummary } from "./load-summary";
import { ROOM_TABS } from "./tabs";

export const metadata: Metadata = { title: "Room · Scrollback" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function RoomPage({ params, searchParams }: { params: Promise<{ roomId: string }>; searchParams: Promise<SearchParams> }) {
  const session = await requireRole(["moderator", "operator"]);
  await connection();
  const roomId = decodeParam((await params).roomId);
  const query = await searchParams;
  const tabs = ROOM_TABS.filter((t) => allows(session.role, t.roles));
  const tab = tabs.find((t) => t.id === query.tab) ?? tabs[0];
  const ctx = await consoleCtx(session);
  if (!tab) notFound();
  // The header and the tab load at the same time; an unknown room is a 404 from the header alone
  // (the tab's own failure for it is then not an error).
  const body = tab.render({ roomId, session, ctx, searchParams: query });
  body.catch(() => {});
  const summary = await loadRoomSummary(ctx, roomId);
  if (!summary) notFound();
  const href = (id: string) => `/rooms/${encodeURIComponent(roomId)}${id === "timeline" ? "" : `?tab=${id}`}`;
  return (
    <div className="space-y-6">
      <RoomHeader summary={summary} />
      <nav aria-label="Room sections" className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800">
        {tabs.map((t) => (
          <Link key={t.id} href={href(t.id)} prefetch={false} aria-current={tab.id === t.id ? "page" : undefined} className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab.id === t.id ? "border-indigo-600 text-slate-900 dark:text-white" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"}`}>
            {t.label}
          </Link>
        ))}
      </nav>
      {await body}
    </div>
  );
}
