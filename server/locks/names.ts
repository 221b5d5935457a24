/** Taken for write by purge history and purge room; for read by backfill during /messages. Keyed by room id. */
export const PURGE_PAGINATION_LOCK = "purge_pagination_lock";
/** Taken for write by purge room. Event writes rely on the rooms row lock instead (docs/adr/0001-room-locks.md). */
export const NEW_EVENT_DURING_PURGE_LOCK = "new_event_during_purge_lock";
