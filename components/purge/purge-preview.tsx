import { formatTs } from "@/components/rooms/describe-event";
import { fmt } from "./typed-confirm";
import type { PurgePreview } from "./types";

/** What the purge would delete, and what stays anyway with the reason for each. */
export function PurgePreviewView({ preview }: { preview: PurgePreview }) {
  const d = preview.delete;
  const types = Object.entries(d.byType).sort((a, b) => b[1] - a[1]);
  const kept: Array<[number | string, string]> = [
    [preview.keep.stateEvents, "state events before the cutoff: kept, because the room's current state (names, members, permissions) is built from them."],
    [preview.keep.localEvents, preview.deleteLocalEvents ? "events sent by this server's users: kept." : "events sent by this server's users: kept, because \"also delete local events\" is off."],
    [preview.keep.atOrAfterBoundary, "events at or after the cutoff: the cutoff event itself and everything after it stay."],
  ];
  return (
    <section aria-labelledby="purge-preview-title" data-testid="purge-preview" className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="purge-preview-title" className="text-lg font-semibold">Preview</h2>
      {preview.refusal && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          This purge would be refused: {preview.refusal}. Choose an earlier cutoff.
        </p>
      )}
      <p className="text-base" data-testid="purge-total">
        Would delete <strong>{fmt(d.total)}</strong> event{d.total === 1 ? "" : "s"} ({fmt(d.local)} local, {fmt(d.remote)} from other servers)
        {d.oldestTs !== null && d.newestTs !== null ? `, sent between ${formatTs(d.oldestTs)} and ${formatTs(d.newestTs)} UTC` : ""}.
      </p>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Cutoff event: <span className="font-mono break-all">{preview.boundary.eventId}</span>
      </p>
      {types.length > 0 && (
        <table className="text-left text-sm">
          <caption className="sr-only">Events that would be deleted, by type</caption>
          <thead className="text-slate-600 dark:text-slate-400">
            <tr>
              <th scope="col" className="pr-6 font-medium">Type</th>
              <th scope="col" className="text-right font-medium">Events</th>
            </tr>
          </thead>
          <tbody>
            {types.map(([type, n]) => (
              <tr key={type}>
                <td className="pr-6 font-mono">{type}</td>
                <td className="text-right tabular-nums">{fmt(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div>
        <h3 className="text-sm font-semibold">Kept anyway</h3>
        <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
          {kept.map(([n, why]) => (
            <li key={why}>
              <strong className="tabular-nums">{typeof n === "number" ? fmt(n) : n}</strong> {why}
            </li>
          ))}
          {preview.keep.newestEventId && <li>The room&apos;s newest event is never purged, so the room keeps working.</li>}
        </ul>
      </div>
    </section>
  );
}
