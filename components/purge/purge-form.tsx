"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { requestPurgeAction } from "@/app/(console)/rooms/[roomId]/purge/actions";
import { purgeKeys, purgePreviewQuery } from "./queries";
import { PurgePreviewView } from "./purge-preview";
import { fmt, TypedConfirm } from "./typed-confirm";
import { useDebounced } from "./use-debounced";
import { TYPED_CONFIRM_THRESHOLD, type PurgeInputs } from "./types";

const input = "mt-1 w-full max-w-xl rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

function toInputs(mode: "event" | "date", eventId: string, date: string, deleteLocalEvents: boolean): PurgeInputs {
  if (mode === "event") return eventId.trim() ? { eventId: eventId.trim(), deleteLocalEvents } : { deleteLocalEvents };
  const ts = date ? new Date(date).getTime() : NaN;
  return Number.isFinite(ts) ? { ts, deleteLocalEvents } : { deleteLocalEvents };
}

/** Cutoff, options, a live preview, and a confirm button that waits for the preview of exactly these inputs. */
export function PurgeForm({ roomId, roomLabel, initialEventId }: { roomId: string; roomLabel: string; initialEventId: string }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"event" | "date">(initialEventId ? "event" : "date");
  const [eventId, setEventId] = useState(initialEventId);
  const [date, setDate] = useState("");
  const [deleteLocal, setDeleteLocal] = useState(false);
  const [typed, setTyped] = useState("");
  const inputs = toInputs(mode, eventId, date, deleteLocal);
  const key = JSON.stringify(inputs);
  const settledKey = useDebounced(key);
  const preview = useQuery(purgePreviewQuery(roomId, JSON.parse(settledKey) as PurgeInputs));
  const submit = useMutation({
    mutationFn: async () => {
      const result = await requestPurgeAction({ roomId, ...inputs });
      if (!result.ok) throw new Error(result.error.message);
      return result.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: purgeKeys.task(roomId) }),
  });

  const hasCutoff = inputs.eventId !== undefined || inputs.ts !== undefined;
  const current = settledKey === key && preview.isSuccess && !preview.isFetching ? preview.data : null;
  const total = current?.delete.total ?? 0;
  const needsTyping = total > TYPED_CONFIRM_THRESHOLD;
  const blockedBy = !hasCutoff
    ? "Choose a cutoff first."
    : !current
      ? "Waiting for the preview of these settings…"
      : current.refusal
        ? "This cutoff would be refused."
        : total === 0
          ? "Nothing would be deleted."
          : needsTyping && typed.trim() !== roomLabel
            ? "Type the room's name to confirm."
            : null;

  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blockedBy) submit.mutate();
      }}
    >
      <fieldset className="space-y-3">
        <legend className="text-lg font-semibold">Cutoff</legend>
        <p className="text-sm text-slate-700 dark:text-slate-300">Events before the cutoff are deleted for good; the cutoff event and everything after it stay.</p>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="event" checked={mode === "event"} onChange={() => setMode("event")} /> Up to an event
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="date" checked={mode === "date"} onChange={() => setMode("date")} /> Up to a date and time
          </label>
        </div>
        {mode === "event" ? (
          <div>
            <label htmlFor="purge-event" className="block text-sm font-medium">Event ID</label>
            <input id="purge-event" value={eventId} onChange={(e) => setEventId(e.target.value)} placeholder="$abc…" className={`${input} font-mono`} />
          </div>
        ) : (
          <div>
            <label htmlFor="purge-date" className="block text-sm font-medium">Date and time (your local time)</label>
            <input id="purge-date" type="datetime-local" value={date} onChange={(e) => setDate(e.target.value)} className={input} />
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">The cutoff is the last event this server received at or before that moment.</p>
          </div>
        )}
      </fieldset>
      <div className="text-sm">
        <label className="flex items-start gap-2">
          <input type="checkbox" checked={deleteLocal} onChange={(e) => setDeleteLocal(e.target.checked)} className="mt-1" />
          <span>
            <span className="font-medium">Also delete events sent by this server&apos;s users</span> (<span className="font-mono">delete_local_events</span>)
            <span className="block text-slate-700 dark:text-slate-300">
              Off: only copies of other servers&apos; events are deleted; your users&apos; own messages stay, because this server is their only source. On: they are deleted too and cannot be fetched back from anywhere.
            </span>
          </span>
        </label>
      </div>
      {hasCutoff && preview.isError && settledKey === key && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          No preview: {preview.error.message}
        </p>
      )}
      {hasCutoff && !current && !preview.isError && <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">Loading the preview…</p>}
      {current && <PurgePreviewView preview={current} />}
      {current && needsTyping && (
        <TypedConfirm id="purge-confirm" expected={roomLabel} value={typed} onChange={setTyped} reason={`This deletes ${fmt(total)} events.`} />
      )}
      {submit.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not start the purge: {submit.error.message}</p>}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={blockedBy !== null || submit.isPending} className="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50">
          {submit.isPending ? "Starting…" : current && total > 0 ? `Purge ${fmt(total)} events` : "Purge history"}
        </button>
        {blockedBy && <span className="text-sm text-slate-600 dark:text-slate-400">{blockedBy}</span>}
      </div>
    </form>
  );
}
