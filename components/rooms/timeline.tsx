"use client";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { setTimelineBlurAction } from "@/app/(console)/rooms/[roomId]/timeline/actions";
import { writeView } from "../timeline/view";
import { useTimelineKeys } from "../timeline/use-timeline-keys";
import { timelineQuery } from "./queries";
import { TimelineEvent } from "./timeline-event";
import { TimelineHelp } from "./timeline-help";
import { TimelineToolbar } from "./timeline-toolbar";
import type { TimelineView } from "./types";

export interface TimelineProps {
  roomId: string;
  initialView: TimelineView;
  initialBlur: boolean;
  isAdmin: boolean;
}

/** Loads the next page in a direction when its sentinel scrolls into view. */
function useSentinel(enabled: boolean, load: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node || !enabled) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) load();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled, load]);
  return ref;
}

/**
 * The room's history, newest at the top. Opens on the newest events, a linked event or a date
 * (kept in the URL with the filters) and scrolls both ways: older pages below, newer above.
 */
export function Timeline({ roomId, initialView, initialBlur, isAdmin }: TimelineProps) {
  const [view, setViewState] = useState(initialView);
  const [blur, setBlur] = useState(initialBlur);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const [raw, setRaw] = useState<ReadonlySet<string>>(new Set());
  const [help, setHelp] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const jumpRef = useRef<HTMLInputElement>(null);
  const query = useInfiniteQuery(timelineQuery(roomId, view));
  const { hasNextPage, hasPreviousPage, isFetchingNextPage, isFetchingPreviousPage, fetchNextPage, fetchPreviousPage } = query;
  const pages = query.data?.pages ?? [];
  const anchor = pages.find((p) => p.anchor)?.anchor ?? null;
  const [settled, setSettled] = useState(anchor === null);
  const keep = useRef<{ id: string; top: number } | null>(null);

  const setView = useCallback((next: TimelineView) => {
    const search = writeView(next, new URLSearchParams(window.location.search));
    window.history.pushState(null, "", `${window.location.pathname}${search ? `?${search}` : ""}`);
    setSettled(next.event === null && next.at === null);
    setViewState(next);
  }, []);

  const older = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  // Newer events go above what is on screen: remember where the first row is, to keep it in place.
  const newer = useCallback(() => {
    if (!hasPreviousPage || isFetchingPreviousPage) return;
    const first = list.current?.querySelector<HTMLElement>("li[data-event-id]");
    keep.current = first?.dataset.eventId ? { id: first.dataset.eventId, top: first.getBoundingClientRect().top } : null;
    void fetchPreviousPage();
  }, [hasPreviousPage, isFetchingPreviousPage, fetchPreviousPage]);
  const bottom = useSentinel(hasNextPage, older);
  const top = useSentinel(hasPreviousPage && settled, newer);

  useLayoutEffect(() => {
    const kept = keep.current;
    if (!kept || !list.current) return;
    const row = list.current.querySelector<HTMLElement>(`li[data-event-id="${CSS.escape(kept.id)}"]`);
    if (row && row.previousElementSibling) {
      window.scrollBy(0, row.getBoundingClientRect().top - kept.top);
      keep.current = null;
    }
  }, [pages.length]);

  // A permalink or a date: bring the event into view and focus it once it is on the page. In the
  // server's HTML the browser has done so already (autofocus); leave the scroll alone then, as the
  // user may have moved since.
  useEffect(() => {
    if (!anchor || settled || !list.current) return;
    const row = list.current.querySelector<HTMLElement>(`li[data-event-id="${CSS.escape(anchor)}"]`);
    if (!row) return;
    if (document.activeElement !== row) {
      row.scrollIntoView({ block: "center" });
      row.focus({ preventScroll: true });
    }
    setSettled(true);
  }, [anchor, settled]);

  const toggleRaw = useCallback((id: string) => setRaw((s) => toggle(s, id)), []);
  const reveal = useCallback((id: string) => setRevealed((s) => new Set(s).add(id)), []);
  const showHelp = useCallback(() => setHelp(true), []);
  const focusJump = useCallback(() => jumpRef.current?.focus(), []);
  useTimelineKeys({ list, onRaw: toggleRaw, onJump: focusJump, onHelp: showHelp, onEnd: older });

  const changeBlur = (next: boolean) => {
    setBlur(next);
    void setTimelineBlurAction({ blur: next });
  };

  return (
    <div className="space-y-3">
      <TimelineToolbar view={view} blur={blur} jumpRef={jumpRef} onView={setView} onBlur={changeBlur} onHelp={showHelp} />
      <TimelineHelp open={help} onClose={() => setHelp(false)} />
      {query.isPending && <p className="text-sm text-slate-600 dark:text-slate-400">Loading history…</p>}
      {query.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load the history: {query.error.message}
        </p>
      )}
      {query.isSuccess && (
        <div>
          <div ref={top} className="py-2 text-center text-sm text-slate-600 dark:text-slate-400">
            {hasPreviousPage ? (
              <button type="button" onClick={newer} disabled={isFetchingPreviousPage} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                {isFetchingPreviousPage ? "Loading newer events…" : "Load newer events"}
              </button>
            ) : (
              <span>Newest events.</span>
            )}
          </div>
          <ol ref={list} className="divide-y divide-slate-100 [overflow-anchor:none] dark:divide-slate-800" aria-label="Room history, newest first" data-testid="timeline">
            {pages.flatMap((page) =>
              page.items.map((item) => (
                <TimelineEvent
                  key={item.event.event_id}
                  item={item}
                  roomId={roomId}
                  anchor={item.event.event_id === anchor}
                  blurred={blur && !revealed.has(item.event.event_id)}
                  rawOpen={raw.has(item.event.event_id)}
                  isAdmin={isAdmin}
                  onReveal={reveal}
                  onToggleRaw={toggleRaw}
                />
              )),
            )}
          </ol>
          {pages.every((p) => p.items.length === 0) && <p className="py-4 text-sm text-slate-600 dark:text-slate-400">No events match these filters.</p>}
          <div ref={bottom} className="py-4 text-center text-sm text-slate-600 dark:text-slate-400">
            {hasNextPage ? (
              <button type="button" onClick={older} disabled={isFetchingNextPage} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                {isFetchingNextPage ? "Loading older events…" : "Load older events"}
              </button>
            ) : (
              <span>Beginning of the room.</span>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function toggle(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}
