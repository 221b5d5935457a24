// What other domains, the HTTP API and the console may call for room history.
export { paginateRoom, type PaginateRoomInput, type PaginateRoomResult } from "./paginate-room";
export { getEventContext, type EventContextInput, type EventContextResult } from "./event-context";
export { getRoomEvent, type GetRoomEventInput } from "./get-event";
export { timestampToEvent, type TimestampToEventInput } from "./timestamp-to-event";
export { checkRoomAccess, type ViewerInput, type RoomAccess } from "./check-access";
export { parsePaginationQuery, parseContextQuery, parseTimestampQuery, parseFilterParam, parseLimitParam, parseDirParam, roomEventFilterSchema, type RoomEventFilter, type PaginationParams } from "./schemas";
export { parseToken, formatRoomKey, type RoomKey, type Direction } from "./tokens";
export { decideBackfill, type BackfillDecision } from "./gap-analysis";
export { noBackfill, type Backfiller, type BackfillRequest } from "./backfill";
export { countReactions, type ReactionCount } from "./reaction-counts";
