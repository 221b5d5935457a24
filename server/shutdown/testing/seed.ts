import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context";
import * as t from "../../db/schema";
import { persistEvents, type EventDraft } from "../../events/persist-events";
import { KEPT_ROOM_TABLES } from "../../purge";
import { createRoom } from "../../rooms/create-room";

export interface SeedRoomInput {
  creator: string;
  joined?: string[];
  invited?: string[];
  knocking?: string[];
  aliases?: string[];
  messages?: number;
  historyVisibility?: string;
  joinRule?: string;
  /** Members per persistEvents call. */
  batch?: number;
}

const member = (userId: string, membership: string, sender = userId): EventDraft => ({
  type: "m.room.member",
  stateKey: userId,
  sender,
  content: { membership },
});

/** A room seeded through the core write path (createRoom + persistEvents), for shutdown tests and benches. */
export async function seedRoom(ctx: Ctx, input: SeedRoomInput): Promise<string> {
  const { roomId } = await createRoom(ctx, { creator: input.creator, preset: "public_chat", name: "seeded" });
  const state: EventDraft[] = [];
  if (input.historyVisibility) {
    state.push({ type: "m.room.history_visibility", stateKey: "", sender: input.creator, content: { history_visibility: input.historyVisibility } });
  }
  if (input.joinRule) state.push({ type: "m.room.join_rules", stateKey: "", sender: input.creator, content: { join_rule: input.joinRule } });
  if (state.length > 0) await persistEvents(ctx, roomId, state);
  const drafts: EventDraft[] = [
    ...(input.joined ?? []).map((u) => member(u, "join")),
    ...(input.invited ?? []).map((u) => member(u, "invite", input.creator)),
    ...(input.knocking ?? []).map((u) => member(u, "knock")),
  ];
  const batch = input.batch ?? 1000;
  for (let i = 0; i < drafts.length; i += batch) await persistEvents(ctx, roomId, drafts.slice(i, i + batch));
  const messages: EventDraft[] = [];
  for (let i = 0; i < (input.messages ?? 0); i++) {
    messages.push({ type: "m.room.message", sender: input.creator, content: { msgtype: "m.text", body: `message ${i}` } });
  }
  for (let i = 0; i < messages.length; i += batch) await persistEvents(ctx, roomId, messages.slice(i, i + batch));
  for (const alias of input.aliases ?? []) {
    await ctx.db.insert(t.roomAliases).values({ alias, roomId, creator: input.creator, createdTs: ctx.clock.now() });
  }
  return roomId;
}

/** Current membership per user in a room. */
export async function membershipsOf(ctx: Ctx, roomId: string): Promise<Map<string, string>> {
  const rows = await ctx.db
    .select({ userId: t.currentState.stateKey, membership: t.currentState.membership })
    .from(t.currentState)
    .where(and(eq(t.currentState.roomId, roomId), eq(t.currentState.type, "m.room.member")));
  return new Map(rows.map((r) => [r.userId, r.membership ?? ""]));
}

/**
 * Tables that still hold rows for the room, with counts, but those a purge keeps on purpose: the
 * block (so the room cannot be silently rejoined) and the audit trail.
 */
export async function roomRowsLeft(ctx: Ctx, roomId: string): Promise<Record<string, number>> {
  const tables = await ctx.db.execute<{ table_name: string }>(sql`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'room_id' and t.table_type = 'BASE TABLE'`);
  const left: Record<string, number> = {};
  for (const { table_name } of tables) {
    if (KEPT_ROOM_TABLES.has(table_name)) continue;
    const [row] = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table_name)} where room_id = ${roomId}`);
    if (row && row.n > 0) left[table_name] = row.n;
  }
  return left;
}
