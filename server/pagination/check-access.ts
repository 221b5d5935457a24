import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { getRetentionPolicy, NO_POLICY, type RetentionPolicy } from "../retention";
import { runSql } from "./run-sql";
import type { Viewer } from "./visibility";

/** Who reads the room: a user (visibility applies) or a server admin through the admin API (none does). */
export type ViewerInput = { userId: string; deviceId?: string } | { admin: true; userId?: string };

export interface RoomAccess {
  roomVersion: string;
  /** Highest depth of any event in the room and the server-wide highest stream ordering (default `from`, dir=b). */
  maxDepth: number;
  maxStream: number;
  /** Null for the admin API. */
  viewer: Viewer | null;
  userId: string | null;
  deviceId: string | null;
  /** The viewer's current membership (null: none); the admin API never has one. */
  membership: string | null;
}

export type Raw = Record<string, unknown>;

/**
 * history: /messages and /context (departed users read up to their leave);
 * timestamp: timestamp_to_event (departed users are refused unless the room is world-readable);
 * event: /event and /context (never refused here; anyone not joined now, departed users included, is
 *   peeking and visibility decides, as Synapse).
 */
export interface AccessOptions {
  mode?: "history" | "timestamp" | "event";
}

function ignoredFrom(content: unknown): Set<string> {
  if (typeof content !== "string") return new Set();
  try {
    const parsed = JSON.parse(content) as { ignored_users?: unknown };
    const users = parsed.ignored_users;
    return users && typeof users === "object" && !Array.isArray(users) ? new Set(Object.keys(users)) : new Set();
  } catch {
    return new Set();
  }
}

/** Beyond any position: the bound used when the viewer is not clamped at a leave event. */
const NO_BOUND = sql.raw(String(Number.MAX_SAFE_INTEGER));

/**
 * Room facts and the viewer's standing as one row (columns prefixed `a_`), usable alone or as a CTE
 * of the page query: `a_allowed` is the §2.3 "history" decision and `a_up_depth`/`a_up_stream` the
 * departed-user bound (far beyond any event when not departed), so the page query can apply both in
 * the same round trip.
 */
export function accessLookup(roomId: string, userId: string): SQL {
  return sql`
    select l.*,
      coalesce(l.a_membership = 'join' or (l.a_membership = 'leave' and l.a_forgotten = false), false)
        or coalesce(l.a_history_visibility = 'world_readable', false) as a_allowed,
      case when l.a_membership = 'leave' and l.a_forgotten = false then l.a_m_depth else ${NO_BOUND} end as a_up_depth,
      case when l.a_membership = 'leave' and l.a_forgotten = false then l.a_m_stream else ${NO_BOUND} end as a_up_stream
    from (select
      (select room_version from rooms where room_id = ${roomId}) as a_room_version,
      (select max_depth from rooms where room_id = ${roomId}) as a_max_depth,
      (select coalesce(max(stream_ordering), 0) from events) as a_max_stream,
      m.membership as a_membership, m.forgotten as a_forgotten, m.depth as a_m_depth, m.stream_ordering as a_m_stream,
      (select ev.content->>'history_visibility' from current_state cs join events ev on ev.event_id = cs.event_id
        where cs.room_id = ${roomId} and cs.type = 'm.room.history_visibility' and cs.state_key = '') as a_history_visibility,
      (select content from account_data where user_id = ${userId} and room_id = '' and type = 'm.ignored_user_list') as a_ignored
    from (select 1) one
    left join current_state cs on cs.room_id = ${roomId} and cs.type = 'm.room.member' and cs.state_key = ${userId}
    left join room_memberships m on m.event_id = cs.event_id) l`;
}

/**
 * §2.3 access check (allow departed users) from a lookup row: joined → reads; departed and not
 * forgotten → reads up to the leave; else world-readable → peeks; else 403. Admins skip it entirely.
 * The retention policy is the caller's to fill in (a query only when retention is enabled).
 */
export function accessFromRow(row: Raw, roomId: string, who: ViewerInput, options: AccessOptions, retention: RetentionPolicy, now: number): RoomAccess {
  const base = {
    roomVersion: typeof row.a_room_version === "string" ? row.a_room_version : "10",
    maxDepth: Number(row.a_max_depth ?? 0),
    maxStream: Number(row.a_max_stream ?? 0),
    userId: who.userId ?? null,
    deviceId: "deviceId" in who ? (who.deviceId ?? null) : null,
  };
  if ("admin" in who) return { ...base, viewer: null, membership: null };
  const membership = typeof row.a_membership === "string" ? row.a_membership : null;
  const mode = options.mode ?? "history";
  const departed = mode === "history" && membership === "leave" && row.a_forgotten === false;
  let isPeeking = false;
  if (membership !== "join" && !departed) {
    if (mode !== "event" && row.a_history_visibility !== "world_readable") {
      throw new MatrixError("M_FORBIDDEN", `User ${who.userId} not in room ${roomId}, and room previews are disabled`);
    }
    isPeeking = true;
  }
  const viewer: Viewer = {
    userId: who.userId,
    isPeeking,
    ignoredUsers: ignoredFrom(row.a_ignored),
    upTo: departed ? { depth: Number(row.a_m_depth), streamOrdering: Number(row.a_m_stream) } : null,
    retention,
    now,
  };
  return { ...base, viewer, membership };
}

/** The access check in its own round trip (/context, /event, timestamp_to_event, empty /messages pages). */
export async function checkRoomAccess(ctx: Ctx, roomId: string, who: ViewerInput, options: AccessOptions = {}): Promise<RoomAccess> {
  const [row] = await runSql<Raw>(ctx, accessLookup(roomId, who.userId ?? ""));
  const access = accessFromRow(row ?? {}, roomId, who, options, NO_POLICY, ctx.clock.now());
  if (access.viewer) access.viewer.retention = await getRetentionPolicy(ctx, roomId);
  return access;
}
