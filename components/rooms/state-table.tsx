import { formatTs } from "./describe-event";

export interface StateRow {
  eventId: string;
  type: string;
  stateKey: string;
  sender: string;
  ts: number;
  content: Record<string, unknown>;
}

/** The room's current state, one row per (type, state_key). */
export function StateTable({ events }: { events: StateRow[] }) {
  const rows = [...events].sort((a, b) => a.type.localeCompare(b.type) || a.stateKey.localeCompare(b.stateKey));
  return (
    <table className="w-full table-fixed text-left text-sm">
      <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <tr>
          <th scope="col" className="w-56 py-2 pr-4 font-medium">Type</th>
          <th scope="col" className="w-64 py-2 pr-4 font-medium">State key</th>
          <th scope="col" className="w-36 py-2 pr-4 font-medium">Set</th>
          <th scope="col" className="py-2 font-medium">Content</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.eventId} className="border-b border-slate-100 align-top dark:border-slate-800">
            <td className="py-1.5 pr-4 font-mono">{e.type}</td>
            <td className="truncate py-1.5 pr-4 font-mono">{e.stateKey || "—"}</td>
            <td className="py-1.5 pr-4 font-mono text-xs">{formatTs(e.ts)}</td>
            <td className="truncate py-1.5 font-mono text-xs">{JSON.stringify(e.content)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
