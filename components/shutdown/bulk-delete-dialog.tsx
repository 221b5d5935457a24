"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { bulkDeleteRoomsAction } from "@/app/(console)/rooms/actions";
import type { BulkDeleteResult } from "@/app/(console)/rooms/schemas";
import { TypedConfirm } from "@/components/purge/typed-confirm";
import { deleteTaskQuery } from "./queries";
import { PRESETS, type PresetId } from "./presets";

export interface SelectedRoom {
  roomId: string;
  label: string;
}

/** One room's delete task, polled until it ends: its own progress and error, whatever the others do. */
function RoomProgress({ room, result }: { room: SelectedRoom; result: BulkDeleteResult | undefined }) {
  const task = useQuery({ ...deleteTaskQuery(room.roomId, result?.deleteId), enabled: Boolean(result?.deleteId) });
  const t = task.data;
  let text = "Waiting…";
  let tone = "text-slate-700 dark:text-slate-300";
  if (result?.error) {
    text = `Refused: ${result.error.message}`;
    tone = "text-red-700 dark:text-red-400";
  } else if (t) {
    if (t.status === "complete") {
      text = `Deleted: ${t.kickedUsers.length} member${t.kickedUsers.length === 1 ? "" : "s"} removed${t.purge ? `, ${t.purge.deleted} events deleted` : ""}.`;
      tone = "text-green-800 dark:text-green-300";
    } else if (t.status === "failed") {
      text = `Failed: ${t.error ?? "unknown error"}`;
      tone = "text-red-700 dark:text-red-400";
    } else text = t.status === "scheduled" ? "Queued" : `Running (${t.phase ?? "starting"}; ${t.kickedUsers.length} removed)`;
  } else if (result?.deleteId) text = "Scheduled";
  return (
    <li data-testid="bulk-room" data-room-id={room.roomId} data-status={result?.error ? "refused" : (t?.status ?? "pending")} className="flex flex-col border-b border-slate-100 py-2 text-sm dark:border-slate-800 sm:flex-row sm:justify-between sm:gap-4">
      <Link href={`/rooms/${encodeURIComponent(room.roomId)}/delete`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{room.label}</Link>
      <span className={tone}>{text}</span>
    </li>
  );
}

/** Confirm a preset for the selected rooms, then one delete task per room with live per-room progress. */
export function BulkDeleteDialog({ rooms, onClose }: { rooms: SelectedRoom[]; onClose: (started: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [preset, setPreset] = useState<PresetId>("cleanup");
  const [typed, setTyped] = useState("");
  const count = `${rooms.length} ${rooms.length === 1 ? "room" : "rooms"}`;
  const expected = `delete ${count}`;
  const start = useMutation({
    mutationFn: async () => {
      const result = await bulkDeleteRoomsAction({ roomIds: rooms.map((r) => r.roomId), preset });
      if (!result.ok) throw new Error(result.error.message);
      return result.data;
    },
  });
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const byRoom = new Map((start.data ?? []).map((r) => [r.roomId, r]));
  return (
    <dialog ref={ref} aria-labelledby="bulk-delete-title" onClose={() => onClose(start.isSuccess)} className="m-auto w-[min(42rem,calc(100vw-2rem))] rounded-lg bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/50 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="bulk-delete-title" className="text-lg font-semibold">Delete {count}</h2>
      {!start.isSuccess ? (
        <form
          className="mt-3 space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim() === expected) start.mutate();
          }}
        >
          <fieldset>
            <legend className="text-sm font-medium">Preset for every selected room</legend>
            {PRESETS.map((p) => (
              <label key={p.id} className="mt-2 flex items-start gap-2 text-sm">
                <input type="radio" name="bulk-preset" value={p.id} checked={preset === p.id} onChange={() => setPreset(p.id)} className="mt-1" />
                <span>
                  <span className="font-medium">{p.label}</span>
                  <span className="block text-slate-700 dark:text-slate-300">{p.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <ul className="max-h-40 overflow-y-auto font-mono text-xs">
            {rooms.map((r) => (
              <li key={r.roomId}>{r.label}</li>
            ))}
          </ul>
          <TypedConfirm id="bulk-confirm" expected={expected} value={typed} onChange={setTyped} reason="Each room gets its own delete task; this cannot be undone." />
          {start.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{start.error.message}</p>}
          <div className="flex gap-3">
            <button type="submit" disabled={typed.trim() !== expected || start.isPending} className="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50">
              {start.isPending ? "Starting…" : `Delete ${count}`}
            </button>
            <button type="button" onClick={() => ref.current?.close()} className="rounded-md border border-slate-300 px-4 py-2 text-sm dark:border-slate-700">Cancel</button>
          </div>
        </form>
      ) : (
        <div className="mt-3 space-y-3">
          <ul aria-label="Progress per room" aria-live="polite">
            {rooms.map((r) => (
              <RoomProgress key={r.roomId} room={r} result={byRoom.get(r.roomId)} />
            ))}
          </ul>
          <p className="text-xs text-slate-600 dark:text-slate-400">Closing this keeps the tasks running; each room&apos;s delete page shows its progress.</p>
          <button type="button" onClick={() => ref.current?.close()} className="rounded-md border border-slate-300 px-4 py-2 text-sm dark:border-slate-700">Close</button>
        </div>
      )}
    </dialog>
  );
}
