import { bigint, boolean, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/** One row per room this server knows. Counters are kept in step by event writes and purges. */
export const rooms = pgTable(
  "rooms",
  {
    roomId: text("room_id").primaryKey(),
    roomVersion: text("room_version").notNull(),
    creator: text("creator"),
    createdTs: bigint("created_ts", { mode: "number" }).notNull(),
    /** Published in the room directory (createRoom visibility "public"). */
    isPublic: boolean("is_public").notNull().default(false),
    /** Events stored for the room (outliers included); maintained on write and purge. */
    eventCount: bigint("event_count", { mode: "number" }).notNull().default(0),
    lastActivityTs: bigint("last_activity_ts", { mode: "number" }),
    /** Highest depth of any event in the room; new local events go one deeper. */
    maxDepth: bigint("max_depth", { mode: "number" }).notNull().default(0),
    /** Lowest depth that still has events (Synapse's room_depth.min_depth). */
    minDepth: bigint("min_depth", { mode: "number" }),
  },
  (t) => [index("rooms_created_ts_idx").on(t.createdTs)],
);

export const roomAliases = pgTable(
  "room_aliases",
  {
    alias: text("alias").primaryKey(),
    roomId: text("room_id").notNull(),
    creator: text("creator").notNull(),
    createdTs: bigint("created_ts", { mode: "number" }).notNull(),
  },
  (t) => [index("room_aliases_room_id_idx").on(t.roomId)],
);

/** Kept even when the room is purged, so a purged room cannot be silently rejoined. */
export const blockedRooms = pgTable("blocked_rooms", {
  roomId: text("room_id").primaryKey(),
  userId: text("user_id"),
  blockedTs: bigint("blocked_ts", { mode: "number" }).notNull(),
});

/** Global (room_id = '') and per-room account data, e.g. m.ignored_user_list. */
export const accountData = pgTable(
  "account_data",
  {
    userId: text("user_id").notNull(),
    roomId: text("room_id").notNull().default(""),
    type: text("type").notNull(),
    content: text("content").notNull(),
    updatedTs: bigint("updated_ts", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roomId, t.type] }), index("account_data_room_idx").on(t.roomId)],
);

export type RoomRow = typeof rooms.$inferSelect;
