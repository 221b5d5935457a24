import type { RoomSummary } from "./types";
import { formatTs } from "./describe-event";

const DAY = 86_400_000;
const days = (ms: number | null) => (ms === null ? "none" : `${Math.round(ms / DAY)} days`);

export function RoomHeader({ summary }: { summary: RoomSummary }) {
  const facts: Array<[string, React.ReactNode]> = [
    ["Room ID", <span key="id" className="font-mono">{summary.roomId}</span>],
    ["Events", summary.eventCount.toLocaleString("en")],
    ["Joined members", `${summary.members.join.toLocaleString("en")} (${summary.members.local} local)`],
    ["Left / banned", `${summary.members.leave} / ${summary.members.ban}`],
    ["History visibility", summary.historyVisibility],
    ["Join rule", summary.joinRule],
    ["Room version", summary.roomVersion],
    ["Created", `${formatTs(summary.createdTs)} by ${summary.creator ?? "unknown"}`],
    ["Last activity", summary.lastActivityTs ? formatTs(summary.lastActivityTs) : "—"],
    ["Retention", summary.retention ? `max ${days(summary.retention.maxLifetime)}, min ${days(summary.retention.minLifetime)}` : "no room policy"],
  ];
  return (
    <section aria-labelledby="room-title">
      <h1 id="room-title" className="text-2xl font-semibold">{summary.name ?? summary.canonicalAlias ?? summary.roomId}</h1>
      {summary.canonicalAlias && <p className="font-mono text-sm text-slate-600 dark:text-slate-400">{summary.canonicalAlias}</p>}
      {summary.topic && <p className="mt-2 text-slate-700 dark:text-slate-300">{summary.topic}</p>}
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-5">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
            <dd className="truncate font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
