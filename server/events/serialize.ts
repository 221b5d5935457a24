import type { StoredEvent } from "./persist-events";
import { pruneContent } from "./redaction";

export interface SerializeOptions {
  now: number;
  roomVersion: string;
}

/** What the pagination domain knows about an event beyond its row. */
export interface SerializeExtras {
  /** The state event this one replaced: unsigned.prev_content / prev_sender / replaces_state. */
  prev?: { eventId: string; sender: string; content: Record<string, unknown>; redacted: boolean } | null;
  /** The redaction event, already serialised: unsigned.redacted_because. */
  redactedBecause?: Record<string, unknown> | null;
  /** Only when the requester sent it from the same device. */
  transactionId?: string | null;
  /** MSC4115 unsigned.membership (client /messages, /context, /event; not state, not admin). */
  membership?: string | null;
  /** Federation (PDU) shape: no key removal, no v1 duplication. */
  raw?: boolean;
  /** Server admins see unsigned["io.element.synapse.soft_failed"]. */
  admin?: boolean;
}

function redactsField(event: StoredEvent): string | null {
  return event.type === "m.room.redaction" && typeof event.content.redacts === "string" ? event.content.redacts : null;
}

function unsignedOf(event: StoredEvent, options: SerializeOptions, extras: SerializeExtras): Record<string, unknown> {
  const unsigned: Record<string, unknown> = { age: Math.max(0, options.now - event.originServerTs) };
  const prev = extras.prev;
  if (event.stateKey !== null && prev) {
    unsigned.replaces_state = prev.eventId;
    unsigned.prev_content = prev.redacted ? pruneContent(event.type, prev.content, options.roomVersion) : prev.content;
    unsigned.prev_sender = prev.sender;
  }
  if (extras.transactionId) unsigned.transaction_id = extras.transactionId;
  if (event.redactedBy) {
    unsigned.redacted_by = event.redactedBy;
    if (extras.redactedBecause) unsigned.redacted_because = extras.redactedBecause;
  }
  if (extras.admin && event.softFailed) unsigned["io.element.synapse.soft_failed"] = true;
  if (extras.membership) unsigned.membership = extras.membership;
  return unsigned;
}

/**
 * An event in the Matrix ClientEvent format (Synapse's legacy "client v1" shape: user_id, age,
 * prev_content, replaces_state and redacted_because duplicated at the top level), or with `raw` in
 * the PDU shape. Redacted events are served pruned, with the redaction in unsigned. The content is
 * the event's own object unless pruning or `redacts` changes it: a page serialises a hundred of
 * these per request, and the result is only ever turned into JSON.
 */
export function serializeEvent(event: StoredEvent, options: SerializeOptions, extras: SerializeExtras = {}): Record<string, unknown> {
  const redacts = redactsField(event);
  let content = event.redactedBy ? pruneContent(event.type, event.content, options.roomVersion) : event.content;
  if (redacts !== null) content = { ...content, redacts };
  const unsigned = unsignedOf(event, options, extras);
  const out: Record<string, unknown> = {
    type: event.type,
    room_id: event.roomId,
    sender: event.sender,
    content,
    origin_server_ts: event.originServerTs,
    event_id: event.eventId,
  };
  if (event.stateKey !== null) out.state_key = event.stateKey;
  if (redacts !== null) out.redacts = redacts;
  if (extras.raw) {
    out.depth = event.depth;
    out.prev_events = event.prevEvents;
    out.unsigned = unsigned;
    return out;
  }
  out.user_id = event.sender;
  out.unsigned = unsigned;
  // The v1 format's top-level copies of age, redacted_because, replaces_state and prev_content.
  out.age = unsigned.age;
  if (unsigned.redacted_because !== undefined) out.redacted_because = unsigned.redacted_because;
  if (unsigned.replaces_state !== undefined) out.replaces_state = unsigned.replaces_state;
  if (unsigned.prev_content !== undefined) out.prev_content = unsigned.prev_content;
  return out;
}
