/** Task actions owned by the purge domain (Synapse's names). */
export const PURGE_HISTORY_ACTION = "purge_history";
export const PURGE_ROOM_ACTION = "purge_room";
