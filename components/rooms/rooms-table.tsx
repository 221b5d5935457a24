"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { BulkDeleteDialog, type SelectedRoom } from "@/components/shutdown/bulk-delete-dialog";
import { parseRoomListParams, roomListSearch, ROOMS_PER_PAGE, ROOM_LIST_FILTERS, type RoomListFilter, type RoomListOrder, type RoomListParams } from "./list-params";
import { roomKeys, roomListQuery } from "./queries";
import { formatTs } from "./describe-event";

const COLUMNS: Array<{ order: RoomListOrder | null; label: string; numeric?: boolean }> = [
  { order: "name", label: "Room" },
  { order: "events", label: "Events", numeric: true },
  { order: "joined_members", label: "Members", numeric: true },
  { order: null, label: "History" },
  { order: "last_activity", label: "Last activity" },
];

const FILTER_LABELS: Record<RoomListFilter, string> = { "": "All rooms", public: "Public", empty: "Empty", blocked: "Blocked", retention: "With a retention policy" };

/** The rooms list; admins (canDelete) also get checkboxes and a bulk delete. */
export function RoomsTable({ canDelete = false }: { canDelete?: boolean }) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Map<string, SelectedRoom>>(new Map());
  const [bulkOpen, setBulkOpen] = useState(false);
  const pathname = usePathname();
  const params = parseRoomListParams(new URLSearchParams(useSearchParams().toString()));
  const query = useQuery(roomListQuery(params));
  const [search, setSearch] = useState(params.q);
  // history.replaceState keeps useSearchParams in step without a server round trip; react-query fetches.
  const go = (next: Partial<RoomListParams>) => window.history.replaceState(null, "", `${pathname}${roomListSearch({ ...params, ...next })}`);

  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (search.trim() === params.q) return;
    const timer = setTimeout(() => go({ q: search.trim(), page: 1 }), 300);
    return () => clearTimeout(timer);
  });

  const sortBy = (order: RoomListOrder) => go({ order, dir: params.order === order && params.dir === "f" ? "b" : "f", page: 1 });
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / ROOMS_PER_PAGE)) : 1;
  const toggle = (room: SelectedRoom, on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (on) next.set(room.roomId, room);
      else next.delete(room.roomId);
      return next;
    });
  const pageRooms = (data?.rooms ?? []).map((r) => ({ roomId: r.roomId, label: r.name ?? r.canonicalAlias ?? r.roomId }));
  const allOnPage = pageRooms.length > 0 && pageRooms.every((r) => selected.has(r.roomId));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor="room-search" className="sr-only">Search rooms</label>
        <input id="room-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search by name, alias or room ID" className="w-80 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950" />
        <label htmlFor="room-filter" className="sr-only">Show</label>
        <select id="room-filter" value={params.filter} onChange={(e) => go({ filter: e.target.value as RoomListFilter, page: 1 })} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900">
          {ROOM_LIST_FILTERS.map((f) => (
            <option key={f} value={f}>{FILTER_LABELS[f]}</option>
          ))}
        </select>
        {canDelete && (
          <button type="button" disabled={selected.size === 0} onClick={() => setBulkOpen(true)} className="rounded-md border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-red-500 dark:text-red-200 dark:hover:bg-red-950">
            Delete selected ({selected.size})
          </button>
        )}
        <span className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {data ? `${data.total.toLocaleString("en")} room${data.total === 1 ? "" : "s"}` : ""}
          {query.isFetching ? " · loading…" : ""}
        </span>
      </div>
      {query.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not load rooms: {query.error.message}</p>}
      <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="rooms-table">
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            {canDelete && (
              <th scope="col" className="w-8 py-2 pr-2">
                <input type="checkbox" aria-label="Select every room on this page" checked={allOnPage} onChange={(e) => pageRooms.forEach((r) => toggle(r, e.target.checked))} />
              </th>
            )}
            {COLUMNS.map((col) => (
              <th key={col.label} scope="col" className={`py-2 pr-4 font-medium ${col.numeric ? "text-right" : ""}`} aria-sort={col.order && params.order === col.order ? (params.dir === "f" ? "ascending" : "descending") : undefined}>
                {col.order ? (
                  <button type="button" onClick={() => sortBy(col.order as RoomListOrder)} className="hover:text-slate-900 dark:hover:text-white">
                    {col.label}
                    {params.order === col.order ? (params.dir === "f" ? " ▲" : " ▼") : ""}
                  </button>
                ) : (
                  col.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data?.rooms.map((room) => (
            <tr key={room.roomId} className="border-b border-slate-100 dark:border-slate-800" data-testid="room-row">
              {canDelete && (
                <td className="py-2 pr-2">
                  <input type="checkbox" aria-label={`Select ${room.name ?? room.canonicalAlias ?? room.roomId}`} checked={selected.has(room.roomId)} onChange={(e) => toggle({ roomId: room.roomId, label: room.name ?? room.canonicalAlias ?? room.roomId }, e.target.checked)} />
                </td>
              )}
              <td className="py-2 pr-4">
                <Link href={`/rooms/${encodeURIComponent(room.roomId)}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {room.name ?? room.canonicalAlias ?? room.roomId}
                </Link>
                <div className="font-mono text-xs text-slate-600 dark:text-slate-400">{room.canonicalAlias ?? room.roomId}</div>
              </td>
              <td className="py-2 pr-4 text-right tabular-nums" data-testid="room-events">{room.events.toLocaleString("en")}</td>
              <td className="py-2 pr-4 text-right tabular-nums" data-testid="room-members">
                {room.joinedMembers.toLocaleString("en")}
                <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">({room.joinedLocalMembers} local)</span>
              </td>
              <td className="py-2 pr-4">
                {room.historyVisibility ?? "shared"}
                {room.hasRetention && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">retention</span>}
                {room.blocked && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900 dark:bg-red-900 dark:text-red-100">blocked</span>}
              </td>
              <td className="py-2 pr-4 font-mono text-xs">{room.lastActivityTs ? formatTs(room.lastActivityTs) : "—"}</td>
            </tr>
          ))}
          {data && data.rooms.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length + (canDelete ? 1 : 0)} className="py-6 text-center text-slate-600 dark:text-slate-400">No rooms match.</td>
            </tr>
          )}
        </tbody>
      </table>
      </div>
      <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
        <button type="button" disabled={params.page <= 1} onClick={() => go({ page: params.page - 1 })} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-50 dark:border-slate-700">Previous</button>
        <span>Page {params.page} of {pages}</span>
        <button type="button" disabled={params.page >= pages} onClick={() => go({ page: params.page + 1 })} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-50 dark:border-slate-700">Next</button>
      </nav>
      {bulkOpen && (
        <BulkDeleteDialog
          rooms={[...selected.values()]}
          onClose={(started) => {
            setBulkOpen(false);
            if (!started) return;
            setSelected(new Map());
            void queryClient.invalidateQueries({ queryKey: roomKeys.all });
          }}
        />
      )}
    </div>
  );
}
