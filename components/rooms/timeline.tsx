"use client";
import { useEffect, useRef } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { timelineQuery } from "./queries";
import { describeEvent, formatTs, isRedacted, relationLabel } from "./describe-event";

/** The room's history, newest first; scrolling to the end loads older pages. */
export function Timeline({ roomId }: { roomId: string }) {
  const query = useInfiniteQuery(timelineQuery(roomId));
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const node = sentinel.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (query.isPending) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading history…</p>;
  if (query.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not load the history: {query.error.message}</p>;
  const events = query.data.pages.flatMap((page) => page.chunk);
  return (
    <div>
      <ol className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Room history, newest first" data-testid="timeline">
        {events.map((event) => {
          const label = relationLabel(event);
          const redacted = isRedacted(event);
          return (
            <li key={event.event_id} className="grid grid-cols-[9rem_14rem_1fr] gap-3 py-1.5 text-sm" data-event-type={event.type}>
              <time dateTime={new Date(event.origin_server_ts).toISOString()} className="font-mono text-xs leading-5 text-slate-600 dark:text-slate-400">
                {formatTs(event.origin_server_ts)}
              </time>
              <span className="truncate font-medium" title={event.sender}>{event.sender}</span>
              <span className={redacted ? "italic text-slate-500 dark:text-slate-400" : event.type === "m.room.message" ? "" : "text-slate-700 dark:text-slate-300"}>
                {label && <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">{label}</span>}
                {describeEvent(event)}
              </span>
            </li>
          );
        })}
      </ol>
      <div ref={sentinel} className="py-4 text-center text-sm text-slate-600 dark:text-slate-400">
        {hasNextPage ? (
          <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            {isFetchingNextPage ? "Loading older events…" : "Load older events"}
          </button>
        ) : (
          <span>Beginning of the room.</span>
        )}
      </div>
    </div>
  );
}
