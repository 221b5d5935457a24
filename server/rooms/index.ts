export { createRoom, initialRoomEvents, defaultPowerLevels, DEFAULT_ROOM_VERSION, SUPPORTED_ROOM_VERSIONS, type CreateRoomInput, type RoomPreset } from "./create-room";
export { getCurrentMembership, getCurrentStateEvent, getCurrentState, getRoom, type Membership, type CurrentMembership } from "./state";
