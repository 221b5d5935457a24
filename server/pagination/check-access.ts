import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { MatrixError } from "../errors";
import { getRetentionPolicy } from "../retention";
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

type Raw = Record<string, unknown>;

/**
 * history: /messages and /context (departed users read up to their leave);
 * timestamp: timestamp_to_event (departed users are refused unless the room is world-readable);
 * event: /event (never refused here; anyone not joined is peeking and visibility decides).
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

/** Room facts and the viewer's standing in one round trip. */
async function lookup(ctx: Ctx, roomId: string, userId: string): Promise<Raw> {
  const [row] = await runSql<Raw>(ctx, sql`
    select
      (select room_version from rooms where room_id = ${roomId}) as room_version,
      (select max_depth from rooms where room_id = ${roomId}) as max_depth,
      (select coalesce(max(stream_ordering), 0) from events) as max_stream,
      m.membership, m.forgotten, m.depth as m_depth, m.stream_ordering as m_stream,
      (select ev.content->>'history_visibility' from current_state cs join events ev on ev.event_id = cs.event_id
        where cs.room_id = ${roomId} and cs.type = 'm.room.history_visibility' and cs.state_key = '') as history_visibility,
      (select content from account_data where user_id = ${userId} and room_id = '' and type = 'm.ignored_user_list') as ignored
    from (select 1) one
    left join current_state cs on cs.room_id = ${roomId} and cs.type = 'm.room.member' and cs.state_key = ${userId}
    left join room_memberships m on m.event_id = cs.event_id`);
  return row ?? {};
}

/**
 * §2.3 access check (allow departed users): joined → reads; departed and not forgotten → reads up to
 * the leave; else world-readable → peeks; else 403. Admins skip it entirely.
 */
export async function checkRoomAccess(ctx: Ctx, roomId: string, who: ViewerInput, options: AccessOptions = {}): Promise<RoomAccess> {
  const userId = who.userId ?? "";
  const row = await lookup(ctx, roomId, userId);
  const base = {
    roomVersion: typeof row.room_version === "string" ? row.room_version : "10",
    maxDepth: Number(row.max_depth ?? 0),
    maxStream: Number(row.max_stream ?? 0),
    userId: who.userId ?? null,
    deviceId: "deviceId" in who ? (who.deviceId ?? null) : null,
  };
  if ("admin" in who) return { ...base, viewer: null, membership: null };
  const membership = typeof row.membership === "string" ? row.membership : null;
  const mode = options.mode ?? "history";
  const departed = mode === "history" && membership === "leave" && row.forgotten === false;
  let isPeeking = false;
  if (membership !== "join" && !departed) {
    if (mode !== "event" && row.history_visibility !== "world_readable") {
      throw new MatrixError("M_FORBIDDEN", `User ${who.userId} not in room ${roomId}, and room previews are disabled`);
    }
    isPeeking = true;
  }
  const viewer: Viewer = {
    userId: who.userId,
    isPeeking,
    ignoredUsers: ignoredFrom(row.ignored),
    upTo: departed ? { depth: Number(row.m_depth), streamOrdering: Number(row.m_stream) } : null,
    retention: await getRetentionPolicy(ctx, roomId),
    now: ctx.clock.now(),
  };
  return { ...base, viewer, membership };
}
