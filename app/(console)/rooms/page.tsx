import type { Metadata } from "next";
import { connection } from "next/server";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { parseRoomListParams } from "@/components/rooms/list-params";
import { roomListKey } from "@/components/rooms/queries";
import { RoomsTable } from "@/components/rooms/rooms-table";
import { consoleCtx, requireRole } from "../_lib/session";
import { loadRoomList } from "./list";

export const metadata: Metadata = { title: "Rooms · Scrollback" };

export default async function RoomsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireRole(["moderator", "operator"]);
  await connection();
  const query = await searchParams;
  const params = parseRoomListParams(query);
  const queryClient = new QueryClient();
  // The first view comes from the core directly; the browser asks the server action when the URL changes.
  queryClient.setQueryData(roomListKey(params), await loadRoomList(await consoleCtx(session), params));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Rooms</h1>
        {query.denied && (
          <p role="alert" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
            That page needs another console role.
          </p>
        )}
      </div>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <RoomsTable canDelete={session.role === "admin"} />
      </HydrationBoundary>
    </div>
  );
}
