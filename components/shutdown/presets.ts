import type { DeleteOptions } from "./types";

export const DEFAULT_NOTICE_NAME = "Content Violation Notification";
export const DEFAULT_NOTICE_MESSAGE = "Sharing illegal content on this server is not permitted and rooms in violation will be blocked.";

export type PresetId = "cleanup" | "takedown";

export interface Preset {
  id: PresetId;
  label: string;
  description: string;
  options: (adminUserId: string) => DeleteOptions;
}

const CLEANUP: Preset = {
  id: "cleanup",
  label: "Clean up a dead room",
  description: "Removes the room and its history from this server. Local members leave, no notice room, not blocked (it could be joined again later), and the history is only deleted if every local member could be removed.",
  options: () => ({ newRoomUserId: "", roomName: DEFAULT_NOTICE_NAME, message: DEFAULT_NOTICE_MESSAGE, block: false, purge: true, forcePurge: false }),
};

/** The two usual jobs, with the API's options set for each. */
export const PRESETS: Preset[] = [
  CLEANUP,
  {
    id: "takedown",
    label: "Take down an abusive room",
    description: "Blocks the room so nobody here can join it again, moves its local members to a notice room with a message explaining why, and deletes its history even though members were joined.",
    options: (admin) => ({ newRoomUserId: admin, roomName: DEFAULT_NOTICE_NAME, message: DEFAULT_NOTICE_MESSAGE, block: true, purge: true, forcePurge: true }),
  },
];

export function presetOptions(id: PresetId, adminUserId: string): DeleteOptions {
  return (PRESETS.find((p) => p.id === id) ?? CLEANUP).options(adminUserId);
}

/** The v2 DELETE body for these options. */
export function toDeleteBody(options: DeleteOptions): Record<string, unknown> {
  return {
    new_room_user_id: options.newRoomUserId.trim() || null,
    room_name: options.roomName,
    message: options.message,
    block: options.block,
    purge: options.purge,
    force_purge: options.forcePurge,
  };
}
