import Link from "next/link";
import type { AuditEntry } from "@/server/audit";
import { formatTime } from "../tasks/format";

const STATUS: Record<string, string> = {
  ok: "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  requested: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
};

const compact = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));

/** Who did what, when, with which parameters and result; newest first. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm" data-testid="audit-table">
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">When</th>
            <th scope="col" className="py-2 pr-4 font-medium">Who</th>
            <th scope="col" className="py-2 pr-4 font-medium">Action</th>
            <th scope="col" className="py-2 pr-4 font-medium">Room / target</th>
            <th scope="col" className="py-2 pr-4 font-medium">Parameters</th>
            <th scope="col" className="py-2 pr-4 font-medium">Result</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" className="border-b border-slate-100 align-top dark:border-slate-800">
              <td className="py-2 pr-4 font-mono text-xs whitespace-nowrap">{formatTime(entry.ts)}</td>
              <td className="py-2 pr-4 font-mono text-xs">{entry.actor}</td>
              <td className="py-2 pr-4 font-mono text-xs">{entry.action}</td>
              <td className="py-2 pr-4 font-mono text-xs break-all">
                {entry.roomId && <Link href={`/rooms/${encodeURIComponent(entry.roomId)}`} className="text-indigo-700 hover:underline dark:text-indigo-300">{entry.roomId}</Link>}
                {entry.target && <div className="text-slate-600 dark:text-slate-400">{entry.taskId === entry.target ? "task " : ""}{entry.target}</div>}
              </td>
              <td className="max-w-xs py-2 pr-4"><code className="block break-all text-xs" data-testid="audit-params">{compact(entry.params)}</code></td>
              <td className="max-w-xs py-2 pr-4 text-xs">
                <span className={`rounded px-1.5 py-0.5 font-medium ${STATUS[entry.status] ?? STATUS.requested}`}>{entry.status}</span>
                {entry.taskId && <Link href={`/tasks/${entry.taskId}`} className="ml-2 text-indigo-700 underline dark:text-indigo-300">task</Link>}
                {entry.result !== null && <code className="mt-1 block break-all">{compact(entry.result)}</code>}
                {entry.finishedTs !== null && entry.finishedTs !== entry.ts && <div className="text-slate-600 dark:text-slate-400">finished {formatTime(entry.finishedTs)}</div>}
              </td>
            </tr>
          ))}
          {entries.length === 0 && (
            <tr><td colSpan={6} className="py-6 text-center text-slate-600 dark:text-slate-400">No entries match.</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
