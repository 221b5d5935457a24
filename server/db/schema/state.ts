import { sql } from "drizzle-orm";
import { bigint, boolean, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { events } from "./events";

const eventFk = () =>
  text("event_id")
    .notNull()
    .references(() => events.eventId, { onDelete: "cascade" });

/**
 * Every state event that took part in the room's state, in topological position. The state after
 * an event E is, per (type, state_key), the newest row at or before E's (depth, stream_ordering):
 * one index probe per key, so visibility checks for a whole page stay one set-based query.
 */
export const roomStateHistory = pgTable(
  "room_state_history",
  {
    eventId: eventFk().primaryKey(),
    roomId: text("room_id").notNull(),
    type: text("type").notNull(),
    stateKey: text("state_key").notNull(),
    depth: bigint("depth", { mode: "number" }).notNull(),
    streamOrdering: bigint("stream_ordering", { mode: "number" }).notNull(),
  },
  (t) => [index("room_state_history_key_idx").on(t.roomId, t.type, t.stateKey, t.depth, t.streamOrdering)],
);

/** The room's current state: one event per (type, state_key). */
export const currentState = pgTable(
  "current_state",
  {
    roomId: text("room_id").notNull(),
    type: text("type").notNull(),
    stateKey: text("state_key").notNull(),
    eventId: eventFk(),
    /** For m.room.member rows: the membership, denormalised for member counts. */
    membership: text("membership"),
  },
  (t) => [
    primaryKey({ columns: [t.roomId, t.type, t.stateKey] }),
    index("current_state_event_id_idx").on(t.eventId),
    index("current_state_member_idx").on(t.type, t.stateKey),
    // Retention job selection walks every room's create row and its current retention row in
    // room_id order (a merge join, index-only); one small entry per room, touched only when
    // those two state types change.
    index("current_state_create_room_idx").on(t.roomId).where(sql`${t.type} = 'm.room.create' and ${t.stateKey} = ''`),
    index("current_state_retention_room_idx").on(t.roomId, t.eventId).where(sql`${t.type} = 'm.room.retention' and ${t.stateKey} = ''`),
  ],
);

/** Membership history: every m.room.member event with its membership, and whether the user forgot the room. */
export const roomMemberships = pgTable(
  "room_memberships",
  {
    eventId: eventFk().primaryKey(),
    roomId: text("room_id").notNull(),
    userId: text("user_id").notNull(),
    sender: text("sender").notNull(),
    membership: text("membership").notNull(),
    isLocal: boolean("is_local").notNull(),
    depth: bigint("depth", { mode: "number" }).notNull(),
    streamOrdering: bigint("stream_ordering", { mode: "number" }).notNull(),
    forgotten: boolean("forgotten").notNull().default(false),
  },
  (t) => [
    index("room_memberships_room_user_idx").on(t.roomId, t.userId, t.depth, t.streamOrdering),
    index("room_memberships_user_idx").on(t.userId),
  ],
);

/** A room's stored m.room.retention policies (Synapse's room_retention), one row per policy event. */
export const roomRetention = pgTable(
  "room_retention",
  {
    roomId: text("room_id").notNull(),
    eventId: eventFk(),
    minLifetime: bigint("min_lifetime", { mode: "number" }),
    maxLifetime: bigint("max_lifetime", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.roomId, t.eventId] }),
    index("room_retention_max_lifetime_idx").on(t.maxLifetime),
    index("room_retention_event_id_idx").on(t.eventId),
  ],
);
