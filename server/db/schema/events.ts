import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Server-wide arrival order for live events (positive, increasing). */
export const eventsStreamSeq = pgSequence("events_stream_seq", { startWith: 1, increment: 1 });
/** Backfilled events get negative stream orderings, -1 and decreasing, as in Synapse. */
export const eventsBackfillSeq = pgSequence("events_backfill_seq", {
  startWith: -1,
  increment: -1,
  maxValue: -1,
  minValue: -9007199254740991,
});

const eventFk = () =>
  text("event_id")
    .notNull()
    .references(() => events.eventId, { onDelete: "cascade" });

/**
 * Every event, with its place in both orderings: depth (topological) and stream_ordering (arrival).
 * Pagination sorts by (depth, stream_ordering).
 */
export const events = pgTable(
  "events",
  {
    eventId: text("event_id").primaryKey(),
    roomId: text("room_id").notNull(),
    streamOrdering: bigint("stream_ordering", { mode: "number" }).notNull(),
    depth: bigint("depth", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    /** Non-null iff this is a state event. */
    stateKey: text("state_key"),
    sender: text("sender").notNull(),
    content: jsonb("content").notNull().$type<Record<string, unknown>>(),
    prevEvents: jsonb("prev_events").notNull().$type<string[]>().default(sql`'[]'::jsonb`),
    originServerTs: bigint("origin_server_ts", { mode: "number" }).notNull(),
    receivedTs: bigint("received_ts", { mode: "number" }).notNull(),
    /** Sender belongs to this server (purge keeps local events unless asked). */
    isLocal: boolean("is_local").notNull(),
    /** Room state at this event is unknown, or a purge demoted it: never served by /messages. */
    outlier: boolean("outlier").notNull().default(false),
    rejectionReason: text("rejection_reason"),
    softFailed: boolean("soft_failed").notNull().default(false),
    /** content.url is a string (filter contains_url). */
    containsUrl: boolean("contains_url").notNull().default(false),
    /** The redaction event that redacted this one; served pruned while set. */
    redactedBy: text("redacted_by"),
    /**
     * A relation that bundles (m.reference, m.replace, m.thread) points at this event, so a page
     * serving it asks for aggregations. Set when such a relation is stored; a hint, not a count:
     * it stays set once the relation is purged or redacted (the aggregation query then finds nothing).
     */
    hasBundledRelations: boolean("has_bundled_relations").notNull().default(false),
  },
  (t) => [
    uniqueIndex("events_stream_ordering_idx").on(t.streamOrdering),
    index("events_room_topo_idx").on(t.roomId, t.depth, t.streamOrdering),
    index("events_room_stream_idx").on(t.roomId, t.streamOrdering),
    index("events_received_ts_idx").on(t.receivedTs, t.streamOrdering),
    index("events_room_type_idx").on(t.roomId, t.type, t.depth, t.streamOrdering),
    // timestamp_to_event: closest event by origin_server_ts within a room.
    index("events_room_origin_ts_idx").on(t.roomId, t.originServerTs),
  ],
);

/** DAG edges: event -> each of its prev_events (which may be missing: backward extremities). */
export const eventEdges = pgTable(
  "event_edges",
  {
    eventId: eventFk(),
    prevEventId: text("prev_event_id").notNull(),
    roomId: text("room_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.prevEventId] }),
    index("event_edges_prev_event_id_idx").on(t.prevEventId),
    index("event_edges_room_id_idx").on(t.roomId),
  ],
);

/** The room's newest events (no known children). */
export const eventForwardExtremities = pgTable(
  "event_forward_extremities",
  {
    eventId: eventFk().primaryKey(),
    roomId: text("room_id").notNull(),
  },
  (t) => [index("event_forward_extremities_room_id_idx").on(t.roomId)],
);

/** Events referenced as prev_events that this server does not have (where backfill would start). */
export const eventBackwardExtremities = pgTable(
  "event_backward_extremities",
  {
    roomId: text("room_id").notNull(),
    eventId: text("event_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.eventId] }), index("event_backward_extremities_event_id_idx").on(t.eventId)],
);

/** m.relates_to of each event: edits, threads, references, annotations. */
export const eventRelations = pgTable(
  "event_relations",
  {
    eventId: eventFk().primaryKey(),
    relatesToId: text("relates_to_id").notNull(),
    relType: text("rel_type").notNull(),
    aggregationKey: text("aggregation_key"),
    roomId: text("room_id").notNull(),
  },
  (t) => [
    index("event_relations_relates_to_idx").on(t.relatesToId, t.relType),
    index("event_relations_room_id_idx").on(t.roomId),
  ],
);

/** Redaction events and what they redact. */
export const redactions = pgTable(
  "redactions",
  {
    eventId: eventFk().primaryKey(),
    redacts: text("redacts").notNull(),
    roomId: text("room_id").notNull(),
  },
  (t) => [index("redactions_redacts_idx").on(t.redacts), index("redactions_room_id_idx").on(t.roomId)],
);

/** MSC2326 labels from content["org.matrix.labels"]. */
export const eventLabels = pgTable(
  "event_labels",
  {
    eventId: eventFk(),
    label: text("label").notNull(),
    roomId: text("room_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.label] }), index("event_labels_room_label_idx").on(t.roomId, t.label)],
);

/** Client transaction ids, for idempotent sends and unsigned.transaction_id. */
export const eventTxnIds = pgTable(
  "event_txn_ids",
  {
    eventId: eventFk().primaryKey(),
    roomId: text("room_id").notNull(),
    userId: text("user_id").notNull(),
    deviceId: text("device_id").notNull(),
    txnId: text("txn_id").notNull(),
    insertedTs: bigint("inserted_ts", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("event_txn_ids_unique_idx").on(t.roomId, t.userId, t.deviceId, t.txnId),
    index("event_txn_ids_room_id_idx").on(t.roomId),
  ],
);

/** An event as the domain sees it: has_bundled_relations is a storage hint that only pagination reads. */
export type EventRow = Omit<typeof events.$inferSelect, "hasBundledRelations">;
export type NewEventRow = typeof events.$inferInsert;
