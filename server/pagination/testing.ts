import { and, eq, lt } from "drizzle-orm";
import type { App } from "../app";
import * as t from "../db/schema";
import { persistEvents, type EventDraft, type StoredEvent } from "../events";
import { createRoom, type CreateRoomInput } from "../rooms";

// Test fixtures: rooms set up through the core (createRoom, persistEvents), not the client API.

export interface RoomFixture {
  create(creator: string, input?: Partial<CreateRoomInput>): Promise<string>;
  persist(roomId: string, drafts: EventDraft[]): Promise<StoredEvent[]>;
  send(roomId: string, sender: string, body: string, extra?: Partial<EventDraft>): Promise<StoredEvent>;
  state(roomId: string, sender: string, type: string, content: Record<string, unknown>, stateKey?: string): Promise<StoredEvent>;
  member(roomId: string, userId: string, membership: string, sender?: string): Promise<StoredEvent>;
  visibility(roomId: string, sender: string, value: string): Promise<StoredEvent>;
  ignore(userId: string, ignored: string[]): Promise<void>;
  /** What a history purge leaves (§4.4): non-state events below `depth` deleted, kept ones demoted to outliers. */
  simulatePurge(roomId: string, depth: number): Promise<void>;
}

export function roomFixture(app: App): RoomFixture {
  const ctx = app.ctx("system:test");
  const persist = (roomId: string, drafts: EventDraft[]) => persistEvents(ctx, roomId, drafts);
  const one = async (roomId: string, draft: EventDraft) => {
    const [event] = await persist(roomId, [draft]);
    if (!event) throw new Error("nothing persisted");
    return event;
  };
  return {
    create: async (creator, input = {}) => (await createRoom(ctx, { creator, ...input })).roomId,
    persist,
    send: (roomId, sender, body, extra = {}) => one(roomId, { type: "m.room.message", sender, content: { msgtype: "m.text", body }, ...extra }),
    state: (roomId, sender, type, content, stateKey = "") => one(roomId, { type, stateKey, sender, content }),
    member: (roomId, userId, membership, sender = userId) => one(roomId, { type: "m.room.member", stateKey: userId, sender, content: { membership } }),
    visibility: (roomId, sender, value) => one(roomId, { type: "m.room.history_visibility", stateKey: "", sender, content: { history_visibility: value } }),
    async ignore(userId, ignored) {
      const content = JSON.stringify({ ignored_users: Object.fromEntries(ignored.map((u) => [u, {}])) });
      await ctx.db
        .insert(t.accountData)
        .values({ userId, roomId: "", type: "m.ignored_user_list", content, updatedTs: ctx.clock.now() })
        .onConflictDoUpdate({ target: [t.accountData.userId, t.accountData.roomId, t.accountData.type], set: { content } });
    },
    async simulatePurge(roomId, depth) {
      const below = and(eq(t.events.roomId, roomId), lt(t.events.depth, depth));
      const doomed = await ctx.db.select({ eventId: t.events.eventId, stateKey: t.events.stateKey }).from(t.events).where(below);
      for (const e of doomed) {
        if (e.stateKey === null) await ctx.db.delete(t.events).where(eq(t.events.eventId, e.eventId));
        else await ctx.db.update(t.events).set({ outlier: true }).where(eq(t.events.eventId, e.eventId));
      }
    },
  };
}
