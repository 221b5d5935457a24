"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { setRoomPolicyAction } from "@/app/(console)/retention/actions";
import { formatDuration } from "../tasks/format";
import { parseLifetime } from "./lifetime";

interface Props {
  roomId: string;
  current: { minLifetime: number | null; maxLifetime: number | null } | null;
  allowed: { min: number | null; max: number | null };
}

const field = "mt-1 block w-40 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";
const asText = (ms: number | null | undefined) => (ms === null || ms === undefined ? "" : formatDuration(ms).includes(" ") ? String(ms) : formatDuration(ms));

/** What purging will use for a max_lifetime after the server's allowed range clamps it. */
function clampNote(max: number | null, allowed: Props["allowed"]): string | null {
  if (max === null) return null;
  if (allowed.min !== null && max < allowed.min) return `Purging uses the allowed minimum, ${formatDuration(allowed.min)}.`;
  if (allowed.max !== null && max > allowed.max) return `Purging uses the allowed maximum, ${formatDuration(allowed.max)}.`;
  return null;
}

/** Sets or clears the room's m.room.retention; values like 30d, 12h, 90s. */
export function PolicyEditor({ roomId, current, allowed }: Props) {
  const router = useRouter();
  const [min, setMin] = useState(asText(current?.minLifetime));
  const [max, setMax] = useState(asText(current?.maxLifetime));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const parsedMin = parseLifetime(min);
  const parsedMax = parseLifetime(max);
  const order = parsedMin.ok && parsedMax.ok && parsedMin.ms !== null && parsedMax.ms !== null && parsedMin.ms > parsedMax.ms ? "The minimum lifetime can not be greater than the maximum." : null;
  const valid = parsedMin.ok && parsedMax.ok && order === null;
  const save = (minLifetime: number | null, maxLifetime: number | null) =>
    startTransition(async () => {
      const result = await setRoomPolicyAction({ roomId, minLifetime, maxLifetime });
      if (!result.ok) {
        const fields = Object.values(result.error.fieldErrors ?? {}).flat();
        setMessage({ ok: false, text: [result.error.message, ...fields].join(" ") });
        return;
      }
      const cleared = minLifetime === null && maxLifetime === null;
      if (cleared) {
        setMin("");
        setMax("");
      }
      // The editor keeps its state across the refresh (no remount), so this message stays visible.
      setMessage({ ok: true, text: cleared ? "Policy cleared: the server default applies." : "Policy saved." });
      router.refresh();
    });
  return (
    <form
      aria-label="Room retention policy"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsedMin.ok && parsedMax.ok && valid) save(parsedMin.ms, parsedMax.ms);
      }}
    >
      <h3 className="font-semibold">Change the policy</h3>
      <div className="flex flex-wrap gap-4">
        <div>
          <label htmlFor="min-lifetime" className="block text-sm font-medium">Minimum lifetime</label>
          <input id="min-lifetime" value={min} onChange={(e) => setMin(e.target.value)} placeholder="e.g. 1d" aria-invalid={!parsedMin.ok} aria-describedby="min-lifetime-help" className={field} />
          <p id="min-lifetime-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">{parsedMin.ok ? "Empty: not set." : parsedMin.error}</p>
        </div>
        <div>
          <label htmlFor="max-lifetime" className="block text-sm font-medium">Maximum lifetime</label>
          <input id="max-lifetime" value={max} onChange={(e) => setMax(e.target.value)} placeholder="e.g. 30d" aria-invalid={!parsedMax.ok} aria-describedby="max-lifetime-help" className={field} />
          <p id="max-lifetime-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {parsedMax.ok ? (clampNote(parsedMax.ms, allowed) ?? "Events older than this are hidden, then purged. Empty: not set.") : parsedMax.error}
          </p>
        </div>
      </div>
      {order && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{order}</p>}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending || !valid} className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-800 disabled:opacity-60">Save policy</button>
        {current && <button type="button" disabled={pending} onClick={() => save(null, null)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700">Clear policy</button>}
        {message && <p role="status" className={message.ok ? "text-sm text-green-800 dark:text-green-300" : "text-sm text-red-700 dark:text-red-400"}>{message.text}</p>}
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">Sent as an m.room.retention state event by the room&apos;s most powerful local member, and recorded in the audit log as your change.</p>
    </form>
  );
}
