// What other domains and the HTTP layer may call in the purge domain.
export { PURGE_HISTORY_ACTION, PURGE_ROOM_ACTION } from "./actions-names";
export { registerPurgeActions, purgeHistoryTask, purgeRoomTask, taskError } from "./actions";
export { purgeHistory, PurgeAborted, type PurgeHooks } from "./purge-history";
export { type HistoryPurgeJob, EVENT_SIDE_TABLES } from "./history-steps";
export { progressFrom, initialProgress, isWaitingForRoomLock, type PurgeProgress } from "./progress";
export { resolvePurgePoint, type PurgeTarget, type ResolvedPurgePoint } from "./purge-point";
export { firstStreamOrderingAfterTs } from "./stream-at-ts";
export { formatPurgeToken, parsePurgeToken, type PurgePoint } from "./token";
export { requestPurgeHistory, submitPurgeHistory } from "./request-purge-history";
export { getPurgeStatus, type PurgeStatus } from "./get-purge-status";
export { previewPurge, type PurgePreview, type PreviewPurgeInput } from "./preview-purge";
export { purgeRoom, type PurgeRoomInput, type PurgeRoomHooks } from "./purge-room";
export { KEPT_ROOM_TABLES, type RoomPurgeProgress } from "./room-steps";
export { parsePurgeHistoryBody, parsePreviewQuery, truthy, type PurgeHistoryRequest } from "./schemas";
export { createBatchSizer, timedBatch, BATCH_TARGET_MS, type BatchSizer } from "./batch-sizer";
