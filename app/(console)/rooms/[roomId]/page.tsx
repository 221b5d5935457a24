import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { paginateRoom } from "@/server/pagination";
import { getCurrentState } from "@/server/rooms";
import { RoomHeader } from "@/components/rooms/room-header";
import { StateTable } from "@/components/rooms/state-table";
import { Timeline } from "@/components/rooms/timeline";
import { timelineQuery } from "@/components/rooms/queries";
import type { TimelinePage } from "@/components/rooms/types";
import { consoleCtx, requireRole } from "../../_lib/session";
import { decodeParam } from "../../_lib/params";
import { loadRoomSummary } from "./load-summary";

export const metadata: Metadata = { title: "Room · Scrollback" };

const TABS = [
  { id: "timeline", label: "Timeline" },
  { id: "state", label: "State" },
] as const;

export default async function RoomPage({ params, searchParams }: { params: Promise<{ roomId: string }>; searchParams: Promise<{ tab?: string }> }) {
  const session = await requireRole(["moderator", "operator"]);
  await connection();
  const roomId = decodeParam((await params).roomId);
  const tab = (await searchParams).tab === "state" ? "state" : "timeline";
  const ctx = await consoleCtx(session);
  const summary = await loadRoomSummary(ctx, roomId);
  if (!summary) notFound();
  const queryClient = new QueryClient();
  if (tab === "timeline") {
    // The first page comes from the core directly; the browser fetches older pages through the route handler.
    const options = timelineQuery(roomId);
    await queryClient.prefetchInfiniteQuery({
      ...options,
      queryFn: async () => (await paginateRoom(ctx, { roomId, viewer: { admin: true, userId: session.userId }, dir: "b", limit: 50 })) as unknown as TimelinePage,
    });
  }
  const href = (id: string) => `/rooms/${encodeURIComponent(roomId)}${id === "timeline" ? "" : `?tab=${id}`}`;
  return (
    <div className="space-y-6">
      <RoomHeader summary={summary} />
      <nav aria-label="Room sections" className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((t) => (
          <Link key={t.id} href={href(t.id)} aria-current={tab === t.id ? "page" : undefined} className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t.id ? "border-indigo-600 text-slate-900 dark:text-white" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"}`}>
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "timeline" ? (
        <HydrationBoundary state={dehydrate(queryClient)}>
          <Timeline roomId={roomId} />
        </HydrationBoundary>
      ) : (
        <StateTable events={(await getCurrentState(ctx, roomId)).map((e) => ({ eventId: e.eventId, type: e.type, stateKey: e.stateKey ?? "", sender: e.sender, ts: e.originServerTs, content: e.content }))} />
      )}
    </div>
  );
}
