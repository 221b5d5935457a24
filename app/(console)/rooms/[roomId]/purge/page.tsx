import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PurgePanel } from "@/components/purge/purge-panel";
import { consoleCtx, requireRole } from "../../../_lib/session";
import { decodeParam } from "../../../_lib/params";
import { loadRoomSummary } from "../load-summary";
import { loadPurgeTask } from "./load";

export const metadata: Metadata = { title: "Purge history · Scrollback" };

/** Admins only: purge a room's history up to an event (?event= from the timeline) or a time. */
export default async function PurgePage({ params, searchParams }: { params: Promise<{ roomId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireRole(["admin"]);
  await connection();
  const roomId = decodeParam((await params).roomId);
  const query = await searchParams;
  const ctx = await consoleCtx(session);
  const summary = await loadRoomSummary(ctx, roomId);
  if (!summary) notFound();
  const event = typeof query.event === "string" ? query.event.slice(0, 255) : "";
  const roomLabel = summary.name ?? summary.roomId;
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link href={`/rooms/${encodeURIComponent(roomId)}`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">← {roomLabel}</Link>
        <h1 className="mt-1 text-2xl font-semibold">Purge history</h1>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          Deletes old events of <span className="font-medium">{roomLabel}</span> ({summary.eventCount.toLocaleString("en")} events) from this server&apos;s database. The room keeps working; its history starts at the cutoff. This cannot be undone.
        </p>
      </div>
      <PurgePanel roomId={roomId} roomLabel={roomLabel} initialEventId={event} initialTask={await loadPurgeTask(ctx, roomId)} />
    </div>
  );
}
