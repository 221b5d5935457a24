"use client";
import { memo, useState } from "react";
import { describeEvent, formatTs, isRedacted, isUserContent, latestEdit, relationLabel, threadSummary } from "./describe-event";
import type { TimelineItem } from "./types";

export interface TimelineEventProps {
  item: TimelineItem;
  roomId: string;
  anchor: boolean;
  blurred: boolean;
  rawOpen: boolean;
  isAdmin: boolean;
  onReveal: (eventId: string) => void;
  onToggleRaw: (eventId: string) => void;
}

const badge = "rounded px-1.5 py-0.5 text-xs font-medium";
const action = "tl-act";

export const permalinkOf = (roomId: string, eventId: string) => `/rooms/${encodeURIComponent(roomId)}?event=${encodeURIComponent(eventId)}`;

function Markers({ item }: { item: TimelineItem }) {
  const { event } = item;
  const label = relationLabel(event);
  return (
    <>
      {label && <span className={`${badge} mr-2 bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300`}>{label}</span>}
      {isRedacted(event) && <span className={`${badge} mr-2 bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200`}>redacted</span>}
      {item.expired && <span className={`${badge} mr-2 bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200`} title="Older than the room's retention max_lifetime: hidden from clients, due for purge">expired</span>}
    </>
  );
}

function Extras({ item }: { item: TimelineItem }) {
  const thread = threadSummary(item.event);
  if (!thread && item.reactions.length === 0) return null;
  return (
    <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-700 dark:text-slate-300">
      {thread && (
        <span data-testid="thread-summary" className="rounded bg-indigo-50 px-1.5 py-0.5 dark:bg-indigo-950">
          Thread: {thread.count} {thread.count === 1 ? "reply" : "replies"}, latest by {thread.latestSender}
        </span>
      )}
      {item.reactions.length > 0 && (
        <span data-testid="reactions" aria-label="Reactions" className="flex flex-wrap gap-1">
          {item.reactions.map((r) => (
            <span key={r.key} className="rounded-full border border-slate-300 px-1.5 dark:border-slate-700">
              {r.key} {r.count}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}

function copyLink(roomId: string, eventId: string, done: () => void) {
  const url = `${window.location.origin}${permalinkOf(roomId, eventId)}`;
  void navigator.clipboard?.writeText(url).then(done, done);
}

/** One event of the timeline: when, who, what in words, markers, and its actions. */
export const TimelineEvent = memo(function TimelineEvent({ item, roomId, anchor, blurred, rawOpen, isAdmin, onReveal, onToggleRaw }: TimelineEventProps) {
  const { event } = item;
  const [copied, setCopied] = useState(false);
  const edited = latestEdit(event) !== null;
  const hide = blurred && isUserContent(event) && !isRedacted(event);
  const rawId = `raw-${event.event_id}`;
  return (
    <li
      tabIndex={-1}
      data-event-id={event.event_id}
      data-event-type={event.type}
      data-anchor={anchor || undefined}
      aria-current={anchor ? "true" : undefined}
      // In the server's HTML the browser focuses the linked event itself, which scrolls it into view
      // in the first frame, before any script has run (React applies autoFocus only to form fields).
      autoFocus={anchor}
      className="tl-row"
    >
      <a href={permalinkOf(roomId, event.event_id)} className="tl-when" title="Permalink: open this event in context">
        <time dateTime={new Date(event.origin_server_ts).toISOString()}>{formatTs(event.origin_server_ts)}</time>
      </a>
      <span className="tl-who" title={event.sender}>{event.sender}</span>
      <div className={isRedacted(event) ? "tl-redacted" : event.state_key !== undefined ? "tl-state" : undefined}>
        <Markers item={item} />
        <span data-testid="event-text" data-blurred={hide || undefined} aria-hidden={hide || undefined} className={hide ? "select-none blur-sm" : "break-words"}>
          {describeEvent(event)}
        </span>
        {hide && (
          <button type="button" onClick={() => onReveal(event.event_id)} className={`${action} ml-2`}>
            Reveal
          </button>
        )}
        {edited && <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">(edited)</span>}
        <Extras item={item} />
      </div>
      <div className="tl-acts">
        <button type="button" aria-expanded={rawOpen} aria-controls={rawOpen ? rawId : undefined} onClick={() => onToggleRaw(event.event_id)} className={action}>
          Raw JSON
        </button>
        <button type="button" onClick={() => copyLink(roomId, event.event_id, () => setCopied(true))} className={action}>
          {copied ? "Copied" : "Copy link"}
        </button>
        {isAdmin && (
          <a href={`/rooms/${encodeURIComponent(roomId)}/purge?event=${encodeURIComponent(event.event_id)}`} className={`${action} tl-purge`}>
            Purge up to here
          </a>
        )}
      </div>
      {rawOpen && (
        <pre id={rawId} data-testid="raw-json" tabIndex={0} aria-label={`Raw JSON of ${event.event_id}`} className="tl-raw">
          {JSON.stringify(event, null, 2)}
        </pre>
      )}
    </li>
  );
});
