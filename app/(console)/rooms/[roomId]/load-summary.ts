import { getCurrentState, getRoom } from "@/server/rooms";
import type { Ctx } from "@/server/context";
import type { RoomSummary } from "@/components/rooms/types";

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** The room page's header: the rooms row and its current state, reduced to what the console shows. */
export async function loadRoomSummary(ctx: Ctx, roomId: string): Promise<RoomSummary | null> {
  const room = await getRoom(ctx, roomId);
  if (!room) return null;
  const state = await getCurrentState(ctx, roomId);
  const content = (type: string) => state.find((e) => e.type === type && e.stateKey === "")?.content ?? {};
  const members = { join: 0, invite: 0, leave: 0, ban: 0, local: 0 };
  for (const e of state) {
    if (e.type !== "m.room.member") continue;
    const membership = e.content.membership;
    if (membership === "join" || membership === "invite" || membership === "leave" || membership === "ban") members[membership] += 1;
    if (membership === "join" && e.stateKey?.endsWith(`:${ctx.config.server_name}`)) members.local += 1;
  }
  const retention = content("m.room.retention");
  return {
    roomId,
    name: text(content("m.room.name").name),
    topic: text(content("m.room.topic").topic),
    canonicalAlias: text(content("m.room.canonical_alias").alias),
    roomVersion: room.roomVersion,
    creator: room.creator,
    createdTs: room.createdTs,
    published: room.isPublic,
    eventCount: room.eventCount,
    lastActivityTs: room.lastActivityTs,
    historyVisibility: text(content("m.room.history_visibility").history_visibility) ?? "shared",
    joinRule: text(content("m.room.join_rules").join_rule) ?? "invite",
    members,
    stateEvents: state.length,
    retention: Object.keys(retention).length > 0 ? { minLifetime: num(retention.min_lifetime), maxLifetime: num(retention.max_lifetime) } : null,
  };
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
