import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { listRoomsAction } from "@/app/(console)/rooms/actions";
import type { RoomListParams } from "./list-params";
import type { RoomListPage, TimelinePage } from "./types";

// Hierarchical keys: ['rooms', …] for lists, ['rooms', roomId, …] for one room.
export const roomKeys = {
  all: ["rooms"] as const,
  room: (roomId: string) => ["rooms", roomId] as const,
  timeline: (roomId: string, params: { limit: number }) => ["rooms", roomId, "timeline", params] as const,
};

export class ConsoleApiError extends Error {
  constructor(
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ConsoleApiError(String(body.errcode ?? "M_UNKNOWN"), String(body.error ?? response.statusText));
  return body as T;
}

/** The room's history, newest first, one page per fetch; the next page starts at the previous page's end token. */
export function timelineQuery(roomId: string, params: { limit: number } = { limit: 50 }) {
  return infiniteQueryOptions({
    queryKey: roomKeys.timeline(roomId, params),
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ limit: String(params.limit) });
      if (pageParam) search.set("from", pageParam);
      return getJson<TimelinePage>(`/rooms/${encodeURIComponent(roomId)}/timeline?${search}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.end,
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
