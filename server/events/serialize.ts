import type { StoredEvent } from "./persist-events";
import { pruneContent } from "./redaction";

export interface SerializeOptions {
  now: number;
  roomVersion: string;
}

/**
 * An event in the Matrix ClientEvent format (Synapse's legacy "client v1" shape: user_id and age
 * duplicated at the top level). Redacted events are served pruned. The pagination domain adds
 * prev_content, redacted_because, transaction_id, membership and bundled aggregations.
 */
export function serializeEvent(event: StoredEvent, options: SerializeOptions): Record<string, unknown> {
  const content = event.redactedBy ? pruneContent(event.type, event.content, options.roomVersion) : event.content;
  const age = Math.max(0, options.now - event.originServerTs);
  const out: Record<string, unknown> = {
    type: event.type,
    room_id: event.roomId,
    sender: event.sender,
    content,
    origin_server_ts: event.originServerTs,
    event_id: event.eventId,
    user_id: event.sender,
    unsigned: { age },
    age,
  };
  if (event.stateKey !== null) out.state_key = event.stateKey;
  if (event.type === "m.room.redaction" && typeof event.content.redacts === "string") out.redacts = event.content.redacts;
  if (event.redactedBy) (out.unsigned as Record<string, unknown>).redacted_by = event.redactedBy;
  return out;
}
