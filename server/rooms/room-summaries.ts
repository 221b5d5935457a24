import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { RoomSummary } from "./list-rooms";

// Everything the room list shows, for a given set of rooms (a page): each aggregate restricted to
// those rooms, so a page costs the same whatever the number of rooms on the server.

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
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function loadRoomSummaries(ctx: Ctx, roomIds: string[]): Promise<RoomSummary[]> {
  if (roomIds.length === 0) return [];
  const localSuffix = `%:${escapeLike(ctx.config.server_name)}`;
  const ids = sql.join(roomIds.map((id) => sql`${id}`), sql`, `);
  const only = (column: string) => sql`${sql.raw(column)} in (${ids})`;
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
        bool_and(coalesce(e.content->'m.federate' <> 'false'::jsonb, true)) filter (where cs.type = 'm.room.create') as federatable,
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
    select * from summary`);
  const byId = new Map(rows.map((r) => [r.room_id, toSummary(ctx, r)]));
  return roomIds.flatMap((id) => byId.get(id) ?? []);
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
