import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";

// The admin room list (Synapse's get_rooms_paginate) plus Scrollback's counters, in one set-based
// query: current_state is aggregated once per call, never per room.

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
  /** One room only (room details): every aggregate is restricted to it. */
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

interface Row extends Record<string, unknown> {
  room_id: string;
  name: string | null;
  canonical_alias: string | null;
  topic: string | null;
  avatar: string | null;
  joined_members: number;
  joined_local_members: number;
  state_events: number;
  event_count: number;
  created_ts: number;
  last_activity_ts: number | null;
  version: string;
  creator: string | null;
  join_rules: string | null;
  history_visibility: string | null;
  guest_access: string | null;
  encryption: string | null;
  room_type: string | null;
  federatable: boolean;
  is_public: boolean;
  blocked: boolean;
  min_lifetime: number | null;
  max_lifetime: number | null;
  has_retention: boolean;
  total: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereClause(input: ListRoomsInput): SQL {
  const parts: SQL[] = [sql`true`];
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
  const ascending = input.dir === "b" ? !order.asc : order.asc;
  const direction = ascending ? "asc nulls last" : "desc nulls last";
  const localSuffix = `%:${escapeLike(ctx.config.server_name)}`;
  const only = (column: string) => (input.roomId === undefined ? sql`true` : sql`${sql.raw(column)} = ${input.roomId}`);
  const rows = await ctx.db.execute<Row>(sql`
    with members as (
      select room_id,
        count(*) as state_events,
        count(*) filter (where type = 'm.room.member' and membership = 'join') as joined_members,
        count(*) filter (where type = 'm.room.member' and membership = 'join' and state_key like ${localSuffix}) as joined_local_members
      from current_state where ${only("room_id")} group by room_id
    ),
    meta as (
      select cs.room_id,
        max(e.content->>'name') filter (where cs.type = 'm.room.name') as name,
        max(e.content->>'alias') filter (where cs.type = 'm.room.canonical_alias') as canonical_alias,
        max(e.content->>'topic') filter (where cs.type = 'm.room.topic') as topic,
        max(e.content->>'url') filter (where cs.type = 'm.room.avatar') as avatar,
        max(e.content->>'join_rule') filter (where cs.type = 'm.room.join_rules') as join_rules,
        max(e.content->>'history_visibility') filter (where cs.type = 'm.room.history_visibility') as history_visibility,
        max(e.content->>'guest_access') filter (where cs.type = 'm.room.guest_access') as guest_access,
        max(e.content->>'algorithm') filter (where cs.type = 'm.room.encryption') as encryption,
        max(e.content->>'type') filter (where cs.type = 'm.room.create') as room_type,
        bool_and(coalesce((e.content->>'m.federate')::boolean, true)) filter (where cs.type = 'm.room.create') as federatable,
        max(cs.event_id) filter (where cs.type = 'm.room.retention') as retention_event
      from current_state cs join events e on e.event_id = cs.event_id
      where cs.state_key = '' and cs.type in ('m.room.name', 'm.room.canonical_alias', 'm.room.topic', 'm.room.avatar',
        'm.room.join_rules', 'm.room.history_visibility', 'm.room.guest_access', 'm.room.encryption', 'm.room.create', 'm.room.retention')
        and e.redacted_by is null and ${only("cs.room_id")}
      group by cs.room_id
    ),
    summary as (
      select r.room_id, r.room_version as version, r.creator, r.created_ts, r.last_activity_ts, r.event_count, r.is_public,
        coalesce(m.state_events, 0) as state_events, coalesce(m.joined_members, 0) as joined_members,
        coalesce(m.joined_local_members, 0) as joined_local_members,
        meta.name, meta.canonical_alias, meta.topic, meta.avatar, meta.join_rules, meta.history_visibility, meta.guest_access,
        meta.encryption, meta.room_type, coalesce(meta.federatable, true) as federatable,
        (b.room_id is not null) as blocked, rr.min_lifetime, rr.max_lifetime, (rr.event_id is not null) as has_retention
      from rooms r
      left join members m on m.room_id = r.room_id
      left join meta on meta.room_id = r.room_id
      left join blocked_rooms b on b.room_id = r.room_id
      left join room_retention rr on rr.room_id = r.room_id and rr.event_id = meta.retention_event
      where ${only("r.room_id")}
    )
    select *, count(*) over () as total from summary
    where ${whereClause(input)}
    order by ${sql.raw(order.expr)} ${sql.raw(direction)}, room_id asc
    offset ${input.from ?? 0} limit ${input.limit ?? 100}`);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && (input.from ?? 0) > 0) total = await countRooms(ctx, input);
  return { rooms: rows.map((r) => toSummary(ctx, r)), total };
}

/** The total when the page is past the end (the window count is then unavailable). */
async function countRooms(ctx: Ctx, input: ListRoomsInput): Promise<number> {
  const result = await listRooms(ctx, { ...input, from: 0, limit: 1 });
  return result.total;
}

function toSummary(ctx: Ctx, r: Row): RoomSummary {
  const retention = r.has_retention ? { minLifetime: nullableNumber(r.min_lifetime), maxLifetime: nullableNumber(r.max_lifetime) } : null;
  const config = ctx.config.retention;
  const effectiveRetention = config.enabled
    ? {
        minLifetime: retention?.minLifetime ?? config.default_policy.min_lifetime ?? null,
        maxLifetime: retention?.maxLifetime ?? config.default_policy.max_lifetime ?? null,
      }
    : null;
  return {
    roomId: r.room_id,
    name: r.name,
    canonicalAlias: r.canonical_alias,
    topic: r.topic,
    avatar: r.avatar,
    joinedMembers: Number(r.joined_members),
    joinedLocalMembers: Number(r.joined_local_members),
    stateEvents: Number(r.state_events),
    events: Number(r.event_count),
    createdTs: Number(r.created_ts),
    lastActivityTs: nullableNumber(r.last_activity_ts),
    version: r.version,
    creator: r.creator,
    joinRule: r.join_rules,
    historyVisibility: r.history_visibility,
    guestAccess: r.guest_access,
    encryption: r.encryption,
    roomType: r.room_type,
    federatable: r.federatable,
    isPublic: r.is_public,
    blocked: r.blocked,
    retention,
    effectiveRetention,
  };
}

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));
