// What the console shows of history purges: plain objects built on the server from core results.
import type { PurgePreview } from "@/server/purge";

export type { PurgePreview };

export type PurgeTaskStatus = "scheduled" | "active" | "complete" | "failed" | "cancelled";

/** One purge_history task of a room, as the progress view needs it. */
export interface PurgeTaskView {
  id: string;
  status: PurgeTaskStatus;
  /** ms: when it was scheduled, or its last progress update. */
  timestamp: number;
  actor: string | null;
  progress: { phase: "prepare" | "delete" | "finish" | "done"; deleted: number; total: number };
  /** Running, but queued behind another purge or a deletion of this room (the room's purge lock). */
  waitingForLock: boolean;
  error: string | null;
  deleteLocalEvents: boolean;
}

/** The preview's inputs: a cutoff (an event, or a time in ms) and whether local events go too. */
export interface PurgeInputs {
  eventId?: string;
  ts?: number;
  deleteLocalEvents: boolean;
}

export const TERMINAL = new Set<PurgeTaskStatus>(["complete", "failed", "cancelled"]);

/** Above this many events the confirmation asks for the room's name to be typed. */
export const TYPED_CONFIRM_THRESHOLD = 1000;
