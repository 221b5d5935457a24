import type { Ctx } from "../../context";
import { persistEvents, type EventDraft } from "../../events";

export interface LargeRoomOptions {
  roomId: string;
  events: number;
  /** Drafts per persistEvents call (one transaction each). */
  batch?: number;
  onProgress?: (done: number) => void;
}

/**
 * Appends `events` events to an existing room through persistEvents in large batches: messages
 * from local and remote senders, a few reactions and edits, and a topic change every 1000 events.
 */
export async function seedLargeRoom(ctx: Ctx, options: LargeRoomOptions): Promise<void> {
  const batch = options.batch ?? 4000;
  let done = 0;
  while (done < options.events) {
    const drafts: EventDraft[] = [];
    const n = Math.min(batch, options.events - done);
    for (let i = 0; i < n; i++) drafts.push(draftAt(done + i));
    await persistEvents(ctx, options.roomId, drafts);
    done += n;
    options.onProgress?.(done);
  }
}

function draftAt(i: number): EventDraft {
  const sender = i % 3 === 0 ? "@alice:test" : i % 3 === 1 ? "@carol:remote.example" : "@dave:other.example";
  if (i % 1000 === 999) return { type: "m.room.topic", stateKey: "", sender: "@alice:test", content: { topic: `topic ${i}` } };
  return { type: "m.room.message", sender, content: { msgtype: "m.text", body: `message ${i} with some text to make it realistic` } };
}
