import Link from "next/link";
import type { JobView, RoomRetention } from "@/server/retention";
import { formatDuration } from "../tasks/format";
import { jobRange } from "./schedule";

export interface PolicyRoomRow extends RoomRetention {
  name: string | null;
}

export interface RoomsByPolicyProps {
  rooms: PolicyRoomRow[];
  jobs: JobView[];
  query: { q: string; own: boolean; job: string };
  total: number | null;
  prevHref: string | null;
  nextHref: string | null;
}

const field = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

function policyText(policy: { minLifetime: number | null; maxLifetime: number | null } | null): string {
  if (!policy) return "—";
  return `min ${formatDuration(policy.minLifetime)}, max ${formatDuration(policy.maxLifetime)}`;
}

/** Rooms with their own policy, the effective one, the clamped purge lifetime and the job that covers them. */
export function RoomsByPolicy({ rooms, jobs, query, total, prevHref, nextHref }: RoomsByPolicyProps) {
  const jobLabel = (key: string | null) => {
    const job = jobs.find((j) => j.key === key);
    return job ? jobRange(job) : "no job (never purged)";
  };
  return (
    <section aria-labelledby="rooms-by-policy" className="space-y-3">
      <h2 id="rooms-by-policy" className="text-lg font-semibold">Rooms by policy</h2>
      <form method="get" action="/retention" aria-label="Find rooms by policy" className="flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium">Search<input type="search" name="q" defaultValue={query.q} placeholder="Name, alias or room ID" className={`${field} w-64`} disabled={query.job !== ""} /></label>
        <label className="flex items-center gap-2 pb-2 text-sm font-medium"><input type="checkbox" name="own" value="1" defaultChecked={query.own} /> Only rooms with their own policy</label>
        <label className="text-sm font-medium">
          Covered by job
          <select name="job" defaultValue={query.job} className={field}>
            <option value="">any</option>
            {jobs.map((job) => <option key={job.key} value={job.key}>{jobRange(job)}</option>)}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-800">Show rooms</button>
      </form>
      {total !== null && <p className="text-sm text-slate-600 dark:text-slate-400">{total.toLocaleString("en")} room{total === 1 ? "" : "s"}</p>}
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[44rem] text-left text-sm" data-testid="policy-rooms">
          <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Room</th>
              <th scope="col" className="py-2 pr-4 font-medium">Room&apos;s policy</th>
              <th scope="col" className="py-2 pr-4 font-medium">Effective</th>
              <th scope="col" className="py-2 pr-4 font-medium">Purged after</th>
              <th scope="col" className="py-2 pr-4 font-medium">Purge job</th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((room) => (
              <tr key={room.roomId} data-testid="policy-room" className="border-b border-slate-100 dark:border-slate-800">
                <td className="py-2 pr-4">
                  <Link href={`/rooms/${encodeURIComponent(room.roomId)}?tab=retention`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{room.name ?? room.roomId}</Link>
                  {room.name && <div className="font-mono text-xs text-slate-600 dark:text-slate-400">{room.roomId}</div>}
                </td>
                <td className="py-2 pr-4">{policyText(room.room)}</td>
                <td className="py-2 pr-4">{room.enabled ? policyText(room.effective) : "retention off"}</td>
                <td className="py-2 pr-4">{formatDuration(room.purgeMaxLifetime)}{room.clamped && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">clamped</span>}</td>
                <td className="py-2 pr-4 font-mono text-xs">{jobLabel(room.job)}</td>
              </tr>
            ))}
            {rooms.length === 0 && <tr><td colSpan={5} className="py-6 text-center text-slate-600 dark:text-slate-400">No rooms match.</td></tr>}
          </tbody>
        </table>
      </div>
      <nav aria-label="Room pages" className="flex gap-3 text-sm">
        {prevHref && <Link href={prevHref} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Previous</Link>}
        {nextHref && <Link href={nextHref} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Next</Link>}
      </nav>
    </section>
  );
}
