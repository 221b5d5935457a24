import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { loadRoomSummaries } from "./room-summaries";

// The admin room list (Synapse's get_rooms_paginate) plus Scrollback's counters, in two set-based
// queries: first the page's room ids, computing only the sort and filter keys the request needs
// (index probes per room, nothing for orders on the rooms table itself), then the full summaries of
// that page alone (room-summaries.ts).

export const ROOM_ORDERS = [
  "alphabetical",
  "size",
  "name",
  "canonical_alias",
  "joined_members",
  "joined_local_members",
  "version",
  "creator",
  "encryption",
  "federatable",
  "public",
  "join_rules",
  "guest_access",
  "history_visibility",
  "state_events",
  "events",
  "last_activity",
  "created",
] as const;
export type RoomOrder = (typeof ROOM_ORDERS)[number];

/** Sort expression and whether "f" means ascending (Synapse: names A→Z, counts largest first). */
const ORDER_COLUMNS: Record<RoomOrder, { expr: string; asc: boolean }> = {
  alphabetical: { expr: "name", asc: true },
  name: { expr: "name", asc: true },
  size: { expr: "joined_members", asc: false },
  joined_members: { expr: "joined_members", asc: false },
  joined_local_members: { expr: "joined_local_members", asc: false },
  canonical_alias: { expr: "canonical_alias", asc: true },
  // Numeric room versions sort as numbers ("10" after "9").
  version: { expr: "lpad(version, 8, '0')", asc: false },
  creator: { expr: "creator", asc: true },
  encryption: { expr: "encryption", asc: true },
  federatable: { expr: "federatable", asc: false },
  public: { expr: "is_public", asc: false },
  join_rules: { expr: "join_rules", asc: true },
  guest_access: { expr: "guest_access", asc: true },
  history_visibility: { expr: "history_visibility", asc: true },
  state_events: { expr: "state_events", asc: false },
  events: { expr: "event_count", asc: false },
  last_activity: { expr: "last_activity_ts", asc: false },
  created: { expr: "created_ts", asc: false },
};

export interface ListRoomsInput {
  search?: string;
  orderBy?: RoomOrder;
  dir?: "f" | "b";
  from?: number;
  limit?: number;
  filters?: { public?: boolean; empty?: boolean; blocked?: boolean; withRetentionPolicy?: boolean };
  /** One room only (room details). */
  roomId?: string;
}

