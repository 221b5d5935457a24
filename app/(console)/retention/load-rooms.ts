import type { Ctx } from "@/server/context";
import { isMatrixError } from "@/server/errors";
import { listRooms } from "@/server/rooms";
import { describeRoomRetention, listRetentionRooms } from "@/server/retention";
import type { PolicyRoomRow } from "@/components/retention/rooms-by-policy";

export const POLICY_ROOMS_PER_PAGE = 25;

export interface PolicyRoomsQuery {
  q: string;
  own: boolean;
  job: string;
  page: number;
  from: string;
}

type Query = Record<string, string | string[] | undefined>;
// Control characters (a NUL cannot even reach PostgreSQL) make a value no filter at all.
const first = (v: string | string[] | undefined) => {
  const text = ((Array.isArray(v) ? v[0] : v) ?? "").trim().slice(0, 255);
  return /[\u0000-\u001f\u007f]/.test(text) ? "" : text;
};

export function parsePolicyRoomsQuery(query: Query): PolicyRoomsQuery {
  const page = Number.parseInt(first(query.page), 10);
  return { q: first(query.q), own: first(query.own) === "1", job: first(query.job), page: Number.isSafeInteger(page) && page > 0 && page < 100_000 ? page : 1, from: first(query.from) };
}

export function policyRoomsHref(query: Partial<PolicyRoomsQuery>): string {
  const search = new URLSearchParams();
  if (query.q) search.set("q", query.q);
  if (query.own) search.set("own", "1");
  if (query.job) search.set("job", query.job);
  if (query.page && query.page > 1) search.set("page", String(query.page));
  if (query.from) search.set("from", query.from);
  const text = search.toString();
  return `/retention${text ? `?${text}` : ""}#rooms-by-policy`;
}

export interface PolicyRoomsPage {
  rooms: PolicyRoomRow[];
  total: number | null;
  prevHref: string | null;
  nextHref: string | null;
}

/**
 * Two ways in: by a job (the rooms that job purges, in room-id order, a cursor), or by search and
 * "own policy only" (the rooms list's own search and filter, offset pages with a total).
 */
export async function loadPolicyRooms(ctx: Ctx, query: PolicyRoomsQuery): Promise<PolicyRoomsPage> {
  if (query.job) {
    try {
      const page = await listRetentionRooms(ctx, { job: query.job, from: query.from || undefined, limit: POLICY_ROOMS_PER_PAGE });
      const rooms = page.rooms.filter((r) => !query.own || r.room !== null).map((r) => ({ ...r, name: null }));
      const base = { job: query.job, own: query.own };
      return { rooms, total: null, prevHref: query.from ? policyRoomsHref(base) : null, nextHref: page.next_from ? policyRoomsHref({ ...base, from: page.next_from }) : null };
    } catch (error) {
      if (isMatrixError(error) && error.errcode === "M_NOT_FOUND") return { rooms: [], total: 0, prevHref: null, nextHref: null };
      throw error;
    }
  }
  const { rooms, total } = await listRooms(ctx, {
    search: query.q || undefined,
    filters: query.own ? { withRetentionPolicy: true } : {},
    orderBy: "name",
    from: (query.page - 1) * POLICY_ROOMS_PER_PAGE,
    limit: POLICY_ROOMS_PER_PAGE,
  });
  const described = await describeRoomRetention(ctx, rooms.map((r) => r.roomId));
  const names = new Map(rooms.map((r) => [r.roomId, r.name ?? r.canonicalAlias]));
  const base = { q: query.q, own: query.own };
  return {
    rooms: described.map((r) => ({ ...r, name: names.get(r.roomId) ?? null })),
    total,
    prevHref: query.page > 1 ? policyRoomsHref({ ...base, page: query.page - 1 }) : null,
    nextHref: query.page * POLICY_ROOMS_PER_PAGE < total ? policyRoomsHref({ ...base, page: query.page + 1 }) : null,
  };
}
