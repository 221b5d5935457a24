import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { listRoomsAction } from "@/app/(console)/rooms/actions";
import { ConsoleApiError, getJson } from "@/components/fetch-json";
import type { RoomListParams } from "./list-params";
import { filterParam } from "../timeline/view";
import type { RoomListPage, TimelinePage, TimelineView } from "./types";

// Hierarchical keys: ['rooms', …] for lists, ['rooms', roomId, …] for one room.
export const roomKeys = {
  all: ["rooms"] as const,
  room: (roomId: string) => ["rooms", roomId] as const,
  timeline: (roomId: string, view: TimelineView) => ["rooms", roomId, "timeline", view] as const,
};

/** A page to fetch after the first: older (dir b) or newer (dir f) than a token. */
export type TimelineCursor = { from: string; dir: "b" | "f" } | null;

export function timelineUrl(roomId: string, view: TimelineView, cursor: TimelineCursor): string {
  const search = new URLSearchParams();
  const filter = filterParam(view.filter);
  if (filter) search.set("filter", filter);
  if (cursor) {
    search.set("from", cursor.from);
    search.set("dir", cursor.dir);
  } else if (view.event) search.set("event", view.event);
  else if (view.at !== null) search.set("at", new Date(view.at).toISOString());
  return `/rooms/${encodeURIComponent(roomId)}/timeline?${search}`;
}

/**
 * The room's history, newest first, scrolling both ways from where the view opens: pages after the
 * first are older (next) or newer (previous), each starting at the token the last page returned.
 */
export function timelineQuery(roomId: string, view: TimelineView) {
  return infiniteQueryOptions({
    queryKey: roomKeys.timeline(roomId, view),
    queryFn: ({ pageParam }) => getJson<TimelinePage>(timelineUrl(roomId, view, pageParam)),
    initialPageParam: null as TimelineCursor,
    getNextPageParam: (page): TimelineCursor | undefined => (page.older ? { from: page.older, dir: "b" } : undefined),
    getPreviousPageParam: (page): TimelineCursor | undefined => (page.newer ? { from: page.newer, dir: "f" } : undefined),
  });
}

export function roomListKey(params: RoomListParams) {
  return [...roomKeys.all, "list", params] as const;
}

/** One page of the rooms list; the server action checks the role and calls the core. */
export function roomListQuery(params: RoomListParams) {
  return queryOptions({
    queryKey: roomListKey(params),
    queryFn: async (): Promise<RoomListPage> => {
      const result = await listRoomsAction(params);
      if (!result.ok) throw new ConsoleApiError(result.error.code, result.error.message);
      return result.data;
    },
    placeholderData: keepPreviousData,
  });
}
