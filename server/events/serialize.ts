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

// Legacy "client v1" format copies these from unsigned to the top level (Synapse still does).
const V1_COPIED = ["age", "redacted_because", "replaces_state", "prev_content"] as const;

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
 * the PDU shape. Redacted events are served pruned, with the redaction in unsigned.
 */
export function serializeEvent(event: StoredEvent, options: SerializeOptions, extras: SerializeExtras = {}): Record<string, unknown> {
  const content = event.redactedBy ? pruneContent(event.type, event.content, options.roomVersion) : { ...event.content };
  const redacts = redactsField(event);
  if (redacts !== null) content.redacts = redacts;
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
  for (const key of V1_COPIED) if (key in unsigned) out[key] = unsigned[key];
  return out;
}