export interface RoomSummary {
  roomId: string;
  name: string | null;
  canonicalAlias: string | null;
  topic: string | null;
  avatar: string | null;
  joinedMembers: number;
  joinedLocalMembers: number;
  stateEvents: number;
  events: number;
  createdTs: number;
  lastActivityTs: number | null;
  version: string;
  creator: string | null;
  joinRule: string | null;
  historyVisibility: string | null;
  guestAccess: string | null;
  encryption: string | null;
  roomType: string | null;
  federatable: boolean;
  isPublic: boolean;
  blocked: boolean;
  /** The room's own m.room.retention policy (null: none stored). */
  retention: { minLifetime: number | null; maxLifetime: number | null } | null;
  /** What applies: the room's policy with the server default filling gaps; null when retention is off. */
  effectiveRetention: { minLifetime: number | null; maxLifetime: number | null } | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A state event's content field for each room, by primary-key probe (redacted state counts as absent). */
const stateField = (type: string, field: string) =>
  sql`(select e.content->>${field} from current_state cs join events e on e.event_id = cs.event_id
       where cs.room_id = r.room_id and cs.type = ${type} and cs.state_key = '' and e.redacted_by is null)`;

/** The per-room keys a request may sort or filter on; only those it uses are computed. */
function keyExpressions(): Record<string, SQL> {
  return {
    name: stateField("m.room.name", "name"),
    canonical_alias: stateField("m.room.canonical_alias", "alias"),
    join_rules: stateField("m.room.join_rules", "join_rule"),
    guest_access: stateField("m.room.guest_access", "guest_access"),
    history_visibility: stateField("m.room.history_visibility", "history_visibility"),
    encryption: stateField("m.room.encryption", "algorithm"),
    federatable: sql`coalesce((select e.content->'m.federate' <> 'false'::jsonb from current_state cs join events e on e.event_id = cs.event_id
       where cs.room_id = r.room_id and cs.type = 'm.room.create' and cs.state_key = ''), true)`,
    // Counts come from one hash aggregate joined in (memberCounts), cheaper than a probe per room.
    joined_members: sql`coalesce(m.joined_members, 0)`,
    joined_local_members: sql`coalesce(m.joined_local_members, 0)`,
    state_events: sql`coalesce(m.state_events, 0)`,
    has_retention: sql`exists (select 1 from current_state cs join room_retention rr on rr.event_id = cs.event_id
       where cs.room_id = r.room_id and cs.type = 'm.room.retention' and cs.state_key = '')`,
  };
}

const COUNT_KEYS = ["joined_members", "joined_local_members", "state_events"];

function memberCounts(ctx: Ctx): SQL {
  const localSuffix = `%:${escapeLike(ctx.config.server_name)}`;
  return sql`left join (
    select room_id, count(*) as state_events,
      count(*) filter (where type = 'm.room.member' and membership = 'join') as joined_members,
      count(*) filter (where type = 'm.room.member' and membership = 'join' and state_key like ${localSuffix}) as joined_local_members
    from current_state group by room_id
  ) m on m.room_id = r.room_id`;
}

function neededKeys(input: ListRoomsInput, orderExpr: string): Set<string> {
  const keys = new Set<string>();
  for (const key of ["name", "canonical_alias", "join_rules", "guest_access", "history_visibility", "encryption", "federatable", "joined_members", "joined_local_members", "state_events"]) {
    if (new RegExp(`\\b${key}\\b`).test(orderExpr)) keys.add(key);
  }
  if (input.search !== undefined) keys.add("name").add("canonical_alias");
  if (input.filters?.empty !== undefined) keys.add("joined_members");
  if (input.filters?.withRetentionPolicy !== undefined) keys.add("has_retention");
  return keys;
}

function whereClause(input: ListRoomsInput): SQL {
  const parts: SQL[] = [sql`true`];
  if (input.roomId !== undefined) parts.push(sql`room_id = ${input.roomId}`);
  if (input.search !== undefined) {
    const term = escapeLike(input.search);
    // Synapse: name (case-insensitive), the alias's localpart, or the room id (case-sensitive).
    parts.push(sql`(lower(name) like ${`%${term.toLowerCase()}%`} or lower(canonical_alias) like ${`%${term.toLowerCase()}%:%`} or room_id like ${`%${term}%`})`);
  }
  const f = input.filters ?? {};
  if (f.public !== undefined) parts.push(sql`is_public = ${f.public}`);
  if (f.empty !== undefined) parts.push(f.empty ? sql`joined_members = 0` : sql`joined_members > 0`);
  if (f.blocked !== undefined) parts.push(sql`blocked = ${f.blocked}`);
  if (f.withRetentionPolicy !== undefined) parts.push(sql`has_retention = ${f.withRetentionPolicy}`);
  return sql.join(parts, sql` and `);
}

export async function listRooms(ctx: Ctx, input: ListRoomsInput = {}): Promise<{ rooms: RoomSummary[]; total: number }> {
  const order = ORDER_COLUMNS[input.orderBy ?? "name"];
  const direction = (input.dir === "b" ? !order.asc : order.asc) ? "asc nulls last" : "desc nulls last";
  const expressions = keyExpressions();
  const keys = [...neededKeys(input, order.expr)].map((key) => sql`${expressions[key] ?? sql`null`} as ${sql.raw(key)}`);
  const keyColumns = keys.length > 0 ? sql`, ${sql.join(keys, sql`, `)}` : sql``;
  const counts = [...neededKeys(input, order.expr)].some((key) => COUNT_KEYS.includes(key)) ? memberCounts(ctx) : sql``;
  const page = await ctx.db.execute<{ room_id: string; total: number }>(sql`
    select room_id, count(*) over () as total from (
      select r.room_id, r.room_version as version, r.creator, r.created_ts, r.last_activity_ts, r.event_count, r.is_public,
        exists (select 1 from blocked_rooms b where b.room_id = r.room_id) as blocked ${keyColumns}
      from rooms r ${counts}
    ) k
    where ${whereClause(input)}
    order by ${sql.raw(order.expr)} ${sql.raw(direction)}, room_id asc
    offset ${input.from ?? 0} limit ${input.limit ?? 100}`);
  let total = Number(page[0]?.total ?? 0);
  if (page.length === 0 && (input.from ?? 0) > 0) total = (await listRooms(ctx, { ...input, from: 0, limit: 1 })).total;
  return { rooms: await loadRoomSummaries(ctx, page.map((r) => r.room_id)), total };
}
