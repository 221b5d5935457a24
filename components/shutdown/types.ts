// What the console shows of room deletions: plain objects built on the server from core results.
import type { DeletePreview } from "@/server/shutdown";

export type { DeletePreview };

export type DeleteTaskStatus = "scheduled" | "active" | "complete" | "failed" | "cancelled";

/** The v2 delete API's options, as the form edits them. */
export interface DeleteOptions {
  /** Creates a notice room as this local user and moves joined members into it; empty = no notice room. */
  newRoomUserId: string;
  roomName: string;
  message: string;
  block: boolean;
  purge: boolean;
  forcePurge: boolean;
}

/** One shutdown_and_purge_room task, as the progress view needs it. */
export interface DeleteTaskView {
  id: string;
  roomId: string;
  status: DeleteTaskStatus;
  timestamp: number;
  actor: string | null;
  phase: string | null;
  membersTotal: number | null;
  kickedUsers: string[];
  failedToKickUsers: string[];
  localAliases: string[];
  newRoomId: string | null;
  purge: { phase: string; deleted: number; total: number } | null;
  error: string | null;
  options: { block: boolean; purge: boolean; forcePurge: boolean; newRoomUserId: string | null };
  /** Whether the room is on the block list now. */
  blocked: boolean;
}

export const TERMINAL = new Set<DeleteTaskStatus>(["complete", "failed", "cancelled"]);
