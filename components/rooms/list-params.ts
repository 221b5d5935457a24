import { z } from "zod";

// The rooms list's state lives in the URL (?q=&order=&dir=&page=&filter=), so a list view can be shared,
// reloaded and navigated back to. The same schema parses the URL on the server and in the browser.

export const ROOM_LIST_ORDERS = ["name", "events", "joined_members", "last_activity", "created"] as const;
export type RoomListOrder = (typeof ROOM_LIST_ORDERS)[number];
export const ROOMS_PER_PAGE = 25;
export const ROOM_LIST_FILTERS = ["", "public", "empty", "blocked", "retention"] as const;
export type RoomListFilter = (typeof ROOM_LIST_FILTERS)[number];

export const roomListParamsSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  order: z.enum(ROOM_LIST_ORDERS).catch("events"),
  dir: z.enum(["f", "b"]).catch("f"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  filter: z.enum(ROOM_LIST_FILTERS).catch(""),
});
export type RoomListParams = z.output<typeof roomListParamsSchema>;

type Query = Record<string, string | string[] | undefined> | URLSearchParams;

export function parseRoomListParams(query: Query): RoomListParams {
  const get = (key: string) => {
    const value = query instanceof URLSearchParams ? query.get(key) : query[key];
    return Array.isArray(value) ? value[0] : (value ?? undefined);
  };
  return roomListParamsSchema.parse({ q: get("q") ?? "", order: get("order"), dir: get("dir"), page: get("page"), filter: get("filter") });
}

/** Only what differs from the defaults goes into the URL. */
export function roomListSearch(params: RoomListParams): string {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.order !== "events") search.set("order", params.order);
  if (params.dir !== "f") search.set("dir", params.dir);
  if (params.page !== 1) search.set("page", String(params.page));
  if (params.filter) search.set("filter", params.filter);
  const text = search.toString();
  return text ? `?${text}` : "";
}
