import type { TimelineFilter, TimelineView } from "../rooms/types";

// The timeline's position and filters as URL query parameters, read the same way by the server
// (prefetch) and the browser: ?event=$id | ?at=2024-05-01T10:00 (UTC), types, not_types, senders
// (comma-separated) and contains_url=1.

type Query = Record<string, string | string[] | undefined> | URLSearchParams;

function get(query: Query, key: string): string | null {
  if (query instanceof URLSearchParams) return query.get(key);
  const value = query[key];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

const list = (text: string | null) =>
  (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .slice(0, 50);

/** "2024-05-01", "2024-05-01T10:00" or an ISO time, read as UTC; anything else is ignored. */
export function parseAt(text: string | null): number | null {
  if (!text) return null;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`;
  const ts = Date.parse(iso);
  return Number.isFinite(ts) ? ts : null;
}

/** A UTC time as the datetime-local input shows it. */
export function formatAt(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16);
}

export function readView(query: Query): TimelineView {
  const filter: TimelineFilter = {};
  const types = list(get(query, "types"));
  const notTypes = list(get(query, "not_types"));
  const senders = list(get(query, "senders"));
  if (types.length > 0) filter.types = types;
  if (notTypes.length > 0) filter.not_types = notTypes;
  if (senders.length > 0) filter.senders = senders;
  if (get(query, "contains_url") === "1") filter.contains_url = true;
  const event = get(query, "event");
  return { filter, event: event && event.startsWith("$") ? event : null, at: event ? null : parseAt(get(query, "at")) };
}

/** The query string for a view (without the leading "?"), keeping other parameters such as tab. */
export function writeView(view: TimelineView, base: URLSearchParams = new URLSearchParams()): string {
  const out = new URLSearchParams(base);
  for (const key of ["event", "at", "types", "not_types", "senders", "contains_url"]) out.delete(key);
  if (view.event) out.set("event", view.event);
  else if (view.at !== null) out.set("at", formatAt(view.at));
  const f = view.filter;
  if (f.types?.length) out.set("types", f.types.join(","));
  if (f.not_types?.length) out.set("not_types", f.not_types.join(","));
  if (f.senders?.length) out.set("senders", f.senders.join(","));
  if (f.contains_url) out.set("contains_url", "1");
  return out.toString();
}

export const hasFilter = (f: TimelineFilter) => Boolean(f.types?.length || f.not_types?.length || f.senders?.length || f.contains_url);

/** The filter as the route handler takes it: RoomEventFilter JSON, or null for none. */
export function filterParam(filter: TimelineFilter): string | null {
  return hasFilter(filter) ? JSON.stringify(filter) : null;
}
