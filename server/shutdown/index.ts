export { shutdownRoom, blockRoom, assertLegalRoomId, type ShutdownRoomInput } from "./shutdown-room";
export { deleteRoomNow, requestRoomDeletion, purgeIfPresent } from "./delete-room";
export { shutdownAndPurgeRoomTask, createShutdownTask } from "./task";
export { getDeleteStatus, getDeleteStatusForRoom, type DeleteStatus } from "./delete-status";
export { onRoomForgotten, isLocallyForgotten } from "./forgotten-rooms";
export { previewRoomDeletion, type DeletePreview, type DeletePreviewInput } from "./preview";
export * from "./schemas";
