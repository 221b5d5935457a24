import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { DeletePanel } from "@/components/shutdown/delete-panel";
import { consoleCtx, requireRole } from "../../../_lib/session";
import { decodeParam } from "../../../_lib/params";
import { loadRoomSummary } from "../load-summary";
import { loadDeleteTask } from "./load";

export const metadata: Metadata = { title: "Delete room · Scrollback" };

/** Admins only: delete (shut down, block, purge) a room. Also shows a finished delete after the room is gone. */
export default async function DeletePage({ params }: { params: Promise<{ roomId: string }> }) {
  const session = await requireRole(["admin"]);
  await connection();
  const roomId = decodeParam((await params).roomId);
  const ctx = await consoleCtx(session);
  const summary = await loadRoomSummary(ctx, roomId);
  const task = await loadDeleteTask(ctx, roomId);
  if (!summary && !task) notFound();
  const roomLabel = summary?.name ?? roomId;
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        {summary ? (
          <Link href={`/rooms/${encodeURIComponent(roomId)}`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">← {roomLabel}</Link>
        ) : (
          <Link href="/rooms" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">← Rooms</Link>
        )}
        <h1 className="mt-1 text-2xl font-semibold">Delete room</h1>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          <span className="font-medium">{roomLabel}</span> <span className="font-mono text-xs break-all">{roomId}</span>
          {summary ? ` · ${summary.members.local} local of ${summary.members.join} joined members · ${summary.eventCount.toLocaleString("en")} events` : ""}
        </p>
      </div>
      <DeletePanel roomId={roomId} roomLabel={roomLabel} adminUserId={session.userId} roomExists={summary !== null} initialTask={task} />
    </div>
  );
}
